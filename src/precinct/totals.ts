/** Sums of protocol figures over units (one by one, or a run of a batch's rows), and growable int columns. */
import { COUNT_FIELDS, type CountField } from '../schema/count-fields.js';
import type { UnitBatch } from './batch.js';
import type { Unit } from './read.js';
import { type ChunkRef, isSpilled, readSpilled, type SpillFile } from './spill.js';

/** Summed protocol figures of a set of units: each count over the units that have it, with how many lack it. */
export interface Totals {
  units: number;
  counts: Record<CountField, number>;
  /** Units that lacked each mapped count (their count is then not summed); 0 for counts the mapping lacks. */
  missingCounts: Record<CountField, number>;
  votes: number[];
  missingVotes: number[];
  /** Lines of the first units, for locating a level in the file. */
  firstLine: number;
}

/** Totals of no unit yet; `firstLine` 0 until the first unit is added. */
export function emptyTotals(candidates: number, firstLine: number): Totals {
  const zero = () => Object.fromEntries(COUNT_FIELDS.map((f) => [f, 0])) as Record<CountField, number>;
  return {
    units: 0,
    counts: zero(),
    missingCounts: zero(),
    votes: new Array(candidates).fill(0),
    missingVotes: new Array(candidates).fill(0),
    firstLine,
  };
}

/**
 * Values per chunk once a column outgrows its first chunk: up to 64 Ki values, the unit in which a large
 * table's columns are written out (TableAggregate) and read back (the screens).
 */
export const MAX_CHUNK = 1 << 16;

/** Largest value an Int16Array column holds; a larger one widens the column to Int32Array. */
const NARROW_MAX = 0x7fff;

/** The stored form of a count: itself when a whole number from 0 to 2^31 - 1, else -1 (missing). */
function intCell(x: number): number {
  return Number.isInteger(x) && x >= 0 && x <= 0x7fffffff ? x : -1;
}

/** A column's values: 16-bit while every count fits (most precinct tables), else 32-bit; -1 marks a missing one. */
export type IntArray = Int16Array | Int32Array;

/**
 * A growable column of whole numbers; -1 marks a missing value (counts are never negative once valid). Values
 * are kept in an Int16Array (2 bytes each) until one exceeds 32,767, when the column widens to Int32Array.
 * It grows by adding chunks (1,024 values, then as many as the column holds, up to MAX_CHUNK), never by copying
 * into a doubled array. Readers take the chunks as they are (`chunks()`); a full chunk can be written out to a
 * spill file (`spill`) and read back from there. Columns filled in step (the same number of values pushed)
 * have their chunks at the same places. `values()` joins everything into one array (for tests and small
 * tables).
 */
export class IntColumn {
  /** Full chunks, in order, in memory or written out. */
  private full: ChunkRef[] = [];
  private chunked = 0;
  /** The chunk being filled, and how many of its values are used. */
  private data: IntArray;
  private used = 0;
  private wide = false;
  /** The sum of the values above 0 (missing ones are -1): whole numbers, so exact below 2^53. */
  private sum = 0;
  /** The array of the last chunk written out, for the next chunk of its size and width (no garbage to collect). */
  private spare: IntArray | undefined;

  /**
   * `capacity`: the size of the first chunk (default 1024 values). `shared`: keep the values in
   * SharedArrayBuffers, so that another thread can read the column without a copy (the screens, see
   * facts/screen-thread.ts).
   */
  constructor(
    capacity = 1024,
    private readonly shared = false,
  ) {
    this.data = this.array(false, Math.max(1, Math.floor(capacity)));
  }

  private array(wide: boolean, size: number): IntArray {
    const bytes = size * (wide ? 4 : 2);
    const buffer = this.shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
    return wide ? new Int32Array(buffer) : new Int16Array(buffer);
  }

  get length(): number {
    return this.chunked + this.used;
  }

  push(x: number): void {
    const v = intCell(x);
    if (v > NARROW_MAX && !this.wide) this.widen();
    if (this.used === this.data.length) this.nextChunk();
    this.data[this.used++] = v;
    if (v > 0) this.sum += v;
  }

  /** The sum of the values stored, missing ones left out (the screens' candidate totals: no pass of their own). */
  get positiveSum(): number {
    return this.sum;
  }

