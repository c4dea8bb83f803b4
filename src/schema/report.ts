/** Zod schema of the JSON report (versioned); the Markdown and other formats are rendered from it. */
import { z } from 'zod';
import { BaselineEntrySchema } from './baseline.js';
import { LocatorSchema } from './dataset.js';
import { SeveritySchema, SubjectKindSchema } from './rule.js';

export const REPORT_VERSION = '1.0.0';

export const OutcomeSchema = z.enum(['passed', 'failed', 'notEvaluated', 'skipped']);
export type Outcome = z.infer<typeof OutcomeSchema>;

export const SubjectRefSchema = z.strictObject({
  kind: SubjectKindSchema,
  id: z.string(),
  label: z.string(),
  pointer: z.string().describe('JSON pointer of the subject in the dataset file.'),
  line: z.number().int().optional().describe('1-based line of the subject in the dataset file.'),
  column: z.number().int().optional(),
});
export type SubjectRef = z.infer<typeof SubjectRefSchema>;

/** A figure a finding rests on: its place in the dataset and where the source printed it. */
export const SourceRefSchema = z.strictObject({
  pointer: z.string().describe('JSON pointer of the figure in the dataset file.'),
  line: z.number().int().optional().describe('1-based line of the figure in the dataset file.'),
  column: z.number().int().optional(),
  printed: z.string().optional(),
  at: LocatorSchema.optional(),
  publisher: z.string().optional(),
  excerpt: z.string().optional().describe('The sentence of the source that holds the printed figure.'),
});
export type SourceRef = z.infer<typeof SourceRefSchema>;

/** One leaf condition as evaluated: the values compared and the result. */
export const ConditionEvidenceSchema = z.strictObject({
  pointer: z.string().describe('JSON pointer of the condition in the rule file.'),
  fact: z.string(),
  params: z.record(z.string(), z.unknown()).optional(),
  path: z.string().optional(),
  operator: z.string(),
  factValue: z.unknown(),
  value: z.unknown().describe("The value compared with (a constant, or another fact's value)."),
  valueFact: z.string().optional(),
  valueParams: z.record(z.string(), z.unknown()).optional(),
  result: z.boolean().nullable().describe('null when it could not be evaluated.'),
  reason: z.string().optional(),
});
export type ConditionEvidence = z.infer<typeof ConditionEvidenceSchema>;

/** One unit named in a finding on the rows of a precinct table (the sample is capped). */
export const UnitSampleSchema = z.strictObject({
  unit: z.string(),
  line: z.number().int(),
  levels: z.array(z.string()),
  outcome: z.enum(['failed', 'notEvaluated']),
  message: z.string(),
  values: z.record(z.string(), z.unknown()),
});

/** What a rule found over the rows of a precinct table. */
export const UnitEvidenceSchema = z.strictObject({
  table: z.string(),
  file: z.string(),
  checked: z.number().int().describe('Units the rule was evaluated on.'),
  passed: z.number().int(),
  failed: z.number().int(),
  notEvaluated: z.number().int(),
  skipped: z.number().int(),
  sampleCap: z.number().int().describe('At most this many units of each outcome are listed.'),
  sample: z.array(UnitSampleSchema),
});
export type UnitEvidence = z.infer<typeof UnitEvidenceSchema>;

