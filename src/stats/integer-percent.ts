/** Excess of integer percentages (Kobak, Shpilkin and Pshenichnikov 2016) against a seeded binomial Monte Carlo. */
import { lazy } from './lazy.js';
import type { Numbers, StatResult } from './types.js';
import { assertIntegerOption, assertWholeCounts, tooFewUnits } from './types.js';

const mt19937 = lazy<typeof import('@stdlib/random-base-mt19937')>('@stdlib/random-base-mt19937');

/** Options of {@link integerPercentExcess}. */
export interface IntegerPercentOptions {
  /** Per-unit numerators: ballots cast (for turnout) or the leader's votes (for the leader's share). */
  numerators: Numbers;
  /** Per-unit denominators: registered voters (turnout) or valid ballots (leader's share). */
  denominators: Numbers;
  /** Seed of the Mersenne Twister behind the simulations, 1..4294967295; the same seed gives the same result. */
  seed: number;
  /** Monte-Carlo simulations (default 1000; cost grows with units × iterations, about 0.01 µs per unit and simulation). */
  iterations?: number;
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
  /** Mean and standard deviation of the same count over the Monte-Carlo simulations. */
  monteCarloMean: number | null;
  monteCarloStdDev: number | null;
  /**
   * Exact mean and standard deviation of the count under the null (sum of q and of q·(1 − q) over units, q
   * being a unit's chance to land on a whole percentage), which the Monte-Carlo mean and sd estimate.
   */
  exactMean: number | null;
  exactStdDev: number | null;
  /** Share of simulations with fewer hits than observed (the observed count's Monte-Carlo percentile, 0..1). */
  percentile: number | null;
  /** (observed − mean) / standard deviation; null when the simulations did not vary. */
  z: number | null;
  /** Observed hits at each integer percentage 0..100 (always filled, for charts of the peaks). */
  observedByPercent: number[];
  iterations: number;
  seed: number;
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

const TWO_32 = 2 ** 32;

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
 * with no rejected count gives exactly 1.
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

/**
 * Excess of integer percentages: counts units whose share numerator/denominator is an integer percentage
 * (see {@link isIntegerPercent}) and compares it with a Monte-Carlo null that redraws each numerator as
 * Binomial(denominator, numerator/denominator) and counts the hits again, as in the paper (simulated exactly
 * but cheaply: a unit's redraw is a hit with chance {@link integerPercentProbability}, so each simulation draws
 * one seeded uniform per unit whose chance is strictly between 0 and 1, instead of a binomial variate).
 * Statistic: the
 * observed count; expected: the Monte-Carlo mean; p-value: one-sided (1 + #simulations ≥ observed) / (1 +
 * iterations); effect size: (observed − mean) / units, the share of units in excess of chance. Run it on
 * turnout and on the leader's share separately. An excess is an anomaly consistent with results written to a
 * target percentage.
 * Source: Kobak, Shpilkin and Pshenichnikov, "Integer percentages as electoral falsification fingerprints",
 * The Annals of Applied Statistics 10(1), 54–73, 2016.
 */
export function integerPercentExcess(options: IntegerPercentOptions): IntegerPercentResult {
  const { numerators, denominators, seed, iterations = 1000, minDenominator = 100, minUnits = 100 } = options;
  if (numerators.length !== denominators.length) {
    throw new RangeError(
      `numerators and denominators differ in length: ${numerators.length} and ${denominators.length}.`,
    );
  }
  assertWholeCounts(numerators, 'numerators');
  assertWholeCounts(denominators, 'denominators');
  assertIntegerOption(seed, 'seed', 1, 4294967295);
  assertIntegerOption(iterations, 'iterations', 1);
  assertIntegerOption(minDenominator, 'minDenominator', 1);
  assertIntegerOption(minUnits, 'minUnits', 1);

  const xs: number[] = [];
  const ns: number[] = [];
  const observedByPercent = new Array<number>(101).fill(0);
  let observed = 0;
  for (let i = 0; i < numerators.length; i++) {
    const x = numerators[i] as number;
    const n = denominators[i] as number;
    if (n < minDenominator || x > n) continue;
    xs.push(x);
    ns.push(n);
    if (isIntegerPercent(x, n)) {
      observed++;
      const k = Math.round((100 * x) / n);
      observedByPercent[k] = (observedByPercent[k] as number) + 1;
    }
  }
  const units = xs.length;
  const base = {
    test: 'integerPercentExcess' as const,
    statisticName: 'integerPercentUnits',
    effectSizeName: 'excessShareOfUnits',
    units,
    observedByPercent,
    iterations,
    seed,
    excluded: numerators.length - units,
  };
  if (units < minUnits) {
    return {
      ...base,
      statistic: null,
      expected: null,
      pValue: null,
      effectSize: null,
      observed: null,
      monteCarloMean: null,
      monteCarloStdDev: null,
      exactMean: null,
      exactStdDev: null,
      percentile: null,
      z: null,
      insufficient: tooFewUnits(units, minUnits, `units with a denominator of ${minDenominator} or more`),
    };
  }

  // The null redraws each numerator as Binomial(n, x/n) and asks only whether the draw is a hit, so a unit's
  // hit is Bernoulli(q) with q = P(draw is an integer percentage): computed once per unit, then each
  // simulation draws one uniform per unit and counts u < q. Same distribution of the simulated counts as the
  // binomial redraws, at one 32-bit draw per unit and simulation instead of a binomial variate.
  let exactMean = 0;
  let exactVariance = 0;
  let certain = 0;
  const thresholds: number[] = [];
  const remainders: number[] = [];
  for (let i = 0; i < units; i++) {
    const q = integerPercentProbability(xs[i] as number, ns[i] as number);
    exactMean += q;
    exactVariance += q * (1 - q);
    if (q >= 1) certain++;
    else if (q > 0) {
      // u < q for u = (a + b / 2^32) / 2^32 with a, b uniform 32-bit words: a < ⌊q·2^32⌋ is a hit, a above it
      // a miss, and only a tie (chance 2^-32) draws b; exact to 2^-64, far below the error of q itself.
      const scaled = q * TWO_32;
      const threshold = Math.floor(scaled);
      thresholds.push(threshold);
      remainders.push((scaled - threshold) * TWO_32);
    }
  }
  const random = thresholds.length;
  const draw = mt19937().factory({ seed });
  let atLeast = 0;
  let below = 0;
  let sum = 0;
  let sumSquares = 0;
  for (let s = 0; s < iterations; s++) {
    let hits = certain;
    for (let j = 0; j < random; j++) {
      const a = draw();
      const threshold = thresholds[j] as number;
      if (a < threshold || (a === threshold && draw() < (remainders[j] as number))) hits++;
    }
    if (hits >= observed) atLeast++;
    else below++;
    sum += hits;
    sumSquares += hits * hits;
  }
  const mean = sum / iterations;
  const variance =
    iterations > 1 ? Math.max(0, (sumSquares - iterations * mean * mean) / (iterations - 1)) : 0;
  const sd = Math.sqrt(variance);
  return {
    ...base,
    statistic: observed,
    expected: mean,
    pValue: (1 + atLeast) / (1 + iterations),
    effectSize: (observed - mean) / units,
    observed,
    monteCarloMean: mean,
    monteCarloStdDev: sd,
    exactMean,
    exactStdDev: Math.sqrt(exactVariance),
    percentile: below / iterations,
    z: sd > 0 ? (observed - mean) / sd : null,
    insufficient: null,
  };
}
