/** Zod schema of a dataset: one election's published figures, each with its printed form and locator. */
import { z } from 'zod';
import { WebUrlSchema } from './web-url.js';

/** A stable identifier: lower-case kebab-case, safe in file names, URLs and JSON pointers. */
export const IdSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a kebab-case id such as "cec-release-1"')
  .max(100);

/** A calendar date (YYYY-MM-DD) or a date-time with an optional UTC offset. */
export const DateTimeSchema = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})?)?$/,
    'an ISO 8601 date ("2024-02-07") or date-time ("2024-02-07T19:00+04:00")',
  )
  .refine(isRealDateTime, 'a date and time that exist (not "2024-02-30" or "T25:00")');

/** Whether the calendar date and the time of an ISO string exist. */
function isRealDateTime(text: string): boolean {
  const [y, m, d] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  const time = /T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(text);
  return !time || (Number(time[1]) < 24 && Number(time[2]) < 60 && Number(time[3] ?? 0) < 60);
}

/** Where a figure was printed: a source of the dataset and the paragraph (1-based, blank-line separated). */
export const LocatorSchema = z.strictObject({
  source: IdSchema.describe('Id of an entry in `sources`.'),
  paragraph: z.number().int().min(1).describe('1-based paragraph of the source text.'),
});
export type Locator = z.infer<typeof LocatorSchema>;

/** A number as published: its value, the text it was printed as, and where. */
export const FigureSchema = z.strictObject({
  value: z.number().describe('The figure as a number (a percentage is 92.05, not 0.9205).'),
  printed: z
    .string()
    .min(1)
    .max(200)
    .describe(
      'The figure exactly as printed ("92.05", "49,1", "412.345", "two percent"); it fixes the precision, and the value says how it reads.',
    ),
  at: LocatorSchema,
});
export type Figure = z.infer<typeof FigureSchema>;

/** A date as published. */
export const DateFigureSchema = z.strictObject({
  value: DateTimeSchema,
  printed: z.string().min(1).max(200),
  at: LocatorSchema,
});
export type DateFigure = z.infer<typeof DateFigureSchema>;

export const SourceSchema = z.strictObject({
  id: IdSchema,
  publisher: z.string().min(1).max(500),
  title: z.string().max(1000).optional(),
  date: DateTimeSchema.optional(),
  url: WebUrlSchema.optional(),
  file: z.string().max(1000).optional().describe('Path of the source text, relative to the dataset file.'),
});
export type Source = z.infer<typeof SourceSchema>;

export const ElectionSchema = z.strictObject({
  country: z.string().min(1).max(200),
  office: z.string().min(1).max(200),
  date: DateTimeSchema.describe('Election day.'),
  datePrinted: DateFigureSchema.optional().describe('Election day as the source printed it.'),
  kind: z.string().min(1).max(200).describe('For example "regular", "extraordinary", "runoff".'),
  round: z.number().int().min(1).optional(),
  pollsClose: DateTimeSchema.optional().describe('When polls closed; date-time with offset when known.'),
  winThreshold: z
    .strictObject({
      share: z.number().gt(0).lt(100).describe('Share of votes needed to win outright, in percent.'),
      strict: z.boolean().describe('true: more than the share; false: at least the share.'),
      basis: z.string().max(1000).optional(),
      at: LocatorSchema.optional(),
    })
    .optional()
    .describe(
      'The share needed to win in this round, when the law sets one (absolute majority: 50, strict).',
    ),
});

export const CandidateSchema = z.strictObject({
  id: IdSchema,
  name: z.string().min(1).max(500),
  party: z.string().max(500).optional(),
  at: LocatorSchema.optional(),
});
export type Candidate = z.infer<typeof CandidateSchema>;

export const ProgressUnitSchema = z.enum(['ballots', 'pollingStations', 'protocols', 'unknown']);
export type ProgressUnit = z.infer<typeof ProgressUnitSchema>;

/** A count of units processed out of all units, as the source printed both. */
export const ProgressTallySchema = z.strictObject({
  processed: FigureSchema.describe('Units processed so far.'),
  total: FigureSchema.describe('Units in all.'),
});
export type ProgressTally = z.infer<typeof ProgressTallySchema>;

export const ProgressSchema = z.strictObject({
  share: FigureSchema.describe('Share processed, in percent.'),
  counts: ProgressUnitSchema.describe(
    'What the processed share counts; "unknown" when the source does not say.',
  ),
  numerator: FigureSchema.optional(),
  denominator: FigureSchema.optional(),
  ballots: ProgressTallySchema.optional().describe(
    'Ballots processed and in all, when the source gives them beside the share (whatever it counts).',
  ),
  stations: ProgressTallySchema.optional().describe(
    'Polling stations (or their protocols) processed and in all, when the source gives them beside the share.',
  ),
});

export const ResultSchema = z.strictObject({
  candidate: IdSchema,
  votes: FigureSchema.optional(),
  share: FigureSchema.optional().describe('Share of the vote in percent.'),
});
export type Result = z.infer<typeof ResultSchema>;

/** Why figures changed since an earlier release: the kinds of cause a commission records. */
export const ChangeKindSchema = z.enum(['annulment', 'recount', 'correction', 'other']);
export type ChangeKind = z.infer<typeof ChangeKindSchema>;

