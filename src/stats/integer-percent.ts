/** Excess of integer percentages (Kobak, Shpilkin and Pshenichnikov 2016) against the exact binomial-redraw null. */
import { HitTables, isIntegerPercent } from './hit-probability.js';
import { integerPercentGroups } from './integer-percent-groups.js';
import {
  EXACT_MAX_VARIANCE,
  exactTails,
  type HitCountTails,
  type IntegerPercentTails,
  momentsOf,
  type NullMoments,
  refinedNormalTails,
} from './poisson-binomial.js';
import {
  assertIntegerOption,
  assertWholeCounts,
  type Numbers,
  type StatResult,
  tooFewUnits,
} from './types.js';

export { isIntegerPercent, walkProbability } from './hit-probability.js';
export {
  EXACT_MAX_VARIANCE,
  type HitCountDistribution,
  type HitCountTails,
  hitCountDistribution,
  type IntegerPercentTails,
  momentsOf,
  type NullMoments,
  poissonBinomialTails,
} from './poisson-binomial.js';

/** Options of {@link integerPercentExcess}. */
export interface IntegerPercentOptions {
  /** Per-unit numerators: ballots cast (for turnout) or the leader's votes (for the leader's share). */
  numerators: Numbers;
  /** Per-unit denominators: registered voters (turnout) or valid ballots (leader's share). */
  denominators: Numbers;
  /** Units with a smaller denominator are left out (default 100, as the paper drops stations under 100 voters). */
  minDenominator?: number;
  /** Fewest units for a result (default 100). */
  minUnits?: number;
}

/** Result of {@link integerPercentExcess}. */
export interface IntegerPercentResult extends StatResult {
  test: 'integerPercentExcess';
  /** Units whose numerator is the nearest whole count to an integer percentage of the denominator. */
  observed: number | null;
  /**
   * Standard deviation of that count under the null, √Σ q·(1 − q) over units (q: a unit's chance to land on a
   * whole percentage); `expected` is its exact mean Σ q.
   */
  stdDev: number | null;
  /** Skewness of the count under the null, Σ q·(1 − q)·(1 − 2q) / stdDev³; null when stdDev is 0. */
  skewness: number | null;
  /** Chance under the null of fewer hits than observed, P(S < observed) (the observed count's percentile, 0..1). */
  percentile: number | null;
  /** (observed − expected) / stdDev; null when the count cannot vary. */
  z: number | null;
  /** How p and the percentile were computed (see {@link EXACT_MAX_VARIANCE}); null without a result. */
  tails: IntegerPercentTails | null;
  /** Observed hits at each integer percentage 0..100 (always filled, for charts of the peaks). */
  observedByPercent: number[];
  /** Units left out: denominator below `minDenominator`, or numerator above denominator (an arithmetic finding). */
  excluded: number;
}

const single = new HitTables();

/**
 * The chance q that Binomial(n, x/n) lands on a count that {@link isIntegerPercent} accepts for n, the null
 * hit probability of a unit with x out of n. Exactly 1 for x = 0 and x = n (constant draws at 0% and 100%)
 * and for n ≤ 100 (whole percentages then lie at most one count apart, so every count 0..n is within half a
 * count of one). Otherwise the binomial pmf is summed over the accepted counts y within t of the mean x, where
 * t = c/3 + √((c/3)² + 2c·σ²), σ² = n·p·(1 − p), c = ln 10^15: by Bernstein's inequality each tail beyond t
 * holds less than e^-c = 10^-15 (t is about 8.3σ for large σ, and wider for small σ, where ±8σ would leave
 * up to 1e-7 out), so truncation moves q by less than 2·10^-15. How: see {@link HitTables} (and
 * {@link walkProbability}, the pmf walked count by count, which it agrees with to 1e-15); q agrees with a sum
 * over all counts 0..n to about 1e-15 (tests allow 1e-13). Symmetric: q(x, n) = q(n − x, n), since n − y is
 * accepted exactly when y is. One call prepares tables for its n (about the cost of one walk); a table of many
 * units shares them per denominator ({@link integerPercentGroups}).
 */
export function integerPercentProbability(x: number, n: number): number {
  if (x === 0 || x === n || n <= 100) return 1;
  const xc = Math.min(x, n - x);
  if (!single.covers(n, xc)) single.prepare(n, xc, xc);
  return single.at(xc);
}

/** {@link IntegerPercentUnits.percent} of a unit whose share is no whole percentage. */
export const NO_HIT = -1;
/** {@link IntegerPercentUnits.percent} of a unit left out: denominator under the minimum, or numerator above it. */
export const LEFT_OUT = -2;
/** {@link IntegerPercentUnits.percent} of a unit with a missing (negative) numerator or denominator. */
export const MISSING = -3;

