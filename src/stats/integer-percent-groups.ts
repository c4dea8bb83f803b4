/** The integer-percentage test's sums for a whole table and each of its regions, in a few passes over the units. */
import { HitTables, isIntegerPercent } from './hit-probability.js';
import type { IntegerPercentSums } from './integer-percent.js';
import {
  EXACT_MAX_VARIANCE,
  exactTails,
  type HitCountTails,
  refinedNormalTails,
} from './poisson-binomial.js';
import type { Numbers } from './types.js';

/** One group's sums and the tails of its hit count at the observed count. */
export interface IntegerPercentGroupSums {
  sums: IntegerPercentSums;
  tails: HitCountTails;
}

/** The whole table's sums and each region's, by region code. */
export interface IntegerPercentGroups {
  table: IntegerPercentGroupSums;
  regions: IntegerPercentGroupSums[];
}

/**
 * Denominators up to this (65,536 voters, beyond any polling station) share hit-probability tables per
 * denominator; larger ones are computed pair by pair.
 */
const DENSE_MAX = 1 << 16;

/** Key of a (folded numerator, denominator) pair in the memo of the rare pairs outside the dense store. */
function pairKey(xc: number, n: number): number {
  return xc < 2 ** 21 ? xc * 2 ** 32 + n : -1;
}

/**
 * The sums of the integer-percentage test ({@link integerPercentExcess}) for the whole table and for each region
 * (`region[i]`: the region code 0..regionCount − 1 of unit i, or −1), with the tails of each group's count: exact
 * for groups within {@link EXACT_MAX_VARIANCE}, refined normal above. The same numbers as integerPercentGroup on
 * each group's units (the moments are summed unit by unit in unit order), without per-unit arrays: one pass
 * counts the hits and the range of each denominator's numerators, one marks the (numerator, denominator) pairs,
 * their hit probabilities are computed once per distinct pair and denominator (see {@link PairProbabilities}),
 * one pass sums them per group, and groups within the exact variance take one more pass to collect their units'
 * q for the convolution. On the turnout of the benchmark's 1M-row synthetic table, warm: 0.13 s with its regions
 * (0.2-0.3 s in an audit, where V8 compiles the code first), against 1.1 s for the per-unit arrays of
 * integerPercentUnits alone (which also keeps 9 bytes a unit).
 */
export function integerPercentGroups(
  numerators: Numbers,
  denominators: Numbers,
  minDenominator = 100,
  region: ArrayLike<number> | null = null,
  regionCount = 0,
): IntegerPercentGroups {
  return integerPercentGroupsOf(() => [{ numerators, denominators, region }], minDenominator, regionCount);
}

/** Some consecutive units' numerators, denominators and region codes (null: no regions). */
export interface CountBlock {
  numerators: Numbers;
  denominators: Numbers;
  region: ArrayLike<number> | null;
}

/**
 * {@link integerPercentGroups} of units that come a block at a time: `blocks()` starts a pass over every unit, in
 * the same order each time (it is called once for each of the passes). The same numbers as on the units in
 * arrays.
 */
export function integerPercentGroupsOf(
  blocks: () => Iterable<CountBlock>,
  minDenominator = 100,
  regionCount = 0,
): IntegerPercentGroups {
  const groups = regionCount + 1;
  // Per group (0: the table, r + 1: region r): counts, hits at each percentage, and the moments of the count.
  const given = new Float64Array(groups);
  const used = new Float64Array(groups);
  const observed = new Float64Array(groups);
  const byPercent = new Float64Array(groups * 101);
  const mean = new Float64Array(groups);
  const variance = new Float64Array(groups);
  const third = new Float64Array(groups);
  const random = new Float64Array(groups);
  const certain = new Float64Array(groups);
  const pairs = new PairProbabilities(minDenominator);
  const hits: HitSums = { given, used, observed, byPercent };
  for (const block of blocks()) countHits(block, minDenominator, pairs, hits);
  pairs.layout();
  for (const { numerators, denominators } of blocks()) pairs.mark(numerators, denominators);
  pairs.compute();
  const momentSums: MomentArrays = { mean, variance, third, random, certain };
  for (const block of blocks()) addMoments(block, minDenominator, pairs, momentSums);
  const sums: IntegerPercentSums[] = Array.from({ length: groups }, (_, g) => ({
    given: given[g] as number,
    used: used[g] as number,
    observed: observed[g] as number,
    observedByPercent: Array.from(byPercent.subarray(g * 101, g * 101 + 101)),
    moments: {
      mean: mean[g] as number,
      variance: variance[g] as number,
      third: third[g] as number,
      random: random[g] as number,
      certain: certain[g] as number,
    },
  }));
  // Groups whose tails come from the exact convolution: their units' q in unit order.
  const collected = sums.map(({ moments, observed }) => {
    const need = observed - moments.certain;
    return moments.variance <= EXACT_MAX_VARIANCE && need > 0 && need <= moments.random
      ? { qs: new Float64Array(moments.random), filled: 0 }
      : null;
  });
  if (collected.some((c) => c !== null)) {
    const all = collected[0];
    for (const { numerators, denominators, region } of blocks()) {
      for (let i = 0; i < numerators.length; i++) {
        const x = numerators[i] as number;
        const n = denominators[i] as number;
        if (x < 0 || n < minDenominator || x > n) continue;
        const p = pairs.get(x, n);
        if (!(p > 0 && p < 1)) continue;
        if (all) all.qs[all.filled++] = p;
        const r = region ? (region[i] as number) + 1 : 0;
        const c = r > 0 ? collected[r] : null;
        if (c) c.qs[c.filled++] = p;
      }
    }
  }
  const result = sums.map((s, g) => {
    const c = collected[g];
    const tails =
      s.moments.variance <= EXACT_MAX_VARIANCE
        ? exactTails(c ? c.qs : new Float64Array(0), null, s.moments, s.observed)
        : refinedNormalTails(s.moments, s.observed);
    return { sums: s, tails };
  });
  return { table: result[0] as IntegerPercentGroupSums, regions: result.slice(1) };
}

