/**
 * A unit fact measured over a whole batch of a table's rows at once (FactDefinition.rows): the table pass's
 * fast path. The facts that run on every row of a table read the batch's typed arrays in one loop, rather than
 * build a `{ value, detail }` object per row; `compute` still explains the rows a finding lists.
 */

import type { TableInfo } from '../precinct/aggregate.js';
import type { UnitBatch } from '../precinct/batch.js';
import type { CountField } from '../schema/count-fields.js';

/** The row has a value (in `values`). */
export const ROW_VALUE = 0;
/** `compute` would say "unknown" for the row. */
export const ROW_UNKNOWN = 1;
/** `compute` would say "notApplicable" for the row. */
export const ROW_NOT_APPLICABLE = 2;

/** The measurements of a batch's rows, by row: a status (ROW_VALUE ...) and, where it is ROW_VALUE, a value. */
export class RowValues {
  values = new Float64Array(0);
  status = new Uint8Array(0);

  /** Makes room for n rows (the contents are then undefined until written). */
  ensure(n: number): void {
    if (this.values.length >= n) return;
    this.values = new Float64Array(n);
    this.status = new Uint8Array(n);
  }

  /** Gives rows [0, n) the same status (a fact that does not apply to the table: every row). */
  fill(status: number, n: number): void {
    this.status.fill(status, 0, n);
  }
}

/** A count column of the batch; undefined when the table maps no column to the field (notApplicable). */
export function countColumn(batch: UnitBatch, table: TableInfo, field: CountField): Float64Array | undefined {
  if (table.mapping.counts[field] === undefined) return undefined;
  // A mapped field always has an array in a batch of the table; an empty one only if a reader changed that,
  // and then each row reads as missing (unknown), as a unit's undefined count does.
  return batch.counts[field] ?? new Float64Array(batch.size).fill(Number.NaN);
}

/** Row i's candidate votes added up, leaving out missing ones (NaN); rowVotesMissing says whether there were any. */
export function rowVoteSum(batch: UnitBatch, i: number): number {
  const { votes, candidates: k } = batch;
  let sum = 0;
  for (let at = i * k, end = at + k; at < end; at++) {
    const x = votes[at] as number;
    if (!Number.isNaN(x)) sum += x;
  }
  return sum;
}

/** Whether any of row i's candidate votes is missing. */
export function rowVotesMissing(batch: UnitBatch, i: number): boolean {
  if (batch.plain) return false;
  const { votes, candidates: k } = batch;
  for (let at = i * k, end = at + k; at < end; at++) if (Number.isNaN(votes[at] as number)) return true;
  return false;
}
