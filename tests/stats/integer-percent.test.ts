/** Known answers, exact tails against brute force, and injected rounding for the integer-percentage excess test. */
import binomial from '@stdlib/random-base-binomial';
import { describe, expect, it } from 'vitest';
import { integerPercentExcess, integerPercentGroup, isIntegerPercent } from '../../src/stats/index.js';
import {
  EXACT_MAX_VARIANCE,
  hitCountDistribution,
  integerPercentProbability,
  integerPercentUnits,
  LEFT_OUT,
  MISSING,
  momentsOf,
  NO_HIT,
  poissonBinomialTails,
} from '../../src/stats/integer-percent.js';
import { columns, synthTable, uniformSource } from './helpers.js';

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

  it.each([
    [1, 1000],
    [333, 1000],
    [888, 1719],
    [37, 199],
  ])('is symmetric: q(%d, %d) = q(n − x, n)', (x, n) => {
    expect(integerPercentProbability(x, n)).toBeCloseTo(integerPercentProbability(n - x, n), 14);
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

describe('integerPercentUnits', () => {
  it('marks missing and left-out units and the percentage each hit lands on', () => {
    const u = integerPercentUnits([50, -1, 120, 80, 333, 330], [100, 500, 100, 90, 1000, -1]);
    expect([...u.percent]).toEqual([50, MISSING, LEFT_OUT, LEFT_OUT, NO_HIT, MISSING]);
    expect(u.probability[0]).toBe(1);
    expect(Number.isNaN(u.probability[1])).toBe(true);
    expect(u.probability[4]).toBe(integerPercentProbability(333, 1000));
  });

  it('shares one computation between equal and mirrored pairs, also once its memo is full', () => {
    // 16 units fill the smallest memo (16 slots) only to 12: the last distinct pairs are computed unmemoised.
    const draw = uniformSource(3);
    const n = Array.from({ length: 40 }, (_, i) => (i < 20 ? 150 + Math.floor(draw() * 900) : 1000));
    const x = n.map((d, i) => (i < 20 ? Math.floor(draw() * d) : i % 2 ? 337 : 663));
    for (const count of [16, 40]) {
      const u = integerPercentUnits(x.slice(0, count), n.slice(0, count));
      for (let i = 0; i < count; i++) {
        expect(u.probability[i]).toBeCloseTo(integerPercentProbability(x[i] as number, n[i] as number), 14);
      }
    }
  });
});

/** P(S = s) for a sum of independent Bernoulli(q_i), enumerating all 2^m outcomes. */
function bruteForceCount(q: readonly number[]): number[] {
  const pmf = new Array<number>(q.length + 1).fill(0);
  for (let mask = 0; mask < 2 ** q.length; mask++) {
    let p = 1;
    let s = 0;
    q.forEach((qi, i) => {
      if (mask & (2 ** i)) {
        p *= qi;
        s++;
      } else p *= 1 - qi;
    });
    pmf[s] = (pmf[s] as number) + p;
  }
  return pmf;
}

/** Upper tail of Binomial(m, p) at k: the pmf relative to the mode by exact ratios, over all counts 0..m. */
function binomialAtLeast(m: number, p: number, k: number): number {
  const mode = Math.floor((m + 1) * p);
  const f = new Array<number>(m + 1).fill(0);
  f[mode] = 1;
  for (let j = mode; j < m; j++) f[j + 1] = (((f[j] as number) * (m - j)) / (j + 1)) * (p / (1 - p));
  for (let j = mode; j > 0; j--) f[j - 1] = (((f[j] as number) * j) / (m - j + 1)) * ((1 - p) / p);
  let total = 0;
  for (let j = 0; j <= m; j++) total += f[j] as number;
  let tail = 0;
  for (let j = m; j >= Math.max(0, k); j--) tail += f[j] as number;
  return tail / total;
}

/** The hit probabilities of a synthetic table's turnout (or leader's share), clean. */
function syntheticQ(seed: number, rows: number, share: 'turnout' | 'leader'): Float64Array {
  const c = columns(synthTable({ seed, rows }));
  return share === 'turnout'
    ? integerPercentUnits(c.ballotsCast, c.registered).probability
    : integerPercentUnits(c.leaderVotes, c.valid).probability;
}

describe('poissonBinomialTails', () => {
  const q = [0.1, 0.5, 0.93, 0.02, 1, 0, 0.37, 0.61, 0.25, 0.999, 0.4, 0.07];

  it('is exact against brute-force enumeration of every outcome', () => {
    const pmf = bruteForceCount(q);
    for (let k = -1; k <= q.length + 1; k++) {
      const t = poissonBinomialTails(q, k);
      expect(t.tails).toBe('exact');
      const atLeast = pmf.slice(Math.max(0, k)).reduce((a, b) => a + b, 0);
      expect(t.atLeast).toBeCloseTo(atLeast, 15);
      expect(t.below).toBeCloseTo(1 - atLeast, 15);
    }
    // The q = 1 unit is a sure hit and the q = 0 unit a sure miss: S runs over 1..11.
    expect(poissonBinomialTails(q, 1)).toMatchObject({ atLeast: 1, below: 0 });
    expect(poissonBinomialTails(q, 12)).toMatchObject({ atLeast: 0, below: 1 });
  });

  it('gives the binomial distribution when every unit has the same q', () => {
    const m = 3000;
    const p = 0.11;
    const same = new Float64Array(m).fill(p);
    for (const k of [250, 300, 330, 360, 420, 500]) {
      const t = poissonBinomialTails(same, k);
      const exact = binomialAtLeast(m, p, k);
      // Rounding: up to about 1e-16 relative per unit convolved (3,000 here).
      expect(Math.abs(t.atLeast - exact)).toBeLessThan(1e-12);
      // Small tails keep their relative precision: the sum runs from the small end, and tails under 1e-9
      // (8.0e-21 at k = 500, which the window cut to 5.6e-21) come from farUpperTail.
      expect(Math.abs(t.atLeast - exact) / exact).toBeLessThan(1e-10);
    }
  });

  // Far beyond the window (about 9 sd above the mean), which read 0 before farUpperTail.
  it.each([
    [400, 0.1, 200],
    [1000, 0.01, 60],
    [1000, 0.01, 80],
    [3000, 0.11, 700],
  ])('gives the binomial tail far beyond its window: m = %d, q = %d, k = %d', (m, p, k) => {
    const t = poissonBinomialTails(new Float64Array(m).fill(p), k);
    const exact = binomialAtLeast(m, p, k);
    expect(exact).toBeGreaterThan(0);
    expect(Math.abs(t.atLeast - exact) / exact).toBeLessThan(1e-10);
    // The window drops under 1e-15 of mass at its bottom: 1 − 8.8e-15 for m = 1000.
    expect(t.below).toBeCloseTo(1, 13);
  });

  it('gives a far tail of unequal q as the full convolution does', () => {
    // 300 units with q from 0.005 to 0.3 (mean 46, sd 6): the full distribution, no window, in the test.
    const qs = Array.from({ length: 300 }, (_, i) => 0.005 + ((i * 37) % 300) / 1000);
    const full = new Array<number>(qs.length + 1).fill(0);
    full[0] = 1;
    qs.forEach((qi, i) => {
      for (let s = i + 1; s > 0; s--) full[s] = (full[s] as number) * (1 - qi) + (full[s - 1] as number) * qi;
      full[0] = (full[0] as number) * (1 - qi);
    });
    for (const k of [120, 160, 250]) {
      let exact = 0;
      for (let s = qs.length; s >= k; s--) exact += full[s] as number;
      const t = poissonBinomialTails(qs, k);
      expect(Math.abs(t.atLeast - exact) / exact).toBeLessThan(1e-10);
    }
  });

  it('is 0 where the tail is below the smallest positive double, and the product of q where all must hit', () => {
    expect(poissonBinomialTails(new Float64Array(1000).fill(0.01), 900).atLeast).toBe(0);
    expect(poissonBinomialTails([0.5, 0.25, 0.125], 3).atLeast).toBeCloseTo(0.015625, 15);
  });

  it('loses no more than 1e-15 of mass to its window', () => {
    const qs = syntheticQ(8, 4000, 'turnout');
    const { pmf } = hitCountDistribution(qs);
    expect(Math.abs(pmf.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-13);
  });

  it.each(['turnout', 'leader'] as const)(
    'agrees with the refined normal approximation within 1e-5 at the switch (%s of a synthetic table)',
    (share) => {
      // The first units of a clean synthetic table up to a variance of EXACT_MAX_VARIANCE (about 23,000 units
      // for turnout and 16,000 for the leader's share).
      const all = syntheticQ(5, 26000, share);
      let variance = 0;
      let count = 0;
      while (count < all.length) {
        const p = all[count] as number;
        const v = p > 0 && p < 1 ? p * (1 - p) : 0;
        if (variance + v > EXACT_MAX_VARIANCE) break;
        variance += v;
        count++;
      }
      expect(variance).toBeGreaterThan(EXACT_MAX_VARIANCE - 1);
      const qs = all.subarray(0, count);
      const m = momentsOf(qs);
      const { offset, pmf } = hitCountDistribution(qs, null, m);
      const sd = Math.sqrt(m.variance);
      let atLeast = 0;
      let maxDiff = 0;
      for (let i = pmf.length - 1; i >= 0; i--) {
        atLeast += pmf[i] as number;
        const k = offset + i;
        if (Math.abs(k - m.certain - m.mean) > 8 * sd) continue;
        const normal = poissonBinomialTails(qs, k, 'refinedNormal');
        expect(normal.tails).toBe('refinedNormal');
        maxDiff = Math.max(maxDiff, Math.abs(normal.atLeast - atLeast));
      }
      // Measured: 5.2e-6 for turnout, 4.0e-6 for the leader's share (the plain normal is off by 1e-3).
      expect(maxDiff).toBeLessThan(1e-5);
      expect(poissonBinomialTails(qs, offset).tails).toBe('exact');
    },
  );
});

describe('integerPercentExcess', () => {
  const clean = columns(synthTable({ seed: 21, rows: 500 }));

  it('compares the observed count with its exact null: mean Σq, sd √Σq(1 − q), tails of the count', () => {
    const r = integerPercentExcess({ numerators: clean.ballotsCast, denominators: clean.registered });
    const qs = clean.ballotsCast.map((x, i) => integerPercentProbability(x, clean.registered[i] as number));
    const mean = qs.reduce((a, b) => a + b, 0);
    const sd = Math.sqrt(qs.reduce((a, p) => a + p * (1 - p), 0));
    expect(r.expected).toBeCloseTo(mean, 10);
    expect(r.stdDev).toBeCloseTo(sd, 10);
    expect(r.tails).toBe('exact');
    const tails = poissonBinomialTails(qs, r.observed as number, 'exact');
    expect(r.pValue).toBeCloseTo(tails.atLeast, 14);
    expect(r.percentile).toBeCloseTo(tails.below, 14);
    expect(r.z).toBeCloseTo(((r.observed as number) - mean) / sd, 10);
    expect(r.effectSize).toBeCloseTo(((r.observed as number) - mean) / 500, 12);
  });

  it('gives the binomial tail when every unit has the same hit probability', () => {
    // 300 units with 333 of 1000 each have q(333, 1000), so the count of hits is Binomial(300, q): here 50
    // of them are made to land on a whole percentage.
    const q = integerPercentProbability(333, 1000);
    const percent = new Int8Array(300).fill(NO_HIT);
    percent.fill(33, 0, 50);
    const r = integerPercentGroup(
      { probability: new Float64Array(300).fill(q), percent, minDenominator: 100 },
      null,
    );
    expect(r.observed).toBe(50);
    expect(r.expected).toBeCloseTo(300 * q, 10);
    expect(r.stdDev).toBeCloseTo(Math.sqrt(300 * q * (1 - q)), 10);
    expect(r.pValue).toBeCloseTo(binomialAtLeast(300, q, 50), 13);
    expect(r.percentile).toBeCloseTo(1 - binomialAtLeast(300, q, 50), 13);
  });

  it('counts hits, peaks and exclusions by hand', () => {
    const numerators = [50, 333, 330, 0, 120, 80, 7];
    const denominators = [100, 1000, 1000, 400, 100, 90, 7];
    const r = integerPercentExcess({ numerators, denominators, minUnits: 1 });
    // 120 of 100 (above the register) and the two units under 100 voters are left out.
    expect(r.excluded).toBe(3);
    expect(r.units).toBe(4);
    expect(r.observed).toBe(3);
    expect(r.observedByPercent[50]).toBe(1);
    expect(r.observedByPercent[33]).toBe(1);
    expect(r.observedByPercent[0]).toBe(1);
  });

  it('gives p = 1 and no z when the count cannot vary (all shares 0 or 1)', () => {
    const r = integerPercentExcess({
      numerators: [0, 200, 0, 300],
      denominators: [150, 200, 250, 300],
      minUnits: 1,
    });
    expect(r.observed).toBe(4);
    expect(r.expected).toBe(4);
    expect(r.stdDev).toBe(0);
    expect(r.skewness).toBeNull();
    expect(r.z).toBeNull();
    expect(r.pValue).toBe(1);
    expect(r.percentile).toBe(0);
    expect(r.effectSize).toBe(0);
  });

  it('is insufficient below 100 usable units', () => {
    const r = integerPercentExcess({ numerators: [10], denominators: [200] });
    expect(r.insufficient).toBe('units with a denominator of 100 or more: 1; the test needs at least 100.');
    expect(r.statistic).toBeNull();
    expect(r.pValue).toBeNull();
    expect(r.tails).toBeNull();
  });

  it.each([
    [{ minDenominator: 0 }, /minDenominator/],
    [{ minUnits: 1.5 }, /minUnits/],
  ])('rejects options %j', (options, message) => {
    expect(() => integerPercentExcess({ numerators: [1], denominators: [100], ...options })).toThrow(message);
  });

  it('rejects arrays of different lengths and non-whole counts', () => {
    expect(() => integerPercentExcess({ numerators: [1, 2], denominators: [100] })).toThrow(RangeError);
    expect(() => integerPercentExcess({ numerators: [1.5], denominators: [100] })).toThrow(RangeError);
  });

  it('gives a group of units the result of the test on those units alone', () => {
    const units = integerPercentUnits(clean.ballotsCast, clean.registered);
    const picked = Int32Array.from({ length: 200 }, (_, i) => i * 2 + 1);
    const direct = integerPercentExcess({
      numerators: Array.from(picked, (i) => clean.ballotsCast[i] as number),
      denominators: Array.from(picked, (i) => clean.registered[i] as number),
    });
    expect(integerPercentGroup(units, picked)).toEqual(direct);
  });

  it('uses the refined normal approximation above the variance of an exact computation', () => {
    const c = columns(synthTable({ seed: 4, rows: 30000 }));
    const r = integerPercentExcess({ numerators: c.ballotsCast, denominators: c.registered });
    expect((r.stdDev as number) ** 2).toBeGreaterThan(EXACT_MAX_VARIANCE);
    expect(r.tails).toBe('refinedNormal');
    expect(r.pValue).toBeGreaterThan(0.01);
  });

  it('finds turnout and leader shares written to whole percentages at 10% of units each', () => {
    // The generator rounds turnout in half of the units it picks and the leader's share in the other half.
    const c = columns(synthTable({ seed: 21, rows: 500, inject: { rounding: 0.2 } }));
    const turnout = integerPercentExcess({ numerators: c.ballotsCast, denominators: c.registered });
    const leader = integerPercentExcess({ numerators: c.leaderVotes, denominators: c.valid });
    for (const r of [turnout, leader]) {
      // Exact tails go far below the 1/(simulations + 1) floor of a Monte Carlo.
      expect(r.pValue).toBeLessThan(1e-6);
      expect(r.percentile).toBeGreaterThan(1 - 1e-6);
      expect(r.effectSize).toBeGreaterThan(0.05);
      expect(r.z).toBeGreaterThan(3);
    }
    const baseline = integerPercentExcess({ numerators: clean.ballotsCast, denominators: clean.registered });
    expect(baseline.pValue).toBeGreaterThan(0.05);
  });
});