// The passes over a block's units are functions of their own, called once a block: V8 optimises each loop
// with its helpers inlined, as it did when the loop ran over whole columns.

/** Per group: units given, used, at a whole percentage, and those by percentage (101 a group). */
interface HitSums {
  given: Float64Array;
  used: Float64Array;
  observed: Float64Array;
  byPercent: Float64Array;
}

/** The first pass over a block's units: what each group gives and uses, its hits, and each pair's range. */
function countHits(
  { numerators, denominators, region }: CountBlock,
  minDenominator: number,
  pairs: PairProbabilities,
  { given, used, observed, byPercent }: HitSums,
): void {
  for (let i = 0; i < numerators.length; i++) {
    const x = numerators[i] as number;
    const n = denominators[i] as number;
    if (x < 0 || n < 0) continue;
    const r = region ? (region[i] as number) + 1 : 0;
    given[0] = (given[0] as number) + 1;
    if (r > 0) given[r] = (given[r] as number) + 1;
    if (n < minDenominator || x > n) continue;
    used[0] = (used[0] as number) + 1;
    if (r > 0) used[r] = (used[r] as number) + 1;
    pairs.range(x, n);
    if (!isIntegerPercent(x, n)) continue;
    const k = Math.round((100 * x) / n);
    observed[0] = (observed[0] as number) + 1;
    byPercent[k] = (byPercent[k] as number) + 1;
    if (r > 0) {
      observed[r] = (observed[r] as number) + 1;
      byPercent[r * 101 + k] = (byPercent[r * 101 + k] as number) + 1;
    }
  }
}

/** Per group: the moments of the hit count, and how many units hit at random or for certain. */
interface MomentArrays {
  mean: Float64Array;
  variance: Float64Array;
  third: Float64Array;
  random: Float64Array;
  certain: Float64Array;
}

/** The pass over a block's units that adds each used unit's q to its groups' moments. */
function addMoments(
  { numerators, denominators, region }: CountBlock,
  minDenominator: number,
  pairs: PairProbabilities,
  { mean, variance, third, random, certain }: MomentArrays,
): void {
  for (let i = 0; i < numerators.length; i++) {
    const x = numerators[i] as number;
    const n = denominators[i] as number;
    if (x < 0 || n < minDenominator || x > n) continue;
    const p = pairs.get(x, n);
    // As momentsOf: q in (0, 1) is random, q = 1 a certain hit.
    const r = region ? (region[i] as number) + 1 : 0;
    if (p > 0 && p < 1) {
      const v = p * (1 - p);
      const t = v * (1 - 2 * p);
      mean[0] = (mean[0] as number) + p;
      variance[0] = (variance[0] as number) + v;
      third[0] = (third[0] as number) + t;
      random[0] = (random[0] as number) + 1;
      if (r > 0) {
        mean[r] = (mean[r] as number) + p;
        variance[r] = (variance[r] as number) + v;
        third[r] = (third[r] as number) + t;
        random[r] = (random[r] as number) + 1;
      }
    } else if (p >= 1) {
      certain[0] = (certain[0] as number) + 1;
      if (r > 0) certain[r] = (certain[r] as number) + 1;
    }
  }
}

