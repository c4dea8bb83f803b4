/** Known answers and injected rounding for the integer-percentage excess test. */
import binomial from '@stdlib/random-base-binomial';
import { describe, expect, it } from 'vitest';
import { integerPercentExcess, isIntegerPercent } from '../../src/stats/index.js';
import { integerPercentProbability } from '../../src/stats/integer-percent.js';
import { columns, synthTable } from './helpers.js';

describe('isIntegerPercent', () => {
  it.each([
    [50, 100, true],
    [330, 1000, true],
    [333, 1000, false],
    [335, 1000, false],
    // The examples of a turnout "fitted" to 85%: 1658/1950 = 85.03%, 1619/1905 = 84.99%, 263/309 = 85.11%.
    [1658, 1950, true],
    [1619, 1905, true],
    [263, 309, true],
    [264, 309, false],
    [0, 500, true],
    [500, 500, true],
  ])('%d of %d → %s', (x, n, expected) => {
    expect(isIntegerPercent(x, n)).toBe(expected);
  });
});

/** P(Binomial(n, x/n) is an integer percentage) by brute force: every count 0..n, pmf walked up in logs from 0. */
function bruteForceProbability(x: number, n: number): number {
  const p = x / n;
  let logPmf = n * Math.log1p(-p);
  let hit = 0;
  let total = 0;
  for (let y = 0; y <= n; y++) {
    if (y > 0) logPmf += Math.log((n - y + 1) / y) + Math.log(p) - Math.log1p(-p);
    const f = Math.exp(logPmf);
    total += f;
    if (isIntegerPercent(y, n)) hit += f;
  }
  return hit / total;
}

describe('integerPercentProbability', () => {
  it.each([
    [1, 101],
    [50, 101],
    [1, 1000],
    [700, 1000],
    [333, 1000],
    [999, 1000],
    [37, 199],
    [888, 1719],
    [1234, 2017],
    [3, 20000],
    [12345, 20000],
  ])('matches the sum over all counts for %d of %d', (x, n) => {
    expect(Math.abs(integerPercentProbability(x, n) - bruteForceProbability(x, n))).toBeLessThan(1e-13);
  });

  it('is exactly 1 for constant draws and where every count is a whole percentage', () => {
    expect(integerPercentProbability(0, 1000)).toBe(1);
    expect(integerPercentProbability(1000, 1000)).toBe(1);
    expect(integerPercentProbability(37, 100)).toBe(1);
    expect(integerPercentProbability(3, 7)).toBe(1);
    // 150 voters: whole percentages are 1.5 counts apart, so every count is within half a count of one.
    expect(integerPercentProbability(77, 150)).toBe(1);
  });

  it('is the hit rate of the binomial redraws it replaces', () => {
    const draw = binomial.factory({ seed: 5 });
    const draws = 50000;
    for (const [x, n] of [
      [1, 1000],
      [37, 199],
      [1234, 2017],
    ] as const) {
      const q = integerPercentProbability(x, n);
      let hits = 0;
      for (let i = 0; i < draws; i++) if (isIntegerPercent(draw(n, x / n), n)) hits++;
      // Within 4 standard errors of the binomial redraws' hit rate.
      expect(Math.abs(hits / draws - q)).toBeLessThan(4 * Math.sqrt((q * (1 - q)) / draws));
    }
  });
});

