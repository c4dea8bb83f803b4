/**
 * Random precinct rows as the table pass sees them: a table (mapping with some counts, and independent counts,
 * mapped or not) and a batch of its rows with missing cells, fractions and negatives, for the property tests of
 * batch measurement (FactDefinition.rows) and of the generated batch functions.
 */
import fc from 'fast-check';
import type { TableInfo } from '../../src/precinct/aggregate.js';
import { StringIds, UnitBatch } from '../../src/precinct/batch.js';
import { COUNT_FIELDS, type CountField } from '../../src/schema/count-fields.js';
import { table as tableInfo } from './precinct.js';

export const CANDIDATES = ['a', 'b', 'c'];

/** A cell: mostly a plausible count, sometimes missing (NaN), negative or fractional. */
export const cell = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 1200 }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, -3, 2.5, -0) },
);

/** Which optional columns the table maps (ballots cast always is). */
export const mappedColumns = fc.record({
  registered: fc.boolean(),
  issued: fc.boolean(),
  valid: fc.boolean(),
  invalid: fc.boolean(),
  /** Candidates with independent counts (none: not mapped). */
  independent: fc.constantFrom([], ['b'], ['a', 'c']),
});
export type MappedColumns = typeof mappedColumns extends fc.Arbitrary<infer T> ? T : never;

/** One row's cells: every count field, votes and independent counts per candidate, and a repeated id's line. */
export const rowCells = fc.record({
  counts: fc.record(
    Object.fromEntries(COUNT_FIELDS.map((f) => [f, cell])) as Record<CountField, typeof cell>,
  ),
  votes: fc.array(cell, { minLength: CANDIDATES.length, maxLength: CANDIDATES.length }),
  independent: fc.array(cell, { minLength: CANDIDATES.length, maxLength: CANDIDATES.length }),
  duplicateOf: fc.option(fc.integer({ min: 2, max: 99 }), { nil: undefined }),
});
export type RowCells = typeof rowCells extends fc.Arbitrary<infer T> ? T : never;

/** A table mapping the columns chosen. */
export function tableOf(mapped: MappedColumns): TableInfo {
  const counts: Record<string, string> = { cast: 'cast' };
  for (const f of ['registered', 'issued', 'valid', 'invalid'] as const) if (mapped[f]) counts[f] = f;
  return tableInfo({
    id: { columns: ['id'] },
    levels: [],
    counts,
    candidates: CANDIDATES.map((id) => ({ id, column: id })),
    ...(mapped.independent.length > 0
      ? {
          independent: {
            kind: 'observerCount',
            columns: mapped.independent.map((candidate) => ({ candidate, column: `${candidate}Observed` })),
          },
        }
      : {}),
  });
}

/**
 * A sealed batch of the rows, as a reader fills one: unmapped counts have no array, missing cells are NaN,
 * independent counts are NaN for candidates the mapping does not cover. Row i is unit `u${i}` on line i + 2.
 */
export function batchOf(table: TableInfo, rows: readonly RowCells[]): UnitBatch {
  const k = CANDIDATES.length;
  const columns = Object.fromEntries(
    COUNT_FIELDS.map((f, j) => [f, table.mapping.counts[f] === undefined ? -1 : j]),
  ) as Record<CountField, number>;
  const covered = table.mapping.independent?.columns.map((c) => CANDIDATES.indexOf(c.candidate));
  const batch = new UnitBatch(rows.length, k, columns, covered !== undefined, []);
  rows.forEach((row, i) => {
    batch.lines[i] = i + 2;
    for (const f of COUNT_FIELDS) {
      const column = batch.counts[f];
      if (column) column[i] = row.counts[f];
    }
    for (let j = 0; j < k; j++) {
      batch.votes[i * k + j] = row.votes[j] as number;
      if (batch.independent)
        batch.independent[i * k + j] = covered?.includes(j) ? (row.independent[j] as number) : Number.NaN;
    }
    batch.duplicateOf[i] = row.duplicateOf ?? 0;
  });
  batch.size = rows.length;
  batch.seal(new StringIds(rows.map((_, i) => `u${i}`)));
  // Plain, as the CSV reader marks a batch, when every cell it would read as digits is a whole number ≥ 0.
  const digits = (v: number) => Number.isInteger(v) && v >= 0 && !Object.is(v, -0);
  batch.plain = rows.every(
    (row) =>
      COUNT_FIELDS.every((f) => table.mapping.counts[f] === undefined || digits(row.counts[f])) &&
      row.votes.every(digits) &&
      (covered ?? []).every((j) => digits(row.independent[j] as number)),
  );
  return batch;
}
