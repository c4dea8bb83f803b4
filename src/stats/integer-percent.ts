/** Excess of integer percentages (Kobak, Shpilkin and Pshenichnikov 2016) against the exact binomial-redraw null. */
import { lazy } from './lazy.js';
import type { Numbers, StatResult } from './types.js';
import { assertIntegerOption, assertWholeCounts, tooFewUnits } from './types.js';

const normalCdf = lazy<typeof import('@stdlib/stats-base-dists-normal-cdf')>(
  '@stdlib/stats-base-dists-normal-cdf',
);

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

/** How the tails of the hit count were computed: exact convolution, or the refined normal approximation. */
export type IntegerPercentTails = 'exact' | 'refinedNormal';

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

/**
 * Whether `x` out of `n` is an integer percentage: for some integer k, x is a nearest whole count to k% of n,
 * i.e. |100·x − k·n| ≤ 50 (within half a count). Exact integer arithmetic, no floating-point window.
 */
export function isIntegerPercent(x: number, n: number): boolean {
  const r = (100 * x) % n;
  return Math.min(r, n - r) <= 50;
}

/** Natural log of 10^15: each tail left out of {@link integerPercentProbability}'s sum holds less than e^-this. */
const TAIL_LOG = Math.log(1e15);

/**
 * The chance q that Binomial(n, x/n) lands on a count that {@link isIntegerPercent} accepts for n, the null
 * hit probability of a unit with x out of n. Exactly 1 for x = 0 and x = n (constant draws at 0% and 100%)
 * and for n ≤ 100 (whole percentages then lie at most one count apart, so every count 0..n is within half a
 * count of one). Otherwise the binomial pmf is summed over the counts y within t of the mean x, where
 * t = c/3 + √((c/3)² + 2c·σ²), σ² = n·p·(1 − p), c = ln 10^15: by Bernstein's inequality each tail beyond t
 * holds less than e^-c = 10^-15 (t is about 8.3σ for large σ, and wider for small σ, where ±8σ would leave
 * up to 1e-7 out), so truncation moves q by less than 2·10^-15. The pmf is taken relative to the mode x,
 * walking outwards by the exact ratio pmf(y + 1)/pmf(y) = (n − y)/(y + 1) · p/(1 − p), and q is the accepted
 * counts' share of the window's mass: the normalising constant cancels (no log-gamma, no 0.4 µs @stdlib pmf
 * call per count), q agrees with a sum over all counts 0..n to about 1e-15 (tests allow 1e-13), and a window
 * with no rejected count gives exactly 1. Symmetric: q(x, n) = q(n − x, n), since n − y is accepted exactly
 * when y is. Cost: about 0.74 µs of CPU for the stations of a synthetic national table (n 200..3,000, a window
 * of some 16σ counts). Measured and left out: a 1e-13 bound saves only 6% (the window narrows by 7%), and
 * multiplying by a table of reciprocals instead of dividing was 10-20% slower.
 */
