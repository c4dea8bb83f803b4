/** Skewness and excess kurtosis of per-unit values with D'Agostino-type normality tests. */
import { chiSquareUpperTail, normalTwoSided } from './distributions.js';
import type { Numbers, StatResult } from './types.js';
import { assertIntegerOption, tooFewUnits } from './types.js';

/** Result of {@link moments}. */
export interface MomentsResult extends StatResult {
  test: 'moments';
  mean: number | null;
  /** Sample skewness g1 = m3 / m2^1.5 (0 for a normal distribution). */
  skewness: number | null;
  /** Sample excess kurtosis g2 = m4 / m2² − 3 (about −6/(n+1) for a normal sample). */
  excessKurtosis: number | null;
  /** D'Agostino (1970) z for skewness and its two-sided p-value. */
  skewnessZ: number | null;
  skewnessPValue: number | null;
  /** Anscombe and Glynn (1983) z for kurtosis and its two-sided p-value. */
  kurtosisZ: number | null;
  kurtosisPValue: number | null;
  /** Values left out because they are not finite numbers. */
  excluded: number;
}

/** Options of {@link moments}. */
export interface MomentsOptions {
  /** Fewest values for a result (default and floor 20: the kurtosis z is unreliable below that). */
  minUnits?: number;
}

/** D'Agostino's transformation of the skewness g1 of n values to an approximately standard normal z. */
export function skewnessZ(g1: number, n: number): number {
  const y = g1 * Math.sqrt(((n + 1) * (n + 3)) / (6 * (n - 2)));
  const beta2 = (3 * (n * n + 27 * n - 70) * (n + 1) * (n + 3)) / ((n - 2) * (n + 5) * (n + 7) * (n + 9));
  const w2 = -1 + Math.sqrt(2 * (beta2 - 1));
  const delta = 1 / Math.sqrt(0.5 * Math.log(w2));
  const alpha = Math.sqrt(2 / (w2 - 1));
  return delta * Math.asinh(y / alpha);
}

/** Anscombe and Glynn's transformation of the (non-excess) kurtosis b2 of n values to a standard normal z. */
export function kurtosisZ(b2: number, n: number): number | null {
  const mean = (3 * (n - 1)) / (n + 1);
  const variance = (24 * n * (n - 2) * (n - 3)) / ((n + 1) ** 2 * (n + 3) * (n + 5));
  const x = (b2 - mean) / Math.sqrt(variance);
  const sqrtBeta1 =
    ((6 * (n * n - 5 * n + 2)) / ((n + 7) * (n + 9))) *
    Math.sqrt((6 * (n + 3) * (n + 5)) / (n * (n - 2) * (n - 3)));
  const a = 6 + (8 / sqrtBeta1) * (2 / sqrtBeta1 + Math.sqrt(1 + 4 / (sqrtBeta1 * sqrtBeta1)));
  const denominator = 1 + x * Math.sqrt(2 / (a - 4));
  if (denominator === 0) return null;
  const term = Math.sign(denominator) * Math.cbrt((1 - 2 / a) / Math.abs(denominator));
  return (1 - 2 / (9 * a) - term) / Math.sqrt(2 / (9 * a));
}

/**
 * Skewness and excess kurtosis of per-unit values (turnout, the leader's share), with the D'Agostino-Pearson
 * omnibus test: statistic K² = z_skew² + z_kurt² (expected 2 under normality), p-value from the chi-square
 * distribution with 2 degrees of freedom, and the skewness as effect size. Non-finite values are left out and
 * counted. Departure from normality is an anomaly consistent with, among much else, fraud at part of the units;
 * a clean election need not be normal either, so rules should read it alongside the other tests.
 * Sources: D'Agostino, "Transformation to normality of the null distribution of g1", Biometrika 57, 1970;
 * Anscombe and Glynn, "Distribution of the kurtosis statistic b2 for normal samples", Biometrika 70, 1983;
 * D'Agostino and Pearson, "Tests for departure from normality", Biometrika 60, 1973.
 */
export function moments(values: Numbers, { minUnits = 20 }: MomentsOptions = {}): MomentsResult {
  assertIntegerOption(minUnits, 'minUnits', 20);
  const sums = new MomentSums();
  for (let i = 0; i < values.length; i++) sums.count(values[i] as number);
  sums.centre();
  for (let i = 0; i < values.length; i++) sums.add(values[i] as number);
  return momentsOfSums(sums, { minUnits });
}

/**
 * The sums behind {@link moments}, for values that are not held in an array (computed one by one as they are
 * read): `count` every value, `centre`, then `add` the same values in the same order, and pass the sums to
 * {@link momentsOfSums}. Non-finite values are left out (and counted as excluded).
 */
export class MomentSums {
  /** Values counted; the finite ones among them and their sum. */
  seen = 0;
  n = 0;
  sum = 0;
  /** Mean of the finite values, set by `centre`. */
  mean = Number.NaN;
  /** Sums of the 2nd, 3rd and 4th powers of the deviations from the mean. */
  s2 = 0;
  s3 = 0;
  s4 = 0;

  /** First pass: one value. */
  count(v: number): void {
    this.seen++;
    if (!Number.isFinite(v)) return;
    this.n++;
    this.sum += v;
  }

  /** Between the passes. */
  centre(): void {
    this.mean = this.sum / this.n;
  }

  /** Second pass: one value, in the order of the first. */
  add(v: number): void {
    if (!Number.isFinite(v)) return;
    const d = v - this.mean;
    const d2 = d * d;
    this.s2 += d2;
    this.s3 += d2 * d;
    this.s4 += d2 * d2;
  }
}

/** {@link moments} of values already summed in a {@link MomentSums}. */
export function momentsOfSums(sums: MomentSums, { minUnits = 20 }: MomentsOptions = {}): MomentsResult {
  assertIntegerOption(minUnits, 'minUnits', 20);
  const n = sums.n;
  const base = {
    test: 'moments' as const,
    statisticName: 'dAgostinoPearsonK2',
    effectSizeName: 'skewness',
    units: n,
    excluded: sums.seen - n,
  };
  const empty = {
    statistic: null,
    expected: null,
    pValue: null,
    effectSize: null,
    mean: null,
    skewness: null,
    excessKurtosis: null,
    skewnessZ: null,
    skewnessPValue: null,
    kurtosisZ: null,
    kurtosisPValue: null,
  };
  if (n < minUnits) return { ...base, ...empty, insufficient: tooFewUnits(n, minUnits, 'finite values') };
  const mean = sums.mean;
  const m2 = sums.s2 / n;
  const m3 = sums.s3 / n;
  const m4 = sums.s4 / n;
  // Relative to the mean's size, so that identical values with rounding noise still count as constant.
  if (m2 <= Number.EPSILON * Math.max(1, mean * mean)) {
    return {
      ...base,
      ...empty,
      mean,
      insufficient: 'all values are equal; skewness and kurtosis are undefined.',
    };
  }
  const skewness = m3 / m2 ** 1.5;
  const b2 = m4 / (m2 * m2);
  const zs = skewnessZ(skewness, n);
  const zk = kurtosisZ(b2, n);
  const k2 = zk === null ? null : zs * zs + zk * zk;
  return {
    ...base,
    statistic: k2,
    expected: 2,
    pValue: k2 === null ? null : chiSquareUpperTail(k2, 2),
    effectSize: skewness,
    mean,
    skewness,
    excessKurtosis: b2 - 3,
    skewnessZ: zs,
    skewnessPValue: normalTwoSided(zs),
    kurtosisZ: zk,
    kurtosisPValue: zk === null ? null : normalTwoSided(zk),
    insufficient: null,
  };
}
