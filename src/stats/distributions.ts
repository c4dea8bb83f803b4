/** Thin wrappers over @stdlib distribution functions, so every p-value in src/stats comes from one place. */
import { lazy } from './lazy.js';

const gammainc = lazy<typeof import('@stdlib/math-base-special-gammainc')>(
  '@stdlib/math-base-special-gammainc',
);
const normalCdf = lazy<typeof import('@stdlib/stats-base-dists-normal-cdf')>(
  '@stdlib/stats-base-dists-normal-cdf',
);
const tCdf = lazy<typeof import('@stdlib/stats-base-dists-t-cdf')>('@stdlib/stats-base-dists-t-cdf');

/**
 * Upper tail P(X ≥ x) of a chi-square distribution with `df` degrees of freedom: the regularised upper incomplete
 * gamma function Q(df/2, x/2) of @stdlib, computed as the tail itself (for 2 df, exp(−x/2)). Why not 1 − CDF: that
 * cancels to 0 for tails below about 1e-16 (K² = 82.7 read p = 0 for 1.1e-18). 0 only where the tail is below the
 * smallest positive double (about x > 1490 for 2 df).
 */
export function chiSquareUpperTail(x: number, df: number): number {
  if (x < 0) return 1;
  return Math.min(1, gammainc()(x / 2, df / 2, true, true));
}

/**
 * Two-sided p-value of a standard-normal z score: @stdlib's CDF at −|z| (an erfc, so no cancellation; 0 only
 * beyond |z| ≈ 38.5, where the tail is below the smallest positive double).
 */
export function normalTwoSided(z: number): number {
  return Math.min(1, 2 * normalCdf()(-Math.abs(z), 0, 1));
}

/** Two-sided p-value of a Student t statistic with `df` degrees of freedom: @stdlib's CDF at −|t| (by symmetry, no cancellation). */
export function studentTwoSided(t: number, df: number): number {
  return Math.min(1, 2 * tCdf()(-Math.abs(t), df));
}

/** Pearson chi-square goodness of fit of observed counts to expected proportions (which sum to 1). */
export function chiSquareGoodnessOfFit(
  observed: readonly number[],
  proportions: readonly number[],
): { chiSquare: number; df: number; pValue: number } {
  const n = observed.reduce((a, b) => a + b, 0);
  let chiSquare = 0;
  for (let i = 0; i < observed.length; i++) {
    const e = n * (proportions[i] as number);
    chiSquare += ((observed[i] as number) - e) ** 2 / e;
  }
  const df = observed.length - 1;
  return { chiSquare, df, pValue: chiSquareUpperTail(chiSquare, df) };
}
