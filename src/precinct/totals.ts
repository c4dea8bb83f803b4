/** Sums of protocol figures over units (one by one, or a run of a batch's rows), and growable int columns. */
import { COUNT_FIELDS, type CountField } from '../schema/mapping.js';
import type { UnitBatch } from './batch.js';
import type { Unit } from './read.js';

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

/** A growable column of 32-bit integers; -1 marks a missing value (counts are never negative once valid). */
export class IntColumn {
  data = new Int32Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = Number.isInteger(x) && x >= 0 && x <= 0x7fffffff ? x : -1;
  }
  /** Makes room for `n` more values, so that `set` can write them without checks. */
  reserve(n: number): void {
    if (this.length + n <= this.data.length) return;
    let size = this.data.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Int32Array(size);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
  /** Appends `n` values read from `source` at `start`, `start + step` ...; call `reserve(n)` first. */
  pushStrided(source: Float64Array, start: number, step: number, n: number): void {
    const data = this.data;
    let at = this.length;
    for (let i = 0, j = start; i < n; i++, j += step) {
      const x = source[j] as number;
      data[at++] = Number.isInteger(x) && x >= 0 && x <= 0x7fffffff ? x : -1;
    }
    this.length = at;
  }
  /** The stored values, without the spare capacity. */
  values(): Int32Array {
    return this.data.subarray(0, this.length);
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

/** addTo for rows [from, to) of a batch, in order: the same sums, read from the columns. */
export function addRows(
  t: Totals,
  batch: UnitBatch,
  from: number,
  to: number,
  mapped: Record<CountField, boolean>,
): void {
  t.units += to - from;
  if (t.firstLine === 0) t.firstLine = batch.lines[from] as number;
  for (let f = 0; f < COUNT_FIELDS.length; f++) {
    const field = COUNT_FIELDS[f] as CountField;
    if (!mapped[field]) continue;
    const column = batch.countList[f];
    if (!column) {
      t.missingCounts[field] += to - from;
      continue;
    }
    let sum = t.counts[field];
    let lacking = 0;
    for (let i = from; i < to; i++) {
      const v = column[i] as number;
      if (Number.isNaN(v)) lacking++;
      else sum += v;
    }
    t.counts[field] = sum;
    t.missingCounts[field] += lacking;
  }
  const k = batch.candidates;
  const votes = batch.votes;
  for (let j = 0; j < k; j++) {
    let sum = t.votes[j] as number;
    let lacking = 0;
    for (let i = from * k + j; i < to * k; i += k) {
      const v = votes[i] as number;
      if (Number.isNaN(v)) lacking++;
      else sum += v;
    }
    t.votes[j] = sum;
    t.missingVotes[j] = (t.missingVotes[j] as number) + lacking;
  }
}
