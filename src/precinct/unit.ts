/** Turns one row's cells into a unit of a batch, reporting bad cells; shared by the CSV and NDJSON readers. */
import { COUNT_FIELDS } from '../schema/count-fields.js';
import type { Mapping } from '../schema/mapping.js';
import { type IdSource, LevelDictionary, UnitBatch } from './batch.js';
import type { BufferSource } from './buffers.js';
import type { ColumnPlan } from './columns.js';
import { IdIndex } from './id-index.js';
import {
  duplicateId,
  invalidNumber,
  missingKey,
  missingValue,
  type ReadStats,
  type RowProblem,
  recordProblem,
} from './problems.js';
import { ungrouped } from './thousands.js';

export type { Unit, UnitCounts } from './batch.js';

/** Result status of Cells.number: a number, a missing-value marker, or text that is not a number. */
export const CELL = { ok: 0, missing: 1, invalid: 2 } as const;

/** Cell access for one row of either format; `number` sets `status` to one of CELL. */
export interface Cells {
  status: number;
  text(k: number): string;
  number(k: number): number;
  /** Whether column k holds no id or level: blank, or one of the mapping's missing values. */
  isMissingKey(k: number): boolean;
  /** The code of column k's text in the level dictionary. */
  levelCode(k: number, dictionary: LevelDictionary): number;
  /** Sets keyBuf[keyStart, keyEnd) to the UTF-8 bytes of the row's id (columns joined by the separator). */
  idKey(columns: readonly number[]): void;
  keyBuf: Uint8Array;
  keyStart: number;
  keyEnd: number;
  /** The row's id as text, for messages. */
  idText(columns: readonly number[]): string;
  /** Starts recording ids for a batch of `capacity` rows. */
  startIds(capacity: number, columns: readonly number[]): void;
  /** Records the row's id as row `row` of the batch. */
  keepId(row: number, columns: readonly number[]): void;
  /** The recorded ids of the batch. */
  sealIds(): IdSource;
}

// No exponent: a count written "1.2E+06" lost its digits in a spreadsheet's export, and is refused with a hint.
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;

/**
 * Parses cell text that the fast path did not take: a missing marker, a number (with its thousands grouped,
 * when `grouped` is the mapping's groupedNumber), or invalid.
 */
export function parseCellText(
  cells: Cells,
  text: string,
  missing: ReadonlySet<string>,
  grouped: RegExp | null = null,
): number {
  const trimmed = text.trim();
  if (missing.has(trimmed)) {
    cells.status = CELL.missing;
    return Number.NaN;
  }
  if (grouped?.test(trimmed)) {
    cells.status = CELL.ok;
    return Number(ungrouped(trimmed));
  }
  if (NUMBER.test(trimmed)) {
    const value = Number(trimmed);
    // Beyond 2^53 a double no longer holds every whole number: "9007199254740993" would read as ...992.
    if (Math.abs(value) <= Number.MAX_SAFE_INTEGER) {
      cells.status = CELL.ok;
      return value;
    }
  }
  cells.status = CELL.invalid;
  return Number.NaN;
}

/** State shared across the rows of one file. */
export interface UnitContext {
  file: string;
  mapping: Mapping;
  plan: ColumnPlan;
  missing: ReadonlySet<string>;
  stats: ReadStats;
  maxProblems: number;
  /** Where batches' buffers come from (see buffers.ts); fresh ones when absent. */
  buffers?: BufferSource;
  /** Whether to remember ids and flag repeats (see id-index.ts: runs of consecutive numbered ids cost nothing per unit, other ids about 8 to 24 bytes plus the id). */
  checkIds: boolean;
}

/** Records a row problem. */
export function report(ctx: UnitContext, problem: RowProblem): void {
  recordProblem(ctx.stats, problem, ctx.maxProblems);
}

/**
 * Writes rows into batches, reporting every bad cell, and remembers ids to flag repeats. A row is rejected
 * (build returns false) for a missing id part or level, or a cell that is neither a number nor a missing
 * value; a missing count or vote leaves the row in use, without that value (NaN in the batch).
 */
export class UnitBuilder {
  private rejected = false;
  private line = 0;
  private readonly ids = new IdIndex();
  readonly dictionaries: LevelDictionary[];
  /** Column of each count in COUNT_FIELDS order, -1 where unmapped. */
  private readonly countColumns: number[];
  /** Per candidate, the id under which an empty cell is counted as read as 0 (emptyMeans "zero"), or null. */
  private readonly zeroWhenEmpty: (string | null)[];