export function integerPercentProbability(x: number, n: number): number {
  if (x === 0 || x === n || n <= 100) return 1;
  const p = x / n;
  const variance = n * p * (1 - p);
  const t = TAIL_LOG / 3 + Math.sqrt((TAIL_LOG / 3) ** 2 + 2 * TAIL_LOG * variance);
  const low = Math.max(0, Math.ceil(x - t));
  const high = Math.min(n, Math.floor(x + t));
  const odds = p / (1 - p);
  // The mode of Binomial(n, x/n) is ⌊(n + 1)·x/n⌋ = x for 0 < x < n; its pmf is the unit of f.
  let hit = isIntegerPercent(x, n) ? 1 : 0;
  let miss = 1 - hit;
  // r = 100·y mod n, stepped with y (n > 100, so one correction keeps it in 0..n − 1): y is accepted when r is
  // within 50 of 0 or n, which is isIntegerPercent(y, n) without a division per count.
  const start = (100 * x) % n;
  let f = 1;
  let r = start;
  for (let y = x; y < high && f > 0; y++) {
    f *= ((n - y) / (y + 1)) * odds;
    r += 100;
    if (r >= n) r -= n;
    if (r <= 50 || n - r <= 50) hit += f;
    else miss += f;
  }
  f = 1;
  r = start;
  for (let y = x; y > low && f > 0; y--) {
    f *= y / (n - y + 1) / odds;
    r -= 100;
    if (r < 0) r += n;
    if (r <= 50 || n - r <= 50) hit += f;
    else miss += f;
  }
  return hit / (hit + miss);
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

/**
 * Variance Σ q·(1 − q) of the hit count up to which its tails come from the exact distribution (sd 50);
 * above it, from the refined normal approximation. At this switch the two differ by about 5e-6 in
 * P(S ≥ k) over k within 8 sd for typical tables (5.2e-6 for turnout of a clean synthetic table, 4.0e-6 for its
 * leader's share; 8.2e-6 in a review's test of half a million units with q uniform on 0..0.01), under the 1e-5
 * that tests/stats/integer-percent.test.ts allows, and the difference falls about as 1/variance: 1.4e-4 at
 * variance 100, 1.3e-6 at 10,000. Relative differences are larger far out (16% at 8 sd, where p is about
 * 1e-15). Cost of the exact convolution at the switch, measured in CPU: 28 ms for 23,000 units with q ≈ 0.11
 * (stations of about 1,000 voters), 0.2 s for 252,000 units with q = 0.01, 0.84 s in the extreme of
 * 1,000,000 units with q = 0.0025 (denominators near 40,000); at variance 10,000 it would take 155 ms for the
 * 92,000 units of a synthetic region, so raising the switch would cost seconds on a national table.
 */
export const EXACT_MAX_VARIANCE = 2500;

/** Bound on the probability mass the exact convolution drops, hence on its error in any tail. */
const EXACT_DROPPED_MASS = 1e-15;

/** Sums over the units with 0 < q < 1 (the random ones) and the count of units with q = 1 (certain hits). */
export interface NullMoments {
  /** Σ q over the random units. */
  mean: number;
  variance: number;
  /** Σ q·(1 − q)·(1 − 2q), the third central moment. */
  third: number;
  random: number;
  certain: number;
}

/** The {@link NullMoments} of the units at `indices` (all when null); NaN entries are skipped. */
export function momentsOf(q: Numbers, indices: ArrayLike<number> | null = null): NullMoments {
  const count = indices ? indices.length : q.length;
  let mean = 0;
  let variance = 0;
  let third = 0;
  let random = 0;
  let certain = 0;
  for (let j = 0; j < count; j++) {
    const p = q[indices ? (indices[j] as number) : j] as number;
    if (p > 0 && p < 1) {
      const v = p * (1 - p);
      mean += p;
      variance += v;
      third += v * (1 - 2 * p);
      random++;
    } else if (p >= 1) certain++;
  }
  return { mean, variance, third, random, certain };
}

/** Upper tail P(S ≥ observed) and lower tail P(S < observed) of a hit count S; they add up to 1 (within 1e-15). */
export interface HitCountTails {
  atLeast: number;
  below: number;
  tails: IntegerPercentTails;
}

/** The exact distribution of a hit count over a window: P(S = offset + i) = pmf[i]. */
export interface HitCountDistribution {
  offset: number;
  pmf: Float64Array;
}

/**
 * The distribution of S = certain + Σ Bernoulli(q) over the units at `indices` (all when null) with 0 < q < 1,
 * by dynamic programming: the distribution of the partial sum is convolved with one unit at a time over a
 * window [μ − t, μ + t] around the partial mean μ, with t = c/3 + √((c/3)² + 2c·σ²) for the partial variance
 * σ² and c = ln(2m / 10^-15), m random units. By Bernstein's inequality the partial sum leaves its window
 * with chance below 2e^-c = 10^-15 / m, and the truncation only ever drops mass, so over the m steps at most
 * 10^-15 is lost: every tail is exact to 1e-15 plus rounding (up to about 1e-16 relative per unit; 4e-14
 * measured for 3,000 units against the binomial). A tail under 1e-15 has no guaranteed relative precision
 * (it comes out as 0 beyond the window). The window is about 2t cells wide (t ≈ 10σ for large σ), so the
 * cost is about m·2t cell updates of about 1 ns each.
 */
export function hitCountDistribution(
  q: Numbers,
  indices: ArrayLike<number> | null = null,
  moments: NullMoments = momentsOf(q, indices),
): HitCountDistribution {
  const m = moments.random;
  const c = Math.log((2 * Math.max(m, 1)) / EXACT_DROPPED_MASS);
  const c3 = c / 3;
  const top = Math.min(m, Math.floor(moments.mean + c3 + Math.sqrt(c3 * c3 + 2 * c * moments.variance)) + 1);
  const pmf = new Float64Array(top + 1);
  pmf[0] = 1;
  let lo = 0;
  let hi = 0;
  let mean = 0;
  let variance = 0;
  const count = indices ? indices.length : q.length;
  for (let j = 0; j < count; j++) {
    const p = q[indices ? (indices[j] as number) : j] as number;
    if (!(p > 0 && p < 1)) continue;
    mean += p;
    variance += p * (1 - p);
    const t = c3 + Math.sqrt(c3 * c3 + 2 * c * variance);
    // The window only moves up (μ + t and μ − t grow by less than one count a step) and never past `top`.
    const newHi = Math.min(hi + 1, top, Math.floor(mean + t));
    const newLo = Math.max(lo, Math.ceil(mean - t));
    const r = 1 - p;
    // pmf[hi + 1] was never written, so it is 0; in place from the top down, each cell still reads its old
    // lower neighbour.
    for (let s = newHi; s > newLo; s--) pmf[s] = (pmf[s] as number) * r + (pmf[s - 1] as number) * p;
    pmf[newLo] = (pmf[newLo] as number) * r + (newLo > lo ? (pmf[newLo - 1] as number) * p : 0);
    lo = newLo;
    hi = newHi;
  }
  return { offset: moments.certain + lo, pmf: pmf.subarray(lo, hi + 1) };
}

/** Exact tails at `observed` from {@link hitCountDistribution}. */
function exactTails(
  q: Numbers,
  indices: ArrayLike<number> | null,
  moments: NullMoments,
  observed: number,
): HitCountTails {
  const need = observed - moments.certain;
  if (need <= 0) return { atLeast: 1, below: 0, tails: 'exact' };
  if (need > moments.random) return { atLeast: 0, below: 1, tails: 'exact' };
  const { offset, pmf } = hitCountDistribution(q, indices, moments);
  const k = observed - offset;
  // Tails summed from their small end, so a tiny tail keeps its relative precision.
  let atLeast = 0;
  for (let i = pmf.length - 1; i >= Math.max(0, k); i--) atLeast += pmf[i] as number;
  let below = 0;
  for (let i = 0; i < Math.min(pmf.length, k); i++) below += pmf[i] as number;
  return { atLeast: Math.min(1, atLeast), below: Math.min(1, below), tails: 'exact' };
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * Tails of S by the refined normal approximation (Volkova 1996; Hong 2013, eq. 5): with x = (k − 0.5 − μ)/σ
 * (continuity correction) and γ the skewness, P(S < k) ≈ G(x) = Φ(x) + γ·(1 − x²)·φ(x)/6, P(S ≥ k) ≈ 1 − G(x)
 * computed as Φ(−x) − γ·(1 − x²)·φ(x)/6 (no cancellation in the upper tail), each clamped to 0..1. Φ is the
 * @stdlib normal CDF.
 */
function refinedNormalTails(moments: NullMoments, observed: number): HitCountTails {
  const need = observed - moments.certain;
  if (need <= 0) return { atLeast: 1, below: 0, tails: 'refinedNormal' };
  if (need > moments.random) return { atLeast: 0, below: 1, tails: 'refinedNormal' };
  const sd = Math.sqrt(moments.variance);
  const gamma = moments.third / (sd * sd * sd);
  const x = (need - 0.5 - moments.mean) / sd;
  const skew = (gamma * (1 - x * x) * Math.exp((-x * x) / 2) * INV_SQRT_2PI) / 6;
  const cdf = normalCdf();
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  return { atLeast: clamp(cdf(-x, 0, 1) - skew), below: clamp(cdf(x, 0, 1) + skew), tails: 'refinedNormal' };
}

/**
 * Tails of the Poisson-binomial count S = Σ Bernoulli(q_i) at `observed`: P(S ≥ observed) and P(S < observed).
 * Units with q = 1 (or q = 0) are constants. `method` 'auto' (the default) is exact while Σ q·(1 − q) is at
 * most {@link EXACT_MAX_VARIANCE}, refined normal above; `indices` picks the units of q to use (all by default).
 */
export function poissonBinomialTails(
  q: Numbers,
  observed: number,
  method: IntegerPercentTails | 'auto' = 'auto',
  indices: ArrayLike<number> | null = null,
): HitCountTails {
  const moments = momentsOf(q, indices);
  const exact = method === 'exact' || (method === 'auto' && moments.variance <= EXACT_MAX_VARIANCE);
  return exact ? exactTails(q, indices, moments, observed) : refinedNormalTails(moments, observed);
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
  const base = {
    test: 'integerPercentExcess' as const,
    statisticName: 'integerPercentUnits',
    effectSizeName: 'excessShareOfUnits',
    units: used,
    observedByPercent,
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
  // Left-out and missing units have q = NaN, which the moments and the convolution skip.
  const moments = momentsOf(probability, indices);
  const exact = moments.variance <= EXACT_MAX_VARIANCE;
  const t = exact
    ? exactTails(probability, indices, moments, observed)
    : refinedNormalTails(moments, observed);
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
 * Excess of integer percentages: counts units whose share numerator/denominator is an integer percentage
 * (see {@link isIntegerPercent}) and compares the count with its distribution under the paper's null, each
 * numerator redrawn as Binomial(denominator, numerator/denominator). A redraw is a hit with chance
 * q = {@link integerPercentProbability}, independently across units, so the count of hits is Poisson-binomial:
 * its mean Σq, sd √Σq(1 − q) and tails are computed rather than simulated. Statistic: the observed count;
 * expected: Σq; p-value: one-sided P(S ≥ observed), exact (to 1e-15) when Σq(1 − q) ≤ {@link
 * EXACT_MAX_VARIANCE} and by the refined normal approximation above, within about 5e-6 of exact
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
  return integerPercentGroup(integerPercentUnits(numerators, denominators, minDenominator), null, minUnits);
}
