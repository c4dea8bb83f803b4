/** Benchmark variant 4, the floor: the row checks as one hand-written pass over the CSV bytes, no library. */
import { closeSync, openSync, readSync } from 'node:fs';
import type { Mapping } from '../src/schema/mapping.js';
import {
  arg,
  assertHandWritten,
  benchTable,
  type Counts,
  emit,
  HAND_WRITTEN_CHECKS,
  rowCheckIds,
  type VariantOutput,
  zeroCounts,
} from './shared.js';

// What the audit's facts check, written out for one mapping (src/facts/precinct-*.ts are the reference):
// a missing cell (a missing-value marker) is NaN and leaves a check undecided rather than failed; a cell that
// is not a number rejects the row, as the reader does. Unquoted CSV only: a quote fails the run loudly.

// Other fields are 0: skipped.
const FIELD_ID = 1;
const FIELD_LEVEL = 2;
const FIELD_NUMBER = 3;
const COUNT_NAMES = ['registered', 'issued', 'cast', 'valid', 'invalid'] as const;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Ids seen, for unit-ids-unique: while they come sorted only the last is compared; else a Set of them all. */
class Ids {
  private arena = Buffer.allocUnsafe(1 << 20);
  private used = 0;
  private lastStart = -1;
  private lastEnd = -1;
  private set: Set<string> | undefined;

  /** Whether the id in bytes [s, e) of buf repeats an earlier one. */
  repeats(buf: Buffer, s: number, e: number): boolean {
    if (this.set) {
      const id = buf.toString('latin1', s, e);
      if (this.set.has(id)) return true;
      this.set.add(id);
      return false;
    }
    const length = e - s;
    const arena = this.arena;
    if (this.lastStart >= 0) {
      // Byte order against the last id, in a loop: Buffer#compare and #copy cost more per call than a short id.
      const last = this.lastStart;
      const lastLength = this.lastEnd - last;
      const common = Math.min(length, lastLength);
      let j = 0;
      while (j < common && buf[s + j] === arena[last + j]) j++;
      const order = j < common ? (buf[s + j] as number) - (arena[last + j] as number) : length - lastLength;
      if (order === 0) return true;
      if (order < 0) {
        // Out of order: from here on, every earlier id may repeat.
        this.set = new Set(arena.toString('latin1', 0, this.used).split('\n').slice(0, -1));
        return this.repeats(buf, s, e);
      }
    }
    if (this.used + length + 1 > arena.length) {
      const next = Buffer.allocUnsafe(Math.max(2 * arena.length, this.used + length + 1));
      arena.copy(next, 0, 0, this.used);
      this.arena = next;
    }
    const to = this.arena;
    for (let j = 0; j < length; j++) to[this.used + j] = buf[s + j] as number;
    this.lastStart = this.used;
    this.lastEnd = this.used + length;
    this.used += length;
    this.arena[this.used++] = LF;
    return false;
  }
}