  constructor(private readonly ctx: UnitContext) {
    this.dictionaries = ctx.plan.levels.map(() => new LevelDictionary());
    this.countColumns = COUNT_FIELDS.map((f) => ctx.plan.counts[f]);
    this.zeroWhenEmpty = ctx.mapping.candidates.map((c) => (c.emptyMeans === 'zero' ? c.id : null));
  }

  /** An empty batch for this table; `cells` starts recording its ids. */
  newBatch(cells: Cells, capacity: number): UnitBatch {
    const { plan } = this.ctx;
    cells.startIds(capacity, plan.id);
    return new UnitBatch(
      capacity,
      plan.votes.length,
      plan.counts,
      plan.hasIndependent,
      this.dictionaries,
      undefined,
      this.ctx.buffers,
    );
  }

  /** Adds the row to the batch (which must have room); false when the row is rejected. */
  build(cells: Cells, line: number, batch: UnitBatch): boolean {
    const { plan, stats } = this.ctx;
    const row = batch.size;
    this.rejected = false;
    this.line = line;
    for (const k of plan.id) if (cells.isMissingKey(k)) this.missingKey(cells, k, 'id');
    for (let l = 0; l < plan.levels.length; l++) {
      const k = plan.levels[l] as number;
      if (cells.isMissingKey(k)) this.missingKey(cells, k, 'level');
      else (batch.levels[l] as Int32Array)[row] = cells.levelCode(k, this.dictionaries[l] as LevelDictionary);
    }
    for (let f = 0; f < this.countColumns.length; f++) {
      const k = this.countColumns[f] as number;
      if (k >= 0) (batch.countList[f] as Float64Array)[row] = this.number(cells, k);
    }
    const n = plan.votes.length;
    const votes = batch.votes;
    for (let c = 0; c < n; c++) {
      votes[row * n + c] = this.number(
        cells,
        plan.votes[c] as number,
        this.zeroWhenEmpty[c] as string | null,
      );
    }
    const independent = batch.independent;
    if (independent) {
      for (let c = 0; c < n; c++) {
        const k = plan.independent[c] as number;
        independent[row * n + c] = k < 0 ? Number.NaN : this.number(cells, k);
      }
    }
    if (this.rejected) {
      stats.rowsRejected++;
      return false;
    }
    let first = 0;
    if (this.ctx.checkIds) {
      cells.idKey(plan.id);
      first = this.ids.add(cells.keyBuf, cells.keyStart, cells.keyEnd, line);
    }
    batch.duplicateOf[row] = first;
    if (first !== 0) {
      stats.duplicateIds++;
      report(this.ctx, duplicateId(this.ctx.file, line, cells.idText(plan.id), first));
    }
    cells.keepId(row, plan.id);
    batch.lines[row] = line;
    batch.size++;
    stats.rowsUsed++;
    return true;
  }

  private missingKey(cells: Cells, k: number, what: 'id' | 'level'): void {
    const column = this.ctx.plan.header[k] as string;
    this.countMissing(column);
    report(this.ctx, missingKey(this.ctx.file, this.line, column, cells.text(k), what));
    this.rejected = true;
  }

  /**
   * The number in column k; NaN, reported, for a missing value or (rejecting the row) text that is no number.
   * `zeroWhenEmpty`, a candidate whose mapping says emptyMeans "zero": an empty cell (NDJSON: null or no key)
   * is 0 votes, counted in the stats under the candidate's id, whether or not "" is a listed missing value.
   */
  private number(cells: Cells, k: number, zeroWhenEmpty: string | null = null): number {
    const value = cells.number(k);
    if (cells.status === CELL.ok) return value;
    const { ctx } = this;
    const column = ctx.plan.header[k] as string;
    const text = cells.text(k);
    if (zeroWhenEmpty !== null && text.trim() === '') {
      const zeros = ctx.stats.cellsReadAsZero;
      zeros[zeroWhenEmpty] = (zeros[zeroWhenEmpty] ?? 0) + 1;
      return 0;
    }
    if (cells.status === CELL.missing) {
      this.countMissing(column);
      report(ctx, missingValue(ctx.file, this.line, column, text));
    } else {
      this.rejected = true;
      report(ctx, invalidNumber(ctx.file, this.line, column, text, ctx.mapping.missingValues));
    }
    return Number.NaN;
  }

  private countMissing(column: string): void {
    const missing = this.ctx.stats.missingCells;
    missing[column] = (missing[column] ?? 0) + 1;
  }
}
