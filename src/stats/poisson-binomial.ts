/** The Poisson-binomial count of hits S = Σ Bernoulli(q_i) of the integer-percentage test: its moments and tails. */
import { lazy } from './lazy.js';
import type { Numbers } from './types.js';

const normalCdf = lazy<typeof import('@stdlib/stats-base-dists-normal-cdf')>(
  '@stdlib/stats-base-dists-normal-cdf',
);

/** How the tails of the hit count were computed: exact convolution, or the refined normal approximation. */
export type IntegerPercentTails = 'exact' | 'refinedNormal';

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
 * here (it comes out as 0 beyond the window): {@link exactTails} takes upper tails under 1e-9 from
 * {@link farUpperTail} instead. The window is about 2t cells wide (t ≈ 10σ for large σ), so the
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

/**
 * Exact tails at `observed` from {@link hitCountDistribution}, an upper tail under 1e-9 from {@link farUpperTail}
 * (relative error about 1e-11 against the binomial at 1,000,000 units; 0 only below the smallest positive double).
 */
export function exactTails(
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
  // The window's top drops up to 1e-15 of mass, so a smaller tail (0 beyond the window) is computed again.
  if (atLeast < FAR_TAIL) atLeast = farUpperTail(q, indices, moments, need);
  return { atLeast: Math.min(1, atLeast), below: Math.min(1, below), tails: 'exact' };
}

/** Upper tails below this are computed by {@link farUpperTail}: above it, the window's error is under 1e-6 of it. */
const FAR_TAIL = 1e-9;

/** −ln of half the smallest positive double: a probability below e^−746 is 0 as a double. */
const UNDERFLOW_LOG = 746;

/**
 * P(S ≥ certain + need) where it is small, with its relative precision. Why: the window of
 * {@link hitCountDistribution} (about 9 sd either side of the mean) cut tails under 1e-15 short or to 0, so an
 * observed count far above its expectation read p = 0. Here the convolution runs over a window around the path
 * that reaches `need`: the partial means of the exponentially tilted units q' = q·e^θ / (1 − q + q·e^θ), θ such that
 * Σ q' = need, ± the same Bernstein half-width under the tilted distribution; the cell `need` keeps every partial
 * sum that reached it. A path is weighted e^(Λ − θ·S) against its tilted chance (Λ = Σ ln(1 − q + q·e^θ)), at most
 * e^(Λ − θ·need) on the tail, so what the window drops (under 1e-15 of the tilted mass) is under about 1e-15 of
 * the tail times 1/P'(tail sits near need), a relative error near 1e-13. Cost: about as many cell updates as
 * {@link hitCountDistribution}'s (the tilted variance is of the same order), plus a few passes for θ. Tails that
 * Bennett's inequality, P(S − μ ≥ d) ≤ exp(−σ²·h(d/σ²)) with h(u) = (1 + u)·ln(1 + u) − u, puts below the
 * smallest positive double are 0 without either.
 * Sources: Bennett, "Probability inequalities for the sum of independent random variables", JASA 57, 1962;
 * exponential tilting as in Bucklew, "Introduction to Rare Event Simulation", Springer 2004, ch. 4.
 */