  /** Appends `n` values read from `source` at `start`, `start + step` ... */
  pushStrided(source: Float64Array, start: number, step: number, n: number): void {
    let j = start;
    let left = n;
    while (left > 0) {
      if (this.used === this.data.length) this.nextChunk();
      const data = this.data;
      const max = this.wide ? 0x7fffffff : NARROW_MAX;
      let at = this.used;
      let sum = this.sum;
      const end = at + Math.min(left, data.length - at);
      for (; at < end; at++, j += step) {
        const v = intCell(source[j] as number);
        if (v > max) break;
        data[at] = v;
        if (v > 0) sum += v;
      }
      this.sum = sum;
      left -= at - this.used;
      this.used = at;
      // A value too large for 16 bits: widen, and write it in the next round.
      if (at < end) this.widen();
    }
  }

  /**
   * pushStrided for values known to be whole and not negative (a batch read as plain digits, region codes): the
   * same values stored, without checking each for a fraction or a sign.
   */
  pushWhole(source: ArrayLike<number>, start: number, step: number, n: number): void {
    let j = start;
    let left = n;
    while (left > 0) {
      if (this.used === this.data.length) this.nextChunk();
      const data = this.data;
      const max = this.wide ? 0x7fffffff : NARROW_MAX;
      let at = this.used;
      let sum = this.sum;
      const end = at + Math.min(left, data.length - at);
      for (; at < end; at++, j += step) {
        const v = source[j] as number;
        if (v > max) break;
        data[at] = v;
        sum += v;
      }
      this.sum = sum;
      left -= at - this.used;
      this.used = at;
      if (at < end) {
        // Too large for 16 bits: widen and go on; past 2^31 - 1: missing, as pushStrided stores it.
        if (!this.wide) this.widen();
        else {
          this.data[this.used++] = -1;
          left--;
          j += step;
        }
      }
    }
  }

  /** Appends `n` missing values. */
  pushMissing(n: number): void {
    let left = n;
    while (left > 0) {
      if (this.used === this.data.length) this.nextChunk();
      const end = this.used + Math.min(left, this.data.length - this.used);
      this.data.fill(-1, this.used, end);
      left -= end - this.used;
      this.used = end;
    }
  }

  /** Full chunks so far (each column filled in step has as many, of the same lengths). */
  get fullChunks(): number {
    return this.full.length;
  }

  /** Values in full chunk k. */
  chunkLength(k: number): number {
    return (this.full[k] as ChunkRef).length;
  }

  /** Writes full chunk k to `file` and lets go of its memory (once; a chunk already written stays as it is). */
  spill(k: number, file: SpillFile): void {
    const chunk = this.full[k];
    if (chunk === undefined || isSpilled(chunk)) return;
    this.full[k] = file.write(chunk);
    // Reused for a later chunk: left to the garbage collector, the arrays of a large table's chunks piled up
    // (outside V8's heap, so no collection came for them) to about 30 MB at 4M units.
    if (chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength) this.spare = chunk;
  }

  /** Every value, as chunks in order: the full ones (in memory or written out) and the one being filled. */
  chunks(): ChunkRef[] {
    return this.used > 0 ? [...this.full, this.data.subarray(0, this.used)] : [...this.full];
  }

  /** The stored values as one array (a view, not a copy, once joined; chunks written out are read back). */
  values(): IntArray {
    if (this.full.length > 0) {
      const all = this.array(this.wide, this.length);
      let at = 0;
      for (const chunk of this.full) {
        all.set(isSpilled(chunk) ? readSpilled(chunk) : chunk, at);
        at += chunk.length;
      }
      all.set(this.data.subarray(0, this.used), at);
      this.full = [];
      this.chunked = 0;
      this.data = all;
      this.used = all.length;
    }
    return this.data.subarray(0, this.used);
  }

  /** Keeps the full chunk and starts another, as large as the column so far (within 1024 .. MAX_CHUNK). */
  private nextChunk(): void {
    if (this.used > 0) {
      this.full.push(this.used === this.data.length ? this.data : this.data.subarray(0, this.used));
      this.chunked += this.used;
    }
    const size = Math.min(MAX_CHUNK, Math.max(1024, this.chunked));
    const spare = this.spare;
    this.spare = undefined;
    this.data =
      spare && spare.length === size && spare instanceof Int32Array === this.wide
        ? spare
        : this.array(this.wide, size);
    this.used = 0;
  }

  /** Turns the column's 16-bit arrays into 32-bit ones (-1 stays -1). */
  private widen(): void {
    this.wide = true;
    // Chunks written out stay 16-bit there (their SpilledChunk says so).
    this.full = this.full.map((chunk) => {
      if (isSpilled(chunk)) return chunk;
      const wide = this.array(true, chunk.length);
      wide.set(chunk);
      return wide;
    });
    const data = this.array(true, this.data.length);
    data.set(this.data.subarray(0, this.used));
    this.data = data;
  }
}

