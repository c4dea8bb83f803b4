/** The id check of a table read on a worker thread, done on the main thread as the batches arrive. */
import { Buffer } from 'node:buffer';
import { ByteIds, StringIds, type UnitBatch } from './batch.js';
import { IdIndex } from './id-index.js';
import { IdKeyScratch } from './id-key.js';
import { duplicateId, type ReadStats, type RowProblem } from './problems.js';

// Why here and not on the worker: the worker bounds a large table's pass (issue 6's profile at 4M rows: scanning
// 0.84 s, writing rows 0.38 s, the id index 0.2 s, while the main thread idled 0.38 s), so its id check moves to
// the thread that waits. The result is the one the reader on a single thread gives (read.ts, cells.ts): the same
// ids compared as the same bytes, the same duplicateOf, counters and problems, in file order under the same cap.

const DUPLICATE = 'precinct-duplicate-id';

/** Every id of a read so far, checking each batch's as it comes. */
export class BatchIdCheck {
  private readonly ids = new IdIndex();
  private readonly keys = new IdKeyScratch();
  /** The separator of composite ids, as text and as the bytes between their parts. */
  private separator = { text: '', bytes: Buffer.alloc(0) };
  /** Rows checked, and those whose id an earlier row had, so far. */
  rows = 0;
  duplicates = 0;

  /** Duplicate-id problems the caller's counters held before the read (the worker counts on from them). */
  private readonly before: number;

  constructor(
    private readonly file: string,
    /** Problems kept at most (ReadOptions.maxProblems). */
    private readonly cap: number,
    stats: ReadStats,
  ) {
    this.before = stats.problemsByCode[DUPLICATE] ?? 0;
  }

  /**
   * Checks the ids of `batch`, the next in file order, setting its duplicateOf; returns the problems of its
   * duplicates, for `settle`.
   */
  check(batch: UnitBatch): RowProblem[] {
    const found: RowProblem[] = [];
    const { ids } = batch;
    this.rows += batch.size;
    for (let i = 0; i < batch.size; i++) {
      const line = batch.lines[i] as number;
      let first: number;
      if (ids instanceof ByteIds && ids.parts === 1 && ids.escaped[i] === 0) {
        first = this.ids.add(ids.buf, ids.starts[i] as number, ids.ends[i] as number, line);
      } else {
        first = this.ids.add(this.keys.buf, 0, this.key(batch, i), line);
      }
      batch.duplicateOf[i] = first;
      if (first !== 0) {
        this.duplicates++;
        found.push(duplicateId(this.file, line, batch.id(i), first));
      }
    }
    return found;
  }

  /**
   * Brings counters just brought to the worker's (applyStats) to what the reader checking ids itself would have
   * left: the worker's new problems (it finds no duplicates) start at `from` in `stats.problems`, and `found`
   * are the duplicates of the batches checked since the last call, which lie after every problem kept before.
   */
  settle(stats: ReadStats, from: number, found: readonly RowProblem[] = []): void {
    stats.duplicateIds += this.duplicates;
    stats.problemCount += this.duplicates;
    if (this.before + this.duplicates > 0) stats.problemsByCode[DUPLICATE] = this.before + this.duplicates;
    // The worker's new problems and the duplicates, each in file order, merged under the cap: a row's own
    // problems (its missing cells) come before its duplicate, as the reader records them. The worker keeps its
    // problems up to the cap without duplicates, so the first `cap` of both are among those it sent.
    const theirs = stats.problems.splice(from);
    let a = 0;
    let b = 0;
    while (stats.problems.length < this.cap && (a < theirs.length || b < found.length)) {
      const mine = found[b];
      const other = theirs[a];
      if (other !== undefined && (mine === undefined || other.line <= mine.line)) {
        stats.problems.push(other);
        a++;
      } else {
        stats.problems.push(mine as RowProblem);
        b++;
      }
    }
  }

  /**
   * The bytes the reader compares for row i's id, written to the scratch buffer; returns their length: the
   * bytes CsvCells.idKey and JsonCells.idKey give the same row (IdKeyScratch).
   */
  private key(batch: UnitBatch, i: number): number {
    const ids = batch.ids;
    if (!(ids instanceof ByteIds))
      return this.keys.text(ids instanceof StringIds ? (ids.texts[i] as string) : batch.id(i));
    if (this.separator.text !== ids.separator) {
      this.separator = { text: ids.separator, bytes: Buffer.from(ids.separator, 'utf8') };
    }
    return this.keys.parts(ids, ids.parts, null, i * ids.parts, this.separator.bytes);
  }
}
