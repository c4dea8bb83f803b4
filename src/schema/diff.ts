/** Zod schema of the JSON diff (versioned): what changed between two datasets or two releases, with verdicts. */
import { z } from 'zod';
import { ChangeKindSchema } from './dataset.js';
import { FailOnSchema } from './report.js';
import { SeveritySchema, SubjectKindSchema } from './rule.js';

export const DIFF_VERSION = '1.0.0';

/** One side of the comparison: a dataset file, and the release compared when two releases of one file are. */
export const DiffSideSchema = z.strictObject({
  file: z.string(),
  sha256: z.string(),
  dataset: z.string().describe('The dataset id.'),
  release: z.string().optional().describe('The release compared, in release mode.'),
});

/** A figure on one side: its value, its printed form, and where it sits in that side's file. */
export const FigureStateSchema = z.strictObject({
  value: z.number(),
  printed: z.string(),
  pointer: z.string().describe("JSON pointer of the figure in that side's file."),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});
export type FigureState = z.infer<typeof FigureStateSchema>;

/** A figure added, removed or changed (in value or in printed form). */
export const FigureChangeSchema = z.strictObject({
  change: z.enum(['added', 'removed', 'changed']),
  key: z
    .string()
    .describe(
      'Stable key of the figure, array entries named by id or candidate: "releases[r2]/results[a]/votes".',
    ),
  release: z.string().optional(),
  estimate: z.string().optional(),
  candidate: z.string().optional(),
  field: z
    .string()
    .describe('What the figure is, below its release, estimate or result: "votes", "turnout".'),
  old: FigureStateSchema.optional(),
  new: FigureStateSchema.optional(),
  delta: z.number().optional().describe('New value minus old value, for a changed figure.'),
  plusMinus: z
    .number()
    .optional()
    .describe(
      "The delta's rounding uncertainty, for a changed figure: half a unit of each figure's printed precision, " +
        'added (0 for whole counts printed in full, "two percent" carries 0.5).',
    ),
  withinRounding: z
    .boolean()
    .optional()
    .describe('For a changed figure: true when |delta| <= plusMinus, so the change is not established.'),
});
export type FigureChange = z.infer<typeof FigureChangeSchema>;

const ReleaseStateSchema = z.strictObject({
  status: z.enum(['preliminary', 'final']),
  asOf: z.string().optional(),
  pointer: z.string(),
});

/**
 * A release present in either file, with the causes of change the new file records for it. In release mode the
 * one entry is the new release, its `old` state that of the old release.
 */
export const ReleaseChangeSchema = z.strictObject({
  release: z.string(),
  change: z.enum(['added', 'removed', 'changed', 'unchanged']),
  old: ReleaseStateSchema.optional(),
  new: ReleaseStateSchema.optional(),
  recordedCauses: z.array(
    z.strictObject({ kind: ChangeKindSchema, description: z.string(), pointer: z.string() }),
  ),
});
export type ReleaseChange = z.infer<typeof ReleaseChangeSchema>;

/** A finding of the time rules on the combined data, its places mapped back to the file each came from. */
export const VerdictSchema = z.strictObject({
  fingerprint: z.string(),
  ruleId: z.string(),
  severity: SeveritySchema,
  outcome: z.enum(['failed', 'notEvaluated']),
  subject: z.strictObject({ kind: SubjectKindSchema, id: z.string(), label: z.string() }),
  message: z.string(),
  locations: z.array(z.strictObject({ side: z.enum(['old', 'new']), file: z.string(), pointer: z.string() })),
});
export type Verdict = z.infer<typeof VerdictSchema>;

const BySeveritySchema = z.strictObject({
  error: z.number().int(),
  warning: z.number().int(),
  info: z.number().int(),
});

const CountsSchema = z.strictObject({
  added: z.number().int(),
  removed: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int(),
});

const OutcomesSchema = z.strictObject({
  passed: z.number().int(),
  failed: z.number().int(),
  notEvaluated: z.number().int(),
  skipped: z.number().int().describe('Checks of a rule that does not apply to the subject.'),
});

/** The whole diff document. */
export const DiffSchema = z.strictObject({
  diffVersion: z.literal(DIFF_VERSION),
  tool: z.strictObject({ name: z.literal('tallycheck'), version: z.string() }),
  generatedAt: z.string().optional().describe('Only when the run asked for a timestamp.'),
  mode: z.enum(['files', 'releases']).describe('Two dataset files, or two releases of one file.'),
  old: DiffSideSchema,
  new: DiffSideSchema,
  summary: z.strictObject({
    figures: CountsSchema,
    releases: CountsSchema.describe('Releases by id (in release mode: the one pair, changed).'),
    failOn: FailOnSchema,
    gate: z.enum(['pass', 'fail']),
    findings: BySeveritySchema.describe('Failed checks of the verdicts, by severity.'),
    notEvaluated: BySeveritySchema,
    outcomes: OutcomesSchema.describe(
      'Checks of the time rules by outcome, one per rule and subject; none passed, failed or not evaluated means nothing was checked.',
    ),
  }),
  releases: z.array(ReleaseChangeSchema),
  figures: z.array(FigureChangeSchema),
  verdicts: z.strictObject({
    rules: z.array(
      z.strictObject({
        id: z.string(),
        file: z.string(),
        sha256: z.string(),
        counts: OutcomesSchema.describe(
          "The rule's checks by outcome; none passed, failed or not evaluated: it applied to nothing here.",
        ),
      }),
    ),
    combined: z
      .string()
      .describe('What the rules ran on: the releases of both files, or the two releases compared.'),
    findings: z.array(VerdictSchema),
  }),
});
export type Diff = z.infer<typeof DiffSchema>;