/** Adds one unit to totals. */
export function addTo(t: Totals, unit: Unit, mapped: Record<CountField, boolean>): void {
  t.units += 1;
  if (t.firstLine === 0) t.firstLine = unit.line;
  for (const f of COUNT_FIELDS) {
    // A count the mapping has no column for is absent from every unit, not missing from any.
    if (!mapped[f]) continue;
    const v = unit.counts[f];
    if (v === undefined || Number.isNaN(v)) t.missingCounts[f] += 1;
    else t.counts[f] = (t.counts[f] ?? 0) + v;
  }
  unit.votes.forEach((v, i) => {
    if (Number.isNaN(v)) t.missingVotes[i] = (t.missingVotes[i] ?? 0) + 1;
    else t.votes[i] = (t.votes[i] ?? 0) + v;
  });
}

/**
 * A total to which an integer sum of a run may be added at once: itself an integer, far enough below 2^53 that
 * adding a run's sum (under 2^44: at most 8,192 rows of 32-bit integers) stays exact.
 */
function exactTotal(t: number): boolean {
  return Number.isInteger(t) && Math.abs(t) < 2 ** 52;
}

/** Scratch for addRowsToChain's votes (grown as needed: it runs once per run of rows). */
let scratch = new Float64Array(64);

/**
 * addTo for rows [from, to) of a batch, added to each of `chain` (a unit's table, region, district ...): the same
 * sums, bit for bit, as adding the units one by one in order, but cheaper (issue 6: the level totals were the
 * main thread's largest cost after the rules). Where every value of the run is a 32-bit integer and a node's
 * total an integer below 2^52, all the partial sums are exact integers, so the run is summed once and its sum
 * added to that node; otherwise (a fraction in the run or already in the total, a huge count) the node adds the
 * run's values row by row, as addTo does.
 */
export function addRowsToChain(
  chain: readonly Totals[],
  batch: UnitBatch,
  from: number,
  to: number,
  mapped: Record<CountField, boolean>,
): void {
  for (const t of chain) {
    t.units += to - from;
    if (t.firstLine === 0) t.firstLine = batch.lines[from] as number;
  }
  for (let f = 0; f < COUNT_FIELDS.length; f++) {
    const field = COUNT_FIELDS[f] as CountField;
    if (!mapped[field]) continue;
    const column = batch.countList[f];
    if (!column) {
      for (const t of chain) t.missingCounts[field] += to - from;
      continue;
    }
    let run = 0;
    let lacking = 0;
    let whole = true;
    for (let i = from; i < to && whole; i++) {
      const v = column[i] as number;
      if (Number.isNaN(v)) lacking++;
      else if ((v | 0) === v) run += v;
      else whole = false;
    }
    for (const t of chain) {
      if (whole && exactTotal(t.counts[field])) {
        t.counts[field] += run;
        t.missingCounts[field] += lacking;
        continue;
      }
      let sum = t.counts[field];
      let missing = 0;
      for (let i = from; i < to; i++) {
        const v = column[i] as number;
        if (Number.isNaN(v)) missing++;
        else sum += v;
      }
      t.counts[field] = sum;
      t.missingCounts[field] += missing;
    }
  }
  const k = batch.candidates;
  const votes = batch.votes;
  if (scratch.length < 2 * k) scratch = new Float64Array(2 * k);
  // Per candidate: the run's sum at [j], its missing votes at [k + j]; the votes read row after row.
  scratch.fill(0, 0, 2 * k);
  let whole = true;
  for (let i = from; i < to && whole; i++) {
    for (let j = 0, at = i * k; j < k; j++, at++) {
      const v = votes[at] as number;
      if (Number.isNaN(v)) scratch[k + j] = (scratch[k + j] as number) + 1;
      else if ((v | 0) === v) scratch[j] = (scratch[j] as number) + v;
      else whole = false;
    }
  }
  for (const t of chain) {
    for (let j = 0; j < k; j++) {
      if (whole && exactTotal(t.votes[j] as number)) {
        t.votes[j] = (t.votes[j] as number) + (scratch[j] as number);
        t.missingVotes[j] = (t.missingVotes[j] as number) + (scratch[k + j] as number);
        continue;
      }
      let sum = t.votes[j] as number;
      let missing = 0;
      for (let at = from * k + j; at < to * k; at += k) {
        const v = votes[at] as number;
        if (Number.isNaN(v)) missing++;
        else sum += v;
      }
      t.votes[j] = sum;
      t.missingVotes[j] = (t.missingVotes[j] as number) + missing;
    }
  }
}
