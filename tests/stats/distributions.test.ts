/** Far tails of the p-value functions: computed as tails, never as 1 − CDF (which cancels to 0 below 1e-16). */
import { describe, expect, it } from 'vitest';
import { chiSquareUpperTail, normalTwoSided, studentTwoSided } from '../../src/stats/distributions.js';

/** Relative difference from a reference value. */
function relativeError(value: number, reference: number): number {
  return Math.abs(value - reference) / reference;
}

describe('chiSquareUpperTail', () => {
  // With 2 degrees of freedom the tail is exp(−x/2) exactly.
  it.each([82.71604517382468, 100, 1169.89])('is exp(−x/2) with 2 df, x = %d', (x) => {
    expect(relativeError(chiSquareUpperTail(x, 2), Math.exp(-x / 2))).toBeLessThan(1e-14);
  });

  // Q(df/2, x/2) from mpmath 1.3.0 at 40 digits, to 15 significant digits: gammainc(df/2, x/2, inf, regularized=True).
  it.each([
    [82.71604517382468, 2, 1.09254418049302e-18],
    [56.58, 9, 6.08090778066458e-9],
    [1000, 9, 1.72406811892247e-209],
    [200, 1, 2.08848758376254e-45],
  ])('P(χ² ≥ %d) with %d df is %d (mpmath)', (x, df, p) => {
    expect(relativeError(chiSquareUpperTail(x, df), p)).toBeLessThan(1e-12);
  });

  it('is 0 only where the tail is below the smallest positive double', () => {
    // exp(−744.5) rounds to the smallest subnormal, exp(−745.5) to 0.
    expect(chiSquareUpperTail(1489, 2)).toBe(Number.MIN_VALUE);
    expect(chiSquareUpperTail(1491, 2)).toBe(0);
  });

  it('is 1 at and below 0', () => {
    expect(chiSquareUpperTail(0, 9)).toBe(1);
    expect(chiSquareUpperTail(-1, 2)).toBe(1);
  });
});

describe('normalTwoSided', () => {
  // erfc(z/√2) from mpmath 1.3.0 at 40 digits, to 15 significant digits.
  it.each([
    [8.227536212993455, 1.91103365614447e-16],
    [20, 5.50724823721247e-89],
    [-37, 1.14511424450492e-299],
  ])('z = %d gives %d (mpmath)', (z, p) => {
    expect(relativeError(normalTwoSided(z), p)).toBeLessThan(1e-12);
  });
});

describe('studentTwoSided', () => {
  // I_{df/(df+t²)}(df/2, 1/2) from mpmath 1.3.0 at 40 digits (betainc, regularized), to 15 significant digits.
  it.each([
    [4.67, 429, 4.03535947431204e-6],
    [20, 100, 9.99426786133696e-37],
    [-50, 1000, 2.75867241232517e-274],
  ])('t = %d with %d df gives %d (mpmath)', (t, df, p) => {
    expect(relativeError(studentTwoSided(t, df), p)).toBeLessThan(1e-12);
  });
});