export const EvidenceSchema = z.strictObject({
  conditions: z.array(ConditionEvidenceSchema),
  units: UnitEvidenceSchema.optional().describe('For rules on the rows of a precinct table.'),
  values: z.record(z.string(), z.unknown()).describe('Every fact value the rule used, by fact id.'),
  details: z
    .record(z.string(), z.unknown())
    .describe('What each fact reported beside its value, by fact id.'),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

/** The result of one rule on one subject. */
export const RuleOutcomeSchema = z.strictObject({
  ruleId: z.string(),
  subject: SubjectRefSchema,
  outcome: OutcomeSchema,
  reasons: z.array(z.string()).optional().describe('Why it was not evaluated or skipped.'),
  message: z.string().optional(),
  evidence: EvidenceSchema.optional(),
  sources: z.array(SourceRefSchema).optional(),
});
export type RuleOutcome = z.infer<typeof RuleOutcomeSchema>;

export const FindingSchema = z.strictObject({
  fingerprint: z.string().describe('sha256 of rule id and subject id, stable across runs.'),
  ruleId: z.string(),
  severity: SeveritySchema,
  outcome: z.enum(['failed', 'notEvaluated']),
  subject: SubjectRefSchema,
  message: z.string(),
  reasons: z.array(z.string()).optional(),
  evidence: EvidenceSchema,
  sources: z.array(SourceRefSchema),
  rule: z.strictObject({ file: z.string(), pointer: z.string() }),
  suppression: z
    .strictObject({
      baseline: z.string().describe('The baseline file that accepted this finding.'),
      justification: z.string(),
      acceptedBy: z.string(),
      expires: z.string().optional(),
    })
    .optional()
    .describe(
      'Present when a baseline entry accepted this finding: it is reported but does not fail the gate.',
    ),
});
export type Finding = z.infer<typeof FindingSchema>;

const CountsSchema = z.strictObject({
  passed: z.number().int(),
  failed: z.number().int(),
  notEvaluated: z.number().int(),
  skipped: z.number().int(),
});
export type Counts = z.infer<typeof CountsSchema>;

const BySeveritySchema = z.strictObject({
  error: z.number().int(),
  warning: z.number().int(),
  info: z.number().int(),
});

/** A baseline entry as the report lists it: the entry and where it sits in the baseline file. */
export const BaselineEntryRefSchema = BaselineEntrySchema.extend({
  pointer: z.string().describe('JSON pointer of the entry in the baseline file.'),
  line: z.number().int().optional().describe('1-based line of the entry in the baseline file.'),
});
export type BaselineEntryRef = z.infer<typeof BaselineEntryRefSchema>;

/** What the baseline did in this run: present only when the run used one. */
export const BaselineSectionSchema = z.strictObject({
  file: z.string(),
  entries: z.number().int().describe('Entries in the baseline file.'),
  matched: z.number().int().describe('Unexpired entries that accepted a finding of this run.'),
  stale: z
    .array(BaselineEntryRefSchema)
    .describe(
      'Unexpired entries of a rule that ran that match no finding: the finding is gone, or its evidence changed.',
    ),
  expired: z
    .array(
      BaselineEntryRefSchema.extend({
        matchesFinding: z.boolean().describe('Whether it would still match a finding of this run.'),
      }),
    )
    .describe('Entries of a rule that ran, past their expiry date: they accept nothing until renewed.'),
  notChecked: z
    .array(BaselineEntryRefSchema)
    .optional()
    .describe(
      'Entries whose rule was not loaded in this run (another pack): not matched, not stale, not expired, ' +
        'kept as they are by --update-baseline. Present whenever a baseline was used.',
    ),
});
export type BaselineSection = z.infer<typeof BaselineSectionSchema>;

export const FailOnSchema = z.enum(['error', 'warning', 'info', 'never']);
export type FailOn = z.infer<typeof FailOnSchema>;

export const ReportSchema = z.strictObject({
  reportVersion: z.literal(REPORT_VERSION),
  tool: z.strictObject({ name: z.literal('tallycheck'), version: z.string() }),
  generatedAt: z.string().optional().describe('Only when the run asked for a timestamp.'),
  inputs: z.strictObject({
    dataset: z.strictObject({ file: z.string(), sha256: z.string(), id: z.string() }),
    tables: z
      .array(
        z.strictObject({
          id: z.string(),
          file: z.string(),
          mapping: z.string(),
          sha256: z.string(),
          rows: z.number().int().describe('Data rows read.'),
          used: z.number().int().describe('Rows whose unit entered the audit.'),
          rejected: z.number().int().describe('Rows left out (every reason is among the problems).'),
          cellsMissing: z
            .number()
            .int()
            .describe('Cells left empty or marked missing (counted, not rejected).'),
          cellsReadAsZero: z
            .array(
              z.strictObject({
                candidate: z.string(),
                column: z.string(),
                cells: z.number().int().describe('Empty cells of the column read as 0 votes.'),
              }),
            )
            .optional()
            .describe(
              'Candidates whose mapping says an empty cell means 0 votes (emptyMeans "zero": not on the ballot ' +
                'there), each with how many cells were read that way; only when the mapping has such a candidate.',
            ),
          problemsTotal: z.number().int(),
          problems: z
            .array(
              z.strictObject({
                code: z.string(),
                line: z.number().int().optional(),
                column: z.string().optional(),
                message: z.string(),
                found: z.string().optional(),
                expected: z.string().optional(),
              }),
            )
            .describe('The first problems met in the table (capped; problemsTotal counts all).'),
        }),
      )
      .optional(),
    rules: z.array(z.strictObject({ id: z.string(), file: z.string(), sha256: z.string() })),
  }),
  election: z.strictObject({
    title: z.string().optional(),
    country: z.string(),
    office: z.string(),
    date: z.string(),
    kind: z.string(),
    winThreshold: z
      .strictObject({ share: z.number(), strict: z.boolean() })
      .optional()
      .describe('The share needed to win outright in this round, when the dataset records one.'),
  }),
  summary: z.strictObject({
    failOn: FailOnSchema,
    gate: z.enum(['pass', 'fail']),
    findings: BySeveritySchema.describe('Failed checks by severity.'),
    notEvaluated: BySeveritySchema.describe('Checks that could not be evaluated, by the rule severity.'),
    outcomes: CountsSchema,
    suppressed: BySeveritySchema.optional().describe(
      'Findings (failed or not evaluated) accepted by the baseline, by severity; only when a baseline was used.',
    ),
  }),
  baseline: BaselineSectionSchema.optional(),
  rules: z.array(
    z.strictObject({
      id: z.string(),
      title: z.string(),
      severity: SeveritySchema,
      scope: SubjectKindSchema,
      file: z.string(),
      rationale: z.string(),
      references: z.array(z.strictObject({ title: z.string(), url: z.string().optional() })),
      counts: CountsSchema,
    }),
  ),
  findings: z.array(FindingSchema),
  outcomes: z.array(RuleOutcomeSchema),
});
export type Report = z.infer<typeof ReportSchema>;
