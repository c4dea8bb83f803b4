/** Excess of integer percentages (Kobak, Shpilkin and Pshenichnikov 2016) against a seeded binomial Monte Carlo. */
import { lazy } from './lazy.js';
import type { Numbers, StatResult } from './types.js';
import { assertIntegerOption, assertWholeCounts, tooFewUnits } from './types.js';

const binomial = lazy<typeof import('@stdlib/random-base-binomial')>('@stdlib/random-base-binomial');

/** Options of {@link integerPercentExcess}. */
export interface IntegerPercentOptions {
  /** Per-unit numerators: ballots cast (for turnout) or the leader's votes (for the leader's share). */
  numerators: Numbers;
  /** Per-unit denominators: registered voters (turnout) or valid ballots (leader's share). */
  denominators: Numbers;
  /** Seed of the Mersenne Twister behind the binomial draws, 1..4294967295; the same seed gives the same result. */
  seed: number;
  /** Monte-Carlo simulations (default 1000; cost grows with units × iterations, about 0.15 µs per draw). */
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

/**
 * Excess of integer percentages: counts units whose share numerator/denominator is an integer percentage
 * (see {@link isIntegerPercent}) and compares it with a Monte-Carlo null that redraws each numerator as
 * Binomial(denominator, numerator/denominator) and counts the hits again, as in the paper. Statistic: the
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
      percentile: null,
      z: null,
      insufficient: tooFewUnits(units, minUnits, `units with a denominator of ${minDenominator} or more`),
    };
  }

  const draw = binomial().factory({ seed });
  let atLeast = 0;
  let below = 0;
  let sum = 0;
  let sumSquares = 0;
  for (let s = 0; s < iterations; s++) {
    let hits = 0;
    for (let i = 0; i < units; i++) {
      const n = ns[i] as number;
      const x = xs[i] as number;
      // Binomial(n, 0) and Binomial(n, 1) are constant; skipping the draw keeps them exact and fast.
      const y = x === 0 || x === n ? x : draw(n, x / n);
      if (isIntegerPercent(y, n)) hits++;
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
    percentile: below / iterations,
    z: sd > 0 ? (observed - mean) / sd : null,
    insufficient: null,
  };
}