/**
 * The per-unit part of the test, computed once per table and shared by every group of its units (the whole
 * table and each region): 9 bytes a unit.
 */
export interface IntegerPercentUnits {
  /** Per unit: the null hit probability q ({@link integerPercentProbability}); NaN for a unit left out or missing. */
  probability: Float64Array;
  /** Per unit: the whole percentage 0..100 its share lands on, or {@link NO_HIT}, {@link LEFT_OUT}, {@link MISSING}. */
  percent: Int8Array;
  minDenominator: number;
}

/** Denominators (and so numerators) below this are memoised; the key xc·2^26 + n + 1 stays below 2^52. */
const MEMO_LIMIT = 2 ** 26;

/** A 32-bit hash of a (numerator, denominator) pair, for the memo of {@link integerPercentUnits}. */
function pairHash(x: number, n: number): number {
  let h = Math.imul(x, 0x9e3779b1) ^ Math.imul(n, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}

/**
 * The hit probability and observed percentage of every unit. A negative numerator or denominator marks the unit
 * missing (the screens' columns use -1): it counts neither as used nor as left out. Units sharing a pair
 * (x, n), or (n − x, n) by symmetry, share one computation of q, found through an open-addressing table of
 * each pair's key and q (16 bytes a slot, filled to at most 3/4, dropped on return). Of the 1,000,000 units of
 * the benchmark's synthetic table, 393,887 distinct turnout pairs and 169,494 leader's-share pairs remain:
 * 0.41 s and 0.20 s of CPU instead of 0.72 s and 0.61 s without the memo, measured with a first version that
 * kept unit indices in the slots; keeping the key and q in the slot instead saved about 0.15 s more of a
 * 1M-row audit (commit bc6d2a1).
 */
export function integerPercentUnits(
  numerators: Numbers,
  denominators: Numbers,
  minDenominator = 100,
): IntegerPercentUnits {
  const count = numerators.length;
  const probability = new Float64Array(count);
  const percent = new Int8Array(count);
  // Memo of q by (min(x, n − x), n): open addressing with each slot's key and q side by side in one
  // Float64Array, so a probe touches one cache line (the first version kept unit indices and read the
  // unit's numerator, denominator and q back from three other arrays: ~0.4 s of cache misses at 1M units).
  // Keys are xc·2^26 + n + 1 (0 marks an empty slot); pairs past 2^26 are computed, not memoised.
  let capacity = 16;
  while (capacity < count) capacity *= 2;
  const mask = capacity - 1;
  const table = new Float64Array(2 * capacity);
  const maxFill = (capacity * 3) / 4;
  let filled = 0;
  for (let i = 0; i < count; i++) {
    const x = numerators[i] as number;
    const n = denominators[i] as number;
    if (x < 0 || n < 0) {
      probability[i] = Number.NaN;
      percent[i] = MISSING;
      continue;
    }
    if (n < minDenominator || x > n) {
      probability[i] = Number.NaN;
      percent[i] = LEFT_OUT;
      continue;
    }
    percent[i] = isIntegerPercent(x, n) ? Math.round((100 * x) / n) : NO_HIT;
    const xc = Math.min(x, n - x);
    if (n >= MEMO_LIMIT) {
      probability[i] = integerPercentProbability(xc, n);
      continue;
    }
    const key = xc * MEMO_LIMIT + n + 1;
    let slot = pairHash(xc, n) & mask;
    let q = -1;
    for (;;) {
      const k = table[2 * slot] as number;
      if (k === 0) break;
      if (k === key) {
        q = table[2 * slot + 1] as number;
        break;
      }
      slot = (slot + 1) & mask;
    }
    if (q < 0) {
      q = integerPercentProbability(xc, n);
      if (filled < maxFill) {
        table[2 * slot] = key;
        table[2 * slot + 1] = q;
        filled++;
      }
    }
    probability[i] = q;
  }
  return { probability, percent, minDenominator };
}

/** What the test reads of a group of units: its counts, and the moments of its hit count under the null. */
export interface IntegerPercentSums {
  /** Units with both counts (not missing), of which `used` have a denominator of the minimum or more. */
  given: number;
  used: number;
  /** Units at a whole percentage, in all and at each percentage 0..100. */
  observed: number;
  observedByPercent: number[];
  moments: NullMoments;
}

/**
 * The result of the test from a group's sums; `tails` gives P(S ≥ observed) and P(S < observed), asked only when
 * the group has `minUnits` units.
 */
export function integerPercentOfSums(
  sums: IntegerPercentSums,
  minDenominator: number,
  minUnits: number,
  tails: () => HitCountTails,
): IntegerPercentResult {
  const { given, used, observed, moments } = sums;
  const base = {
    test: 'integerPercentExcess' as const,
    statisticName: 'integerPercentUnits',
    effectSizeName: 'excessShareOfUnits',
    units: used,
    observedByPercent: [...sums.observedByPercent],
    excluded: given - used,
  };
  if (used < minUnits) {
    return {
      ...base,
      statistic: null,
      expected: null,
      pValue: null,
      effectSize: null,
      observed: null,
      stdDev: null,
      skewness: null,
      percentile: null,
      z: null,
      tails: null,
      insufficient: tooFewUnits(used, minUnits, `units with a denominator of ${minDenominator} or more`),
    };
  }
  const t = tails();
  const expected = moments.certain + moments.mean;
  const sd = Math.sqrt(moments.variance);
  return {
    ...base,
    statistic: observed,
    expected,
    pValue: t.atLeast,
    effectSize: (observed - expected) / used,
    observed,
    stdDev: sd,
    skewness: sd > 0 ? moments.third / (sd * sd * sd) : null,
    percentile: t.below,
    z: sd > 0 ? (observed - expected) / sd : null,
    tails: t.tails,
    insufficient: null,
  };
}

/**
 * The test on a group of units of a table: the units at `indices` (all when null) of the per-unit part
 * computed by {@link integerPercentUnits}. Costs one pass over the group (and the exact convolution for groups
 * within {@link EXACT_MAX_VARIANCE}); see {@link integerPercentExcess} for what it computes.
 */
export function integerPercentGroup(
  units: IntegerPercentUnits,
  indices: ArrayLike<number> | null,
  minUnits = 100,
): IntegerPercentResult {
  const { probability, percent, minDenominator } = units;
  const count = indices ? indices.length : percent.length;
  const observedByPercent = new Array<number>(101).fill(0);
  let given = 0;
  let used = 0;
  let observed = 0;
  for (let j = 0; j < count; j++) {
    const k = percent[indices ? (indices[j] as number) : j] as number;
    if (k === MISSING) continue;
    given++;
    if (k === LEFT_OUT) continue;
    used++;
    if (k >= 0) {
      observed++;
      observedByPercent[k] = (observedByPercent[k] as number) + 1;
    }
  }
  // Left-out and missing units have q = NaN, which the moments and the convolution skip.
  const moments = momentsOf(probability, indices);
  return integerPercentOfSums(
    { given, used, observed, observedByPercent, moments },
    minDenominator,
    minUnits,
    () =>
      moments.variance <= EXACT_MAX_VARIANCE
        ? exactTails(probability, indices, moments, observed)
        : refinedNormalTails(moments, observed),
  );
}

/**
 * Excess of integer percentages: counts units whose share numerator/denominator is an integer percentage
 * (see {@link isIntegerPercent}) and compares the count with its distribution under the paper's null, each
 * numerator redrawn as Binomial(denominator, numerator/denominator). A redraw is a hit with chance
 * q = {@link integerPercentProbability}, independently across units, so the count of hits is Poisson-binomial:
 * its mean Σq, sd √Σq(1 − q) and tails are computed rather than simulated. Statistic: the observed count;
 * expected: Σq; p-value: one-sided P(S ≥ observed), exact (to 1e-15, and to about 1e-11 relative below 1e-9)
 * when Σq(1 − q) ≤ {@link EXACT_MAX_VARIANCE} and by the refined normal approximation above, within about 5e-6 of exact
 * (under 1e-5 in the cases tested);
 * percentile: P(S < observed); effect size: (observed − expected) / units, the share of units in excess of
 * chance. The paper estimated the same distribution by Monte Carlo; computing it is exact, deterministic (no
 * seed) and not bounded below by 1/(simulations + 1). Run it on turnout and on the leader's share separately.
 * An excess is an anomaly consistent with results written to a target percentage.
 * Source: Kobak, Shpilkin and Pshenichnikov, "Integer percentages as electoral falsification fingerprints",
 * The Annals of Applied Statistics 10(1), 54–73, 2016; Hong, "On computing the distribution function for the
 * Poisson binomial distribution", Computational Statistics and Data Analysis 59, 41–51, 2013.
 */
export function integerPercentExcess(options: IntegerPercentOptions): IntegerPercentResult {
  const { numerators, denominators, minDenominator = 100, minUnits = 100 } = options;
  if (numerators.length !== denominators.length) {
    throw new RangeError(
      `numerators and denominators differ in length: ${numerators.length} and ${denominators.length}.`,
    );
  }
  assertWholeCounts(numerators, 'numerators');
  assertWholeCounts(denominators, 'denominators');
  assertIntegerOption(minDenominator, 'minDenominator', 1);
  assertIntegerOption(minUnits, 'minUnits', 1);
  const { table } = integerPercentGroups(numerators, denominators, minDenominator);
  return integerPercentOfSums(table.sums, minDenominator, minUnits, () => table.tails);
}