describe('integerPercentExcess', () => {
  const clean = columns(synthTable({ seed: 21, rows: 500 }));

  it('is deterministic for a seed', () => {
    const run = (seed: number) =>
      integerPercentExcess({
        numerators: clean.ballotsCast,
        denominators: clean.registered,
        seed,
        iterations: 200,
      });
    expect(run(9)).toEqual(run(9));
    expect(run(9).monteCarloMean).not.toBe(run(10).monteCarloMean);
    // The seed moves the simulations, not the exact null they estimate.
    expect(run(9).exactMean).toBe(run(10).exactMean);
  });

  it('simulates the exact null: the Monte-Carlo mean and sd estimate the sums of q and q·(1 − q)', () => {
    const iterations = 2000;
    const r = integerPercentExcess({
      numerators: clean.ballotsCast,
      denominators: clean.registered,
      seed: 4,
      iterations,
    });
    const exactMean = clean.ballotsCast.reduce(
      (sum, x, i) => sum + integerPercentProbability(x, clean.registered[i] as number),
      0,
    );
    expect(r.exactMean).toBeCloseTo(exactMean, 9);
    const sd = r.exactStdDev as number;
    expect(Math.abs((r.monteCarloMean as number) - exactMean)).toBeLessThan((4 * sd) / Math.sqrt(iterations));
    expect(r.monteCarloStdDev as number).toBeGreaterThan(0.9 * sd);
    expect(r.monteCarloStdDev as number).toBeLessThan(1.1 * sd);
  });

  it('counts hits, peaks and exclusions by hand', () => {
    const numerators = [50, 333, 330, 0, 120, 80, 7];
    const denominators = [100, 1000, 1000, 400, 100, 90, 7];
    const r = integerPercentExcess({ numerators, denominators, seed: 1, iterations: 10, minUnits: 1 });
    // 120 of 100 (above the register) and the two units under 100 voters are left out.
    expect(r.excluded).toBe(3);
    expect(r.units).toBe(4);
    expect(r.observed).toBe(3);
    expect(r.observedByPercent[50]).toBe(1);
    expect(r.observedByPercent[33]).toBe(1);
    expect(r.observedByPercent[0]).toBe(1);
  });

  it('gives p = 1 and no z when the Monte Carlo cannot vary (all shares 0 or 1)', () => {
    const r = integerPercentExcess({
      numerators: [0, 200, 0, 300],
      denominators: [150, 200, 250, 300],
      seed: 3,
      iterations: 50,
      minUnits: 1,
    });
    expect(r.observed).toBe(4);
    expect(r.expected).toBe(4);
    expect(r.monteCarloStdDev).toBe(0);
    expect(r.exactMean).toBe(4);
    expect(r.exactStdDev).toBe(0);
    expect(r.z).toBeNull();
    expect(r.pValue).toBe(1);
    expect(r.percentile).toBe(0);
    expect(r.effectSize).toBe(0);
  });

  it('is insufficient below 100 usable units', () => {
    const r = integerPercentExcess({ numerators: [10], denominators: [200], seed: 1 });
    expect(r.insufficient).toBe('units with a denominator of 100 or more: 1; the test needs at least 100.');
    expect(r.statistic).toBeNull();
    expect(r.pValue).toBeNull();
  });

  it.each([
    [{ seed: 0 }, /seed/],
    [{ seed: 1.5 }, /seed/],
    [{ seed: 1, iterations: 0 }, /iterations/],
  ])('rejects options %j', (options, message) => {
    expect(() => integerPercentExcess({ numerators: [1], denominators: [100], ...options })).toThrow(message);
  });

  it('rejects arrays of different lengths and non-whole counts', () => {
    expect(() => integerPercentExcess({ numerators: [1, 2], denominators: [100], seed: 1 })).toThrow(
      RangeError,
    );
    expect(() => integerPercentExcess({ numerators: [1.5], denominators: [100], seed: 1 })).toThrow(
      RangeError,
    );
  });

  it('finds turnout and leader shares written to whole percentages at 10% of units each', () => {
    // The generator rounds turnout in half of the units it picks and the leader's share in the other half.
    const c = columns(synthTable({ seed: 21, rows: 500, inject: { rounding: 0.2 } }));
    const iterations = 400;
    const turnout = integerPercentExcess({
      numerators: c.ballotsCast,
      denominators: c.registered,
      seed: 2,
      iterations,
    });
    const leader = integerPercentExcess({
      numerators: c.leaderVotes,
      denominators: c.valid,
      seed: 2,
      iterations,
    });
    for (const r of [turnout, leader]) {
      expect(r.pValue).toBe(1 / (1 + iterations));
      expect(r.percentile).toBe(1);
      expect(r.effectSize).toBeGreaterThan(0.05);
      expect(r.z).toBeGreaterThan(3);
    }
    const baseline = integerPercentExcess({
      numerators: clean.ballotsCast,
      denominators: clean.registered,
      seed: 2,
      iterations,
    });
    expect(baseline.pValue).toBeGreaterThan(0.05);
  });
});