/** Bits set in a 32-bit word. */
function popcount(v: number): number {
  let w = v - ((v >>> 1) & 0x55555555);
  w = (w & 0x33333333) + ((w >>> 2) & 0x33333333);
  return (Math.imul((w + (w >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/**
 * The hit probability q of each (numerator, denominator) pair of a table. `range` sees each used unit and `mark`
 * marks its pair; the pairs of each denominator up to {@link DENSE_MAX} (numerators folded to min(x, n − x)) are
 * marked in a bitmap over the range of that denominator's numerators; `compute` fills q once per distinct pair
 * from the denominator's tables, in bitmap order (8 bytes a distinct pair, 2 bits a numerator of the ranges: 3.2
 * MB and 0.4 MB for the turnout of the 1M-row synthetic table, whose 405,029 distinct pairs spread over ranges of
 * 1.67 million numerators); `get` finds a pair's q by the rank of its bit. The rare pairs of larger denominators
 * are computed one by one, memoised.
 */
class PairProbabilities {
  private readonly lo = new Int32Array(DENSE_MAX + 1).fill(0x7fffffff);
  private readonly hi = new Int32Array(DENSE_MAX + 1).fill(-1);
  private readonly word = new Int32Array(DENSE_MAX + 2);
  private bits = new Int32Array(0);
  private rank = new Int32Array(0);
  private store = new Float64Array(0);
  private readonly memo = new Map<number, number>();
  private readonly sparse = new HitTables();

  constructor(private readonly minDenominator: number) {}

  /** Widens the range of numerators of denominator n (a used unit: 0 ≤ x ≤ n, n at least the minimum). */
  range(x: number, n: number): void {
    if (n > DENSE_MAX) return;
    const xc = Math.min(x, n - x);
    if (xc < (this.lo[n] as number)) this.lo[n] = xc;
    if (xc > (this.hi[n] as number)) this.hi[n] = xc;
  }

  /** Lays out the bitmap, once every range is known (before `mark`). */
  layout(): void {
    const { lo, hi, word } = this;
    let words = 0;
    for (let n = 0; n <= DENSE_MAX; n++) {
      word[n] = words;
      const h = hi[n] as number;
      if (h >= 0) words += ((h - (lo[n] as number)) >> 5) + 1;
    }
    word[DENSE_MAX + 1] = words;
    this.bits = new Int32Array(words);
  }

  /** Marks the pair of every used unit of some units (each unit's range seen by `range`, then `layout`). */
  mark(numerators: Numbers, denominators: Numbers): void {
    const { lo, word, bits } = this;
    const min = this.minDenominator;
    for (let i = 0; i < numerators.length; i++) {
      const x = numerators[i] as number;
      const n = denominators[i] as number;
      if (x < 0 || n < min || x > n || n > DENSE_MAX) continue;
      const k = Math.min(x, n - x) - (lo[n] as number);
      const w = (word[n] as number) + (k >> 5);
      bits[w] = (bits[w] as number) | (1 << (k & 31));
    }
  }

  /** Computes q of every marked pair. */
  compute(): void {
    const { lo, hi, word, bits } = this;
    const rank = new Int32Array(bits.length);
    let pairs = 0;
    for (let w = 0; w < bits.length; w++) {
      rank[w] = pairs;
      pairs += popcount(bits[w] as number);
    }
    const store = new Float64Array(pairs);
    const tables = new HitTables();
    let at = 0;
    for (let n = 0; n <= DENSE_MAX; n++) {
      const from = lo[n] as number;
      const to = hi[n] as number;
      if (to < 0) continue;
      tables.prepare(n, from, to);
      for (let w = word[n] as number, base = from; w < (word[n + 1] as number); w++, base += 32) {
        for (let b = bits[w] as number; b !== 0; b &= b - 1)
          store[at++] = tables.at(base + 31 - Math.clz32(b & -b));
      }
    }
    this.rank = rank;
    this.store = store;
  }

  /** q of a used unit's pair. */
  get(x: number, n: number): number {
    const xc = Math.min(x, n - x);
    if (n <= DENSE_MAX) {
      const k = xc - (this.lo[n] as number);
      const w = (this.word[n] as number) + (k >> 5);
      const below = (1 << (k & 31)) - 1;
      return this.store[(this.rank[w] as number) + popcount((this.bits[w] as number) & below)] as number;
    }
    const key = pairKey(xc, n);
    const known = key >= 0 ? this.memo.get(key) : undefined;
    if (known !== undefined) return known;
    if (!this.sparse.covers(n, xc)) this.sparse.prepare(n, xc, xc);
    const p = this.sparse.at(xc);
    if (key >= 0) this.memo.set(key, p);
    return p;
  }
}