/** A recorded cause of a change since the previous release of the same authority (annulled units, a recount). */
export const ChangeSchema = z.strictObject({
  kind: ChangeKindSchema,
  description: z.string().min(1).max(2000).describe('The cause as the source states it, quoted in findings.'),
  candidates: z
    .array(IdSchema)
    .min(1)
    .optional()
    .describe("Candidates whose figures the change touches; every candidate's when absent."),
  units: z
    .array(z.string().min(1).max(200))
    .max(10000)
    .optional()
    .describe('Polling stations or districts concerned, as the source names them.'),
  at: LocatorSchema.optional(),
});
export type Change = z.infer<typeof ChangeSchema>;

export const ReleaseSchema = z.strictObject({
  id: IdSchema,
  authority: z.string().min(1).max(500),
  asOf: DateTimeSchema.optional().describe(
    'When the release was current; the source date bounds it when absent.',
  ),
  source: IdSchema.describe('The source that reports this release.'),
  status: z.enum(['preliminary', 'final']),
  progress: ProgressSchema.optional(),
  registeredVoters: FigureSchema.optional(),
  ballotsCast: FigureSchema.optional(),
  turnout: FigureSchema.optional(),
  validBallots: FigureSchema.optional(),
  invalidBallots: FigureSchema.optional(),
  results: z.array(ResultSchema).min(1),
  changes: z
    .array(ChangeSchema)
    .optional()
    .describe('Recorded causes of changes since the previous release of the same authority.'),
});
export type Release = z.infer<typeof ReleaseSchema>;

export const EstimateKindSchema = z.enum(['exitPoll', 'quickCount', 'preElectionPoll', 'observerCount']);

export const EstimateSchema = z.strictObject({
  id: IdSchema,
  kind: EstimateKindSchema,
  pollsters: z.array(z.string().min(1).max(500)).min(1),
  at: LocatorSchema,
  fieldwork: z.strictObject({ from: DateTimeSchema, to: DateTimeSchema }).optional(),
  sampleSize: FigureSchema.optional().describe('Respondents (or ballots, for a quick count).'),
  stations: FigureSchema.optional().describe('Polling stations sampled.'),
  districts: FigureSchema.optional().describe('Districts (constituencies) sampled.'),
  note: z.string().max(2000).optional(),
  shares: z.array(z.strictObject({ candidate: IdSchema, share: FigureSchema })).min(1),
});
export type Estimate = z.infer<typeof EstimateSchema>;

export const MissionSchema = z.strictObject({
  id: IdSchema,
  organisation: z.string().min(1).max(500),
  from: DateFigureSchema,
  to: DateFigureSchema,
  observers: FigureSchema.optional(),
});
export type Mission = z.infer<typeof MissionSchema>;

/** What a leader claim says of the candidate's outcome, beyond leading the count. */
export const LeaderOutcomeSchema = z.enum(['leads', 'wins', 'winsOutright', 'fallsShort']);
export type LeaderOutcome = z.infer<typeof LeaderOutcomeSchema>;

export const ClaimSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    id: IdSchema,
    kind: z.literal('candidateCount'),
    count: FigureSchema,
    at: LocatorSchema,
  }),
  z.strictObject({
    id: IdSchema,
    kind: z.literal('leader'),
    candidate: IdSchema,
    release: IdSchema.optional().describe('The release the claim is about; the latest one when absent.'),
    outcome: LeaderOutcomeSchema.optional().describe(
      'What the source says beyond the lead: "wins" (the race is called for the candidate), "winsOutright" (won in this round with the share the law requires), "fallsShort" (short of that share: a runoff); "leads" or absent: only that the candidate leads.',
    ),
    at: LocatorSchema,
  }),
  z.strictObject({
    id: IdSchema,
    kind: z.literal('statement'),
    text: z.string().min(1).max(2000),
    figures: z.array(FigureSchema).optional(),
    at: LocatorSchema,
  }),
]);
export type Claim = z.infer<typeof ClaimSchema>;

/** A precinct table of the dataset: the file, its mapping, and the release its units roll up to. */
export const PrecinctTableSchema = z.strictObject({
  id: IdSchema,
  table: z
    .string()
    .min(1)
    .max(1000)
    .describe('Path of the CSV or NDJSON table, relative to the dataset file.'),
  mapping: z.string().min(1).max(1000).describe('Path of the mapping file, relative to the dataset file.'),
  release: IdSchema.optional().describe('The release whose totals and shares the units should add up to.'),
  source: IdSchema.optional().describe('The source that published the table.'),
  description: z.string().max(2000).optional(),
});
export type PrecinctTable = z.infer<typeof PrecinctTableSchema>;

/** A whole dataset file. */
export const DatasetSchema = z.strictObject({
  $schema: z.string().optional(),
  schemaVersion: z.literal(1),
  id: IdSchema,
  title: z.string().max(1000).optional(),
  election: ElectionSchema,
  sources: z.array(SourceSchema).min(1),
  candidates: z.array(CandidateSchema).min(1),
  releases: z.array(ReleaseSchema).default([]),
  estimates: z.array(EstimateSchema).default([]),
  missions: z.array(MissionSchema).default([]),
  claims: z.array(ClaimSchema).default([]),
  precincts: z
    .array(PrecinctTableSchema)
    .default([])
    .describe('Precinct tables (one row per polling station) whose units roll up to a release.'),
});
export type Dataset = z.infer<typeof DatasetSchema>;
