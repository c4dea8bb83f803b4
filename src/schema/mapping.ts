/** Zod schema of a precinct-table mapping: which column of a CSV or NDJSON table holds which count. */
import { z } from 'zod';
import { COUNT_FIELDS, type CountField } from './count-fields.js';
import { IdSchema } from './dataset.js';
import { THOUSANDS_SEPARATORS } from './thousands-separators.js';

/** A column name exactly as the table's header (CSV) or keys (NDJSON) spell it. */
export const ColumnNameSchema = z
  .string()
  .min(1)
  .max(200)
  .describe('A column name exactly as the header spells it (case and spaces matter).');

/** How the table is written: delimited text (RFC 4180 quoting) or one JSON object per line. */
export const TableFormatSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('csv'),
    delimiter: z
      .string()
      .length(1)
      .refine((d) => !'"\r\n'.includes(d) && d.charCodeAt(0) < 128, 'one ASCII character other than " CR LF')
      .default(',')
      .describe('Field separator: "," (default), ";" or "\\t". Fields may be quoted with ", as in RFC 4180.'),
    headerLine: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .optional()
      .describe(
        'The line the header is on, when lines above it (a title, notes) come first: they are skipped whole. ' +
          '1 when absent.',
      ),
  }),
  z.strictObject({
    type: z.literal('ndjson'),
  }),
]);
export type TableFormat = z.infer<typeof TableFormatSchema>;

/** The column(s) that identify a unit; several columns are joined with the separator. */
export const UnitIdSchema = z.strictObject({
  columns: z
    .array(ColumnNameSchema)
    .min(1)
    .max(10)
    .describe(
      'Columns that together identify a unit (polling station), outermost first, e.g. ' +
        '["Prefectures", "Communes", "Precincts"] when precinct numbers repeat across communes.',
    ),
  separator: z
    .string()
    .min(1)
    .max(10)
    .default('/')
    .describe('Text put between the parts of a composite id ("/" by default).'),
});

/** One level of the hierarchy above the unit (region, district ...). */
export const LevelSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z][a-zA-Z0-9]*$/, 'a camelCase name such as "region"')
    .max(50)
    .describe('Name of the level, camelCase ("region", "district", "commune").'),
  column: ColumnNameSchema,
});
export type Level = z.infer<typeof LevelSchema>;

/** The unit-level totals a protocol records; each is optional because commissions publish different ones. */
export const CountsSchema = z.strictObject({
  registered: ColumnNameSchema.optional().describe('Voters on the register of the unit.'),
  issued: ColumnNameSchema.optional().describe('Ballots issued to voters.'),
  cast: ColumnNameSchema.optional().describe('Ballots cast (found in the boxes), the turnout numerator.'),
  valid: ColumnNameSchema.optional().describe('Valid ballots.'),
  invalid: ColumnNameSchema.optional().describe('Invalid (spoiled, null, blank) ballots.'),
});
export type Counts = z.infer<typeof CountsSchema>;

export { COUNT_FIELDS, type CountField };

/** A candidate (or party list) and the column of its votes. */
export const CandidateColumnSchema = z.strictObject({
  id: IdSchema.describe('Candidate id, kebab-case; the same id as in the dataset when one covers the table.'),
  column: ColumnNameSchema,
  name: z.string().min(1).max(500).optional().describe('Display name, when the column name is a code.'),
  emptyMeans: z
    .enum(['missing', 'zero'])
    .optional()
    .describe(
      'What an empty cell in this column means. "missing" (when absent): the votes are unknown, and the checks ' +
        'that need them are not evaluated for the unit. "zero": the candidate was not on the ballot there (a ' +
        'party that runs in some regions only), so the cell is read as 0 votes; the report counts the cells ' +
        'read that way. Only an empty cell (or, in NDJSON, null or no key): a listed missing value such as ' +
        '"NA" stays missing.',
    ),
});
export type CandidateColumn = z.infer<typeof CandidateColumnSchema>;