/** Runs the checks over the table; `prefixRows` > 0 also snapshots the counts after that many units. */
function run(
  csv: string,
  mapping: Mapping,
  ids: readonly string[],
  prefixRows: number,
): { counts: Counts; prefix?: Counts } {
  const fd = openSync(csv, 'r');
  const chunk = 1 << 20;
  let buf = Buffer.allocUnsafe(2 * chunk);
  let have = readSync(fd, buf, 0, chunk, null);
  let start = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  let nl = buf.indexOf(LF, start);
  if (nl < 0 || nl >= have) throw new Error(`${csv}: no header line`);
  const delimiter = mapping.format.type === 'csv' ? mapping.format.delimiter : ',';
  const header = buf
    .toString('utf8', start, buf[nl - 1] === CR ? nl - 1 : nl)
    .split(delimiter)
    .map((h) => h.trim());
  start = nl + 1;
  const col = (name: string) => {
    const k = header.indexOf(name);
    if (k < 0) throw new Error(`${csv}: no column "${name}"`);
    return k;
  };
  const width = header.length;
  const kind = new Uint8Array(width);
  const slot = new Int32Array(width).fill(-1);
  if (mapping.id.columns.length !== 1) throw new Error('the floor handles a one-column id only');
  kind[col(mapping.id.columns[0] as string)] = FIELD_ID;
  for (const level of mapping.levels) kind[col(level.column)] = FIELD_LEVEL;
  // Value slots: counts 0..4, then votes, then independent counts.
  const k = mapping.candidates.length;
  const values = new Float64Array(5 + 2 * k).fill(Number.NaN);
  const mapped = new Uint8Array(5 + 2 * k);
  const setSlot = (name: string, s: number) => {
    const c = col(name);
    kind[c] = FIELD_NUMBER;
    slot[c] = s;
    mapped[s] = 1;
  };
  COUNT_NAMES.forEach((f, i) => {
    const name = mapping.counts[f];
    if (name !== undefined) setSlot(name, i);
  });
  mapping.candidates.forEach((c, j) => setSlot(c.column, 5 + j));
  for (const ind of mapping.independent?.columns ?? []) {
    const j = mapping.candidates.findIndex((c) => c.id === ind.candidate);
    setSlot(ind.column, 5 + k + j);
  }
  const has = (f: number) => mapped[f] === 1;
  const [REG, CAST, INVALID] = [0, 2, 4];
  const independent = mapping.independent !== undefined;
  const invalidMapped = has(INVALID);
  const missing = new Set(mapping.missingValues.map((m) => m.trim()));
  const emptyIsMissing = missing.has('');
  const longestMissing = Math.max(0, ...[...missing].map((m) => Buffer.byteLength(m)));
  const d = delimiter.charCodeAt(0);

  const counts = zeroCounts(ids);
  const n = { ballots: 0, candidate: 0, independent: 0, turnout: 0, whole: 0, ids: 0, voteSum: 0, gap: 0 };
  // In the order of HAND_WRITTEN_CHECKS.
  const tally = () => [n.ballots, n.candidate, n.independent, n.turnout, n.whole, n.ids, n.voteSum, n.gap];
  let rows = 0;
  let prefix: Counts | undefined;
  const idSet = new Ids();
  const snapshot = (): Counts => ({
    rows,
    failed: Object.fromEntries(ids.map((id) => [id, tally()[HAND_WRITTEN_CHECKS.indexOf(id as never)] ?? 0])),
  });

  for (;;) {
    let i = start;
    // Lines wholly in the buffer.
    for (;;) {
      nl = buf.indexOf(LF, i);
      if (nl < 0 || nl >= have) break;
      let end = nl;
      if (end > i && buf[end - 1] === CR) end--;
      const lineStart = i;
      i = nl + 1;
      if (end === lineStart) continue;
      let p = lineStart;
      let field = 0;
      let rejected = false;
      let odd = false;
      let idStart = 0;
      let idEnd = 0;
      // Every mapped slot is written below (NaN when missing); a row cut short is rejected.
      while (field < width) {
        const f = kind[field];
        const fieldStart = p;
        if (f === FIELD_NUMBER) {
          let v = 0;
          let c = buf[p] as number;
          while (c >= 48 && c <= 57) {
            v = v * 10 + (c - 48);
            c = buf[++p] as number;
          }
          if ((c === d || p === end) && p > fieldStart) values[slot[field] as number] = v;
          else {
            while (p < end && buf[p] !== d) p++;
            if (buf[fieldStart] === QUOTE)
              throw new Error(`${csv}: quoted fields are not handled by the floor`);
            const text = buf.toString('utf8', fieldStart, p).trim();
            if (text === '' ? emptyIsMissing : missing.has(text)) values[slot[field] as number] = Number.NaN;
            else if (NUMBER.test(text) && Number.isFinite(Number(text))) {
              const x = Number(text);
              values[slot[field] as number] = x;
              if (x < 0 || !Number.isInteger(x)) odd = true;
            } else rejected = true;
          }
        } else {
          while (p < end && buf[p] !== d) p++;
          if (buf[fieldStart] === QUOTE)
            throw new Error(`${csv}: quoted fields are not handled by the floor`);
          if (f === FIELD_ID) {
            idStart = fieldStart;
            idEnd = p;
          }
          if (
            (f === FIELD_ID || f === FIELD_LEVEL) &&
            isMissingKey(buf, fieldStart, p, missing, longestMissing)
          )
            rejected = true;
        }
        field++;
        if (p >= end) break;
        p++;
      }
      if (field !== width || p < end) rejected = true;
      if (rejected) continue;
      rows++;
      const reg = values[REG] as number;
      const cast = values[CAST] as number;
      // ballots-cast-within-registered-voters, turnout-below-100-percent
      if (cast - reg > 0) n.ballots++;
      if (reg > 0 && cast / reg === 1) n.turnout++;
      // candidate-votes-within-ballots-cast (a positive excess stands when other votes are missing)
      let best = Number.NEGATIVE_INFINITY;
      let sum = 0;
      let lacking = 0;
      for (let j = 0; j < k; j++) {
        const v = values[5 + j] as number;
        if (Number.isNaN(v)) {
          lacking++;
          continue;
        }
        sum += v;
        if (v - cast > best) best = v - cast;
      }
      if (best > 0) n.candidate++;
      // independent-count-within-official-count
      if (independent) {
        let excess = Number.NEGATIVE_INFINITY;
        for (let j = 0; j < k; j++) {
          if (!has(5 + k + j)) continue;
          const x = (values[5 + k + j] as number) - (values[5 + j] as number);
          if (x > excess) excess = x;
        }
        if (excess > 0) n.independent++;
      }
      // unit-counts-whole-non-negative: only the slow path can read a negative or fractional number
      if (odd) n.whole++;
      // unit-ids-unique
      if (idSet.repeats(buf, idStart, idEnd)) n.ids++;
      if (!invalidMapped) {
        // vote-sum-within-ballots-cast
        if (sum - cast > 0) n.voteSum++;
      } else if (lacking === 0) {
        // votes-plus-invalid-equal-ballots-cast
        const gap = sum + (values[INVALID] as number) - cast;
        if (!Number.isNaN(gap) && gap !== 0) n.gap++;
      }
      if (rows === prefixRows) prefix = snapshot();
    }
    // Keep the partial line, read the next chunk after it.
    const rest = have - i;
    if (rest + chunk > buf.length) {
      const next = Buffer.allocUnsafe(2 * (rest + chunk));
      buf.copy(next, 0, i, have);
      buf = next;
    } else buf.copy(buf, 0, i, have);
    const got = readSync(fd, buf, rest, chunk, null);
    if (got === 0) {
      if (rest > 0) {
        // A last line without its line end.
        buf[rest] = LF;
        have = rest + 1;
        start = 0;
        continue;
      }
      break;
    }
    have = rest + got;
    start = 0;
  }
  closeSync(fd);
  Object.assign(counts, snapshot());
  return prefix ? { counts, prefix } : { counts };
}

function isMissingKey(
  buf: Buffer,
  s: number,
  e: number,
  missing: ReadonlySet<string>,
  longest: number,
): boolean {
  if (e === s) return true;
  if (e - s > longest && (buf[s] as number) > 32 && (buf[e - 1] as number) > 32) return false;
  const text = buf.toString('utf8', s, e).trim();
  return text === '' || missing.has(text);
}

const dataset = arg('dataset');
const rules = arg('rules');
if (!dataset || !rules) throw new Error('usage: floor.js --dataset FILE --rules DIR [--prefix N]');
const ids = rowCheckIds(rules);
assertHandWritten(ids, 'the hand-written loop');
const table = benchTable(dataset);
const t0 = performance.now();
const result = run(table.csv, table.mapping, ids, Number(arg('prefix') ?? 0));
const output: VariantOutput = { ...result, loopMs: performance.now() - t0 };
emit(output);
