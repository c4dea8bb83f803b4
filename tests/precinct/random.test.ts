/** The seeded PRNG and its draws: reproducible, and distributed as they claim. */
import { describe, expect, it } from 'vitest';
import { logFactorial, Random } from '../../src/precinct/random.js';

const draws = (n: number, f: () => number) => Array.from({ length: n }, f);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: number[]) => {
  const m = mean(xs);
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
};

describe('Random', () => {
  it('repeats its sequence for a seed', () => {
    expect(draws(5, () => new Random(1).nextUint32())).toEqual(new Array(5).fill(new Random(1).nextUint32()));
    const a = new Random(42);
    const b = new Random(42);
    expect(draws(100, () => a.uniform())).toEqual(draws(100, () => b.uniform()));
    expect(new Random(43).uniform()).not.toBe(new Random(42).uniform());
  });

  it('draws uniforms in [0, 1) with the right mean', () => {
    const rng = new Random(2);
    const xs = draws(100000, () => rng.uniform());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(mean(xs)).toBeCloseTo(0.5, 2);
  });

  it('draws normals, gammas and betas with the right moments', () => {
    const rng = new Random(3);
    const z = draws(50000, () => rng.normal());
    expect(mean(z)).toBeCloseTo(0, 1);
    expect(variance(z)).toBeCloseTo(1, 1);
    for (const shape of [0.5, 3]) {
      const g = draws(50000, () => rng.gamma(shape));
      expect(mean(g) / shape).toBeCloseTo(1, 1);
      expect(variance(g) / shape).toBeCloseTo(1, 1);
    }
    expect(mean(draws(20000, () => rng.beta(0.6, 40)))).toBeCloseTo(0.6, 2);
  });

  it.each([
    [1000, 0.3],
    [3000, 0.6],
    [50, 0.02],
  ])('draws Binomial(%i, %f) with its mean and variance', (n, p) => {
    const rng = new Random(n);
    const xs = draws(40000, () => rng.binomial(n, p));
    expect(mean(xs) / (n * p)).toBeCloseTo(1, 2);
    expect(variance(xs) / (n * p * (1 - p))).toBeCloseTo(1, 1);
    expect(xs.every((x) => Number.isInteger(x) && x >= 0 && x <= n)).toBe(true);
  });

  it('draws Binomial(10, 0.3) with exactly its probabilities (chi-square)', () => {
    const rng = new Random(9);
    const n = 10;
    const p = 0.3;
    const trials = 100000;
    const seen = new Array(n + 1).fill(0);
    for (let i = 0; i < trials; i++) seen[rng.binomial(n, p)]++;
    let chi = 0;
    for (let k = 0; k <= n; k++) {
      const pk =
        Math.exp(logFactorial(n) - logFactorial(k) - logFactorial(n - k)) * p ** k * (1 - p) ** (n - k);
      if (pk * trials >= 5) chi += (seen[k] - pk * trials) ** 2 / (pk * trials);
    }
    // At most 10 degrees of freedom: 29.6 is the 0.1% critical value.
    expect(chi).toBeLessThan(29.6);
  });

  it('handles the edges of the binomial', () => {
    const rng = new Random(4);
    expect([rng.binomial(0, 0.5), rng.binomial(10, 0), rng.binomial(10, 1), rng.binomial(-1, 0.5)]).toEqual([
      0, 0, 10, 0,
    ]);
  });

  it('draws multinomials that add up', () => {
    const rng = new Random(5);
    const out = new Float64Array(3);
    for (let i = 0; i < 100; i++) {
      rng.multinomial(500, [0.5, 0.3, 0.2], out);
      expect(out.reduce((a, b) => a + b, 0)).toBe(500);
    }
  });

  it('computes log-factorials on both sides of the table', () => {
    expect(logFactorial(10)).toBeCloseTo(Math.log(3628800), 10);
    let exact = 0;
    for (let k = 1; k <= 300; k++) exact += Math.log(k);
    expect(logFactorial(300)).toBeCloseTo(exact, 8);
  });
});