export function farUpperTail(
  q: Numbers,
  indices: ArrayLike<number> | null,
  moments: NullMoments,
  need: number,
): number {
  if (need <= 0) return 1;
  const m = moments.random;
  if (need > m) return 0;
  const d = need - moments.mean;
  if (d > 0 && moments.variance > 0) {
    const u = d / moments.variance;
    if (moments.variance * ((1 + u) * Math.log1p(u) - u) > UNDERFLOW_LOG) return 0;
  }
  const count = indices ? indices.length : q.length;
  const at = (j: number) => q[indices ? (indices[j] as number) : j] as number;
  // Every random unit a hit: the product of their q.
  if (need === m) {
    let log = 0;
    for (let j = 0; j < count; j++) {
      const p = at(j);
      if (p > 0 && p < 1) log += Math.log(p);
    }
    return Math.exp(log);
  }
  const theta = tilt(at, count, need, moments);
  const e = Math.exp(theta);
  // Λ = Σ ln(1 − q + q·e^θ): a path's chance is its tilted chance times e^(Λ − θ·S) (Λ over the units so far).
  // Compensated sums: Λ − θ·need cancels (about 4,500 − 4,550 for a tail near 1e-22 over 1,000,000 units), and
  // plain sums put 1e-8 of relative error in the tail there.
  const lambda = new CompensatedSum();
  for (let j = 0; j < count; j++) {
    const p = at(j);
    if (p > 0 && p < 1) lambda.add(Math.log1p(p * (e - 1)));
  }
  const c = Math.log((2 * Math.max(m, 1)) / EXACT_DROPPED_MASS);
  const c3 = c / 3;
  // Tilted chances of the partial sums below `need`; what reaches `need` at unit j adds its tilted chance times
  // e^(Λ_j − Λ), and the total times e^(Λ − θ·need) is the tail.
  const pmf = new Float64Array(need);
  pmf[0] = 1;
  let absorbed = 0;
  const partialLambda = new CompensatedSum();
  let lo = 0;
  let hi = 0;
  let mean = 0;
  let variance = 0;
  for (let j = 0; j < count; j++) {
    const p = at(j);
    if (!(p > 0 && p < 1)) continue;
    const tilted = (p * e) / (1 - p + p * e);
    partialLambda.add(Math.log1p(p * (e - 1)));
    mean += tilted;
    variance += tilted * (1 - tilted);
    const t = c3 + Math.sqrt(c3 * c3 + 2 * c * variance);
    const r = 1 - tilted;
    if (hi === need - 1)
      absorbed += (pmf[hi] as number) * tilted * Math.exp(partialLambda.difference(lambda));
    const newHi = Math.min(hi + 1, need - 1, Math.max(Math.floor(mean + t), 0));
    const newLo = Math.min(Math.max(lo, Math.ceil(mean - t)), newHi);
    for (let s = newHi; s > newLo; s--)
      pmf[s] = (s <= hi ? (pmf[s] as number) * r : 0) + (pmf[s - 1] as number) * tilted;
    pmf[newLo] = (pmf[newLo] as number) * r + (newLo > lo ? (pmf[newLo - 1] as number) * tilted : 0);
    lo = newLo;
    hi = newHi;
  }
  return Math.min(1, absorbed * Math.exp(lambda.value() - theta * need));
}

/** Neumaier's compensated summation: a running sum with the rounding error of each addition kept aside. */
class CompensatedSum {
  private sum = 0;
  private error = 0;

  add(x: number): void {
    const t = this.sum + x;
    this.error += Math.abs(this.sum) >= Math.abs(x) ? this.sum - t + x : x - t + this.sum;
    this.sum = t;
  }

  value(): number {
    return this.sum + this.error;
  }

  /** This sum minus another, the compensations subtracted apart. */
  difference(other: CompensatedSum): number {
    return this.sum - other.sum + (this.error - other.error);
  }
}

/** θ > 0 with Σ q·e^θ / (1 − q + q·e^θ) = need over the random units (Newton's method; the sum rises with θ). */
function tilt(at: (j: number) => number, count: number, need: number, moments: NullMoments): number {
  const m = moments.random;
  // Exact when every q is the same.
  let theta = Math.log((need * (m - moments.mean)) / (moments.mean * (m - need)));
  for (let iteration = 0; iteration < 100; iteration++) {
    const e = Math.exp(theta);
    let sum = 0;
    let slope = 0;
    for (let j = 0; j < count; j++) {
      const p = at(j);
      if (!(p > 0 && p < 1)) continue;
      const tilted = (p * e) / (1 - p + p * e);
      sum += tilted;
      slope += tilted * (1 - tilted);
    }
    const step = (sum - need) / slope;
    theta -= step;
    if (Math.abs(sum - need) < 1e-9 * need) break;
  }
  return theta;
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * Tails of S by the refined normal approximation (Volkova 1996; Hong 2013, eq. 5): with x = (k − 0.5 − μ)/σ
 * (continuity correction) and γ the skewness, P(S < k) ≈ G(x) = Φ(x) + γ·(1 − x²)·φ(x)/6, P(S ≥ k) ≈ 1 − G(x)
 * computed as Φ(−x) − γ·(1 − x²)·φ(x)/6 (no cancellation in the upper tail), each clamped to 0..1. Φ is the
 * @stdlib normal CDF.
 */
export function refinedNormalTails(moments: NullMoments, observed: number): HitCountTails {
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
