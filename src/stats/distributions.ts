/** Thin wrappers over @stdlib distribution functions, so every p-value in src/stats comes from one place. */
import { lazy } from './lazy.js';

const chiSquareCdf = lazy<typeof import('@stdlib/stats-base-dists-chisquare-cdf')>(
  '@stdlib/stats-base-dists-chisquare-cdf',
);
const normalCdf = lazy<typeof import('@stdlib/stats-base-dists-normal-cdf')>(
  '@stdlib/stats-base-dists-normal-cdf',
);
const tCdf = lazy<typeof import('@stdlib/stats-base-dists-t-cdf')>('@stdlib/stats-base-dists-t-cdf');

/** Upper tail P(X ≥ x) of a chi-square distribution with `df` degrees of freedom (@stdlib CDF). */
export function chiSquareUpperTail(x: number, df: number): number {
  // 1 - CDF: tails below about 1e-16 come out as 0, which is all a report needs.
  return Math.min(1, Math.max(0, 1 - chiSquareCdf()(x, df)));
}

/** Two-sided p-value of a standard-normal z score (@stdlib CDF, computed on the lower tail for precision). */
export function normalTwoSided(z: number): number {
  return Math.min(1, 2 * normalCdf()(-Math.abs(z), 0, 1));
}

/** Two-sided p-value of a Student t statistic with `df` degrees of freedom (@stdlib CDF). */
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