/** Counts from a source other than the commission, per candidate, for the same units. */
export const IndependentCountsSchema = z.strictObject({
  kind: z
    .enum(['observerCount', 'photoVerified', 'parallelCount', 'other'])
    .describe(
      'Where the counts come from: observers at the count, photographed protocols, a parallel count.',
    ),
  description: z.string().max(2000).optional().describe('Who counted and how, quoted in findings.'),
  columns: z
    .array(z.strictObject({ candidate: IdSchema, column: ColumnNameSchema }))
    .min(1)
    .max(1000)
    .describe('Column of the independent count for each covered candidate.'),
});
export type IndependentCounts = z.infer<typeof IndependentCountsSchema>;

/** The thousands separators a mapping can declare. */
export const ThousandsSeparatorSchema = z.enum(THOUSANDS_SEPARATORS);

/** A whole mapping file. */
export const MappingSchema = z
  .strictObject({
    $schema: z.string().optional(),
    schemaVersion: z.literal(1),
    format: TableFormatSchema.default({ type: 'csv', delimiter: ',' }).describe(
      'How the table is written; CSV with "," when absent.',
    ),
    missingValues: z
      .array(z.string().max(50))
      .max(20)
      .default(['', 'NA'])
      .describe(
        'Cell texts that mean "no value" (compared after trimming spaces), e.g. ["", "NA", "-"]. ' +
          'A missing count or vote is reported and left out; a missing id or level rejects the row.',
      ),
    thousandsSeparator: ThousandsSeparatorSchema.optional().describe(
      'How counts group their thousands, when they do ("1,234", "1.234", "1 234", "1\'234"): a count whose ' +
        'digits are grouped in threes with this separator is read as the whole number. " " also accepts the ' +
        'no-break spaces (U+00A0, U+202F) French and other locales print.',
    ),
    id: UnitIdSchema,
    levels: z
      .array(LevelSchema)
      .max(10)
      .default([])
      .describe('Levels above the unit, outermost first (e.g. region, then district).'),
    counts: CountsSchema.default({}),
    candidates: z
      .array(CandidateColumnSchema)
      .min(1)
      .max(5000)
      .describe('Candidates in report order; an array, so the order survives any JSON reader.'),
    independent: IndependentCountsSchema.optional().describe(
      'Independent per-candidate counts; one above the official count is a contradiction.',
    ),
  })
  .superRefine((mapping, ctx) => {
    const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const candidateIds = new Set<string>();
    mapping.candidates.forEach((c, i) => {
      if (candidateIds.has(c.id)) issue(['candidates', i, 'id'], `candidate id "${c.id}" is listed twice`);
      candidateIds.add(c.id);
    });
    const levelNames = new Set<string>();
    mapping.levels.forEach((level, i) => {
      if (levelNames.has(level.name)) issue(['levels', i, 'name'], `level "${level.name}" is listed twice`);
      levelNames.add(level.name);
    });
    // A column can be both an id part and a level (Albania's Prefectures), but a number column has one role.
    const numberColumns = new Map<string, string>();
    const claim = (column: string, role: string, path: PropertyKey[]) => {
      const other = numberColumns.get(column);
      if (other !== undefined) issue(path, `column "${column}" is already mapped as ${other}`);
      else numberColumns.set(column, role);
    };
    for (const field of COUNT_FIELDS) {
      const column = mapping.counts[field];
      if (column !== undefined) claim(column, `counts.${field}`, ['counts', field]);
    }
    mapping.candidates.forEach((c, i) =>
      claim(c.column, `the votes of "${c.id}"`, ['candidates', i, 'column']),
    );
    const covered = new Set<string>();
    mapping.independent?.columns.forEach((entry, i) => {
      const path = ['independent', 'columns', i];
      if (!candidateIds.has(entry.candidate))
        issue([...path, 'candidate'], `"${entry.candidate}" is not one of the mapped candidates`);
      if (covered.has(entry.candidate)) issue([...path, 'candidate'], `"${entry.candidate}" is listed twice`);
      covered.add(entry.candidate);
      claim(entry.column, `the independent count of "${entry.candidate}"`, [...path, 'column']);
    });
  });
export type Mapping = z.infer<typeof MappingSchema>;
