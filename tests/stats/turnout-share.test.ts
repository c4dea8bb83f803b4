/** Known answers and injected ballot stuffing for the turnout-against-leader-share test. */
import { describe, expect, it } from 'vitest';
import { turnoutShareRelation } from '../../src/stats/index.js';
import { rankInPlace } from '../../src/stats/rank.js';
import { PairSums, turnoutShareOfPairs, turnoutShareOfSums } from '../../src/stats/turnout-share.js';
import { columns, synthTable } from './helpers.js';

// 25 units; reference values from SciPy 1.17.1: scipy.stats.pearsonr(x, y) and scipy.stats.spearmanr(x, y).
const x = [
  0.52, 0.61, 0.47, 0.7, 0.66, 0.58, 0.49, 0.81, 0.55, 0.63, 0.44, 0.72, 0.59, 0.68, 0.51, 0.77, 0.62, 0.57,
  0.93, 0.46, 0.64, 0.53, 0.71, 0.6, 0.85,
];
const y = [
  0.48, 0.55, 0.5, 0.66, 0.58, 0.52, 0.45, 0.79, 0.57, 0.61, 0.4, 0.7, 0.49, 0.63, 0.54, 0.74, 0.6, 0.51,
  0.97, 0.47, 0.59, 0.5, 0.62, 0.58, 0.88,
];

describe('rankInPlace', () => {
  it('gives ties their average rank', () => {
    expect([...rankInPlace(Float64Array.of(10, 20, 20, 5))]).toEqual([2, 3.5, 3.5, 1]);
  });
});

describe('turnoutShareRelation', () => {
  it('matches SciPy for Pearson and Spearman on a small table', () => {
    const r = turnoutShareRelation({ turnout: x, leaderShare: y, minUnits: 3 });
    expect(r.pearson).toBeCloseTo(0.9591360062502732, 12);
    expect(r.effectSize).toBe(r.pearson);
    expect(r.pValue).toBeCloseTo(4.189275509612457e-14, 20);
    expect(r.pValue as number).toBeGreaterThan(4.1e-14);
    expect(r.spearman).toBeCloseTo(0.9484417785543804, 12);
    expect((r.spearmanPValue as number) / 5.757810364812489e-13).toBeCloseTo(1, 6);
    expect(r.expected).toBe(0);
    expect(r.effectiveUnits).toBe(25);
  });

  it('matches SciPy for Spearman with ties (spearmanr → 0.7631578947368421, p 0.13333911953180624)', () => {
    const r = turnoutShareRelation({
      turnout: [0.1, 0.2, 0.2, 0.3, 0.4],
      leaderShare: [0.2, 0.1, 0.3, 0.3, 0.5],
      minUnits: 3,
    });
    expect(r.spearman).toBeCloseTo(0.7631578947368421, 12);
    expect(r.spearmanPValue).toBeCloseTo(0.13333911953180624, 10);
  });

  it('weights the correlation like numpy.cov(aweights=w) and uses the Kish effective size', () => {
    const r = turnoutShareRelation({
      turnout: [0.52, 0.61, 0.47, 0.7, 0.66, 0.58],
      leaderShare: [0.48, 0.55, 0.5, 0.66, 0.48, 0.52],
      weights: [100, 200, 300, 400, 500, 600],
      minUnits: 3,
    });
    expect(r.pearson).toBeCloseTo(0.5343909195783592, 12);
    expect(r.effectiveUnits).toBeCloseTo(4.846153846153846, 12);
  });

  it('fills the histogram and the 95/95 corner by hand', () => {
    const r = turnoutShareRelation({
      turnout: [0.1, 0.6, 1, 0.97, Number.NaN, 1.07],
      leaderShare: [0.1, 0.2, 1, 0.96, 0.5, 0.99],
      bins: 2,
      minUnits: 3,
    });
    expect(r.histogram).toEqual({
      bins: 2,
      counts: [
        [1, 0],
        [1, 2],
      ],
    });
    expect(r.cornerUnits).toBe(2);
    expect(r.cornerShare).toBe(0.5);
    expect(r.excluded).toBe(2);
    expect(r.units).toBe(4);
  });

  it('is insufficient below its minimum or without variation, keeping the histogram', () => {
    const few = turnoutShareRelation({ turnout: [0.5, 0.6], leaderShare: [0.5, 0.6] });
    expect(few.insufficient).toBe(
      'units with turnout and share between 0 and 1: 2; the test needs at least 30.',
    );
    expect(few.pValue).toBeNull();
    expect(few.histogram.counts.flat().reduce((a, b) => a + b, 0)).toBe(2);
    const flat = turnoutShareRelation({
      turnout: new Array(40).fill(0.6),
      leaderShare: x.concat(x).slice(0, 40),
    });
    expect(flat.insufficient).toMatch(/does not vary/);
    expect(flat.statistic).toBeNull();
  });

  it('rejects negative weights and arrays of different lengths', () => {
    expect(() => turnoutShareRelation({ turnout: [0.5], leaderShare: [0.5], weights: [-1] })).toThrow(
      RangeError,
    );
    expect(() => turnoutShareRelation({ turnout: [0.5], leaderShare: [] })).toThrow(RangeError);
  });

  it('finds extreme ballot stuffing at 10% of units: positive correlation and mass at 95/95', () => {
    // One region: regions whose turnout and share differ correlate by chance (see the calibration tests).
    const base = { seed: 31, rows: 1000, regions: 1 };
    const clean = columns(synthTable(base));
    const stuffed = columns(synthTable({ ...base, inject: { extremeStuffing: 0.1 } }));
    const before = turnoutShareRelation({ turnout: clean.turnout, leaderShare: clean.leaderShare });
    const after = turnoutShareRelation({ turnout: stuffed.turnout, leaderShare: stuffed.leaderShare });
    expect(before.pValue).toBeGreaterThan(0.05);
    expect(before.cornerShare).toBe(0);
    expect(after.pearson).toBeGreaterThan(0.4);
    expect(after.pValue).toBeLessThan(1e-10);
    expect(after.spearman).toBeGreaterThan(0.1);
    expect(after.cornerShare).toBeGreaterThan(0.05);
    const weighted = turnoutShareRelation({
      turnout: stuffed.turnout,
      leaderShare: stuffed.leaderShare,
      weights: stuffed.registered,
    });
    expect(weighted.effectiveUnits).toBeLessThan(1000);
    expect(weighted.pearson).toBeGreaterThan(0.4);
  });
});

describe('turnoutShareOfPairs', () => {
  it('gives what turnoutShareRelation gives on the units it would keep, and ranks the arrays in place', () => {
    const c = columns(synthTable({ seed: 9, rows: 3000 }));
    // Units out of range, as the caller leaves them out and counts them.
    const turnout = [...c.turnout, 1.2, Number.NaN, 0.5];
    const leaderShare = [...c.leaderShare, 0.5, 0.5, -0.1];
    const keep = turnout.map(
      (t, i) => t >= 0 && t <= 1 && (leaderShare[i] as number) >= 0 && (leaderShare[i] as number) <= 1,
    );
    const x = Float64Array.from(turnout.filter((_, i) => keep[i]));
    const y = Float64Array.from(leaderShare.filter((_, i) => keep[i]));
    const options = { cornerTurnout: 0.9, cornerShare: 0.6, bins: 10, minUnits: 30 };
    const r = turnoutShareOfPairs({
      ...options,
      turnout: x,
      leaderShare: y,
      excluded: turnout.length - x.length,
    });
    expect(r).toEqual(turnoutShareRelation({ ...options, turnout, leaderShare }));
    expect(r.excluded).toBe(3);
    expect([...x]).toEqual([...rankInPlace(Float64Array.from(turnout.filter((_, i) => keep[i])))]);
  });

  it('rejects pairs outside 0..1', () => {
    expect(() =>
      turnoutShareOfPairs({
        turnout: Float64Array.of(0.5, 1.5),
        leaderShare: Float64Array.of(0.5, 0.5),
        excluded: 0,
      }),
    ).toThrow(RangeError);
  });
});

describe('turnoutShareOfSums', () => {
  it('gives the numbers of turnoutShareOfPairs from sums of pairs never held in arrays, but Spearman', () => {
    const c = columns(synthTable({ seed: 3, rows: 500 }));
    const kept = c.turnout.flatMap((t, i) => {
      const s = c.leaderShare[i] as number;
      return t >= 0 && t <= 1 && s >= 0 && s <= 1 ? [[t, s] as const] : [];
    });
    const turnout = kept.map(([t]) => t);
    const leaderShare = kept.map(([, s]) => s);
    expect(turnout.length).toBeGreaterThan(400);
    const weights = turnout.map((_, i) => 1 + (i % 7));
    for (const w of [null, weights]) {
      const sums = new PairSums(20, 0.9, 0.6);
      const n = turnout.length;
      // An undefined pair (a missing count) is left out and counted.
      const pairs = [...Array(n).keys()].map((i) => [
        turnout[i] as number,
        leaderShare[i] as number,
        w ? (w[i] as number) : 1,
      ]);
      pairs.splice(7, 0, [Number.NaN, 0.5, 1], [1.2, 0.5, 1]);
      for (const [t, s, wi] of pairs) sums.count(t as number, s as number, wi);
      sums.centre();
      for (const [t, s, wi] of pairs) sums.add(t as number, s as number, wi);
      const viaPairs = turnoutShareOfPairs({
        turnout: Float64Array.from(turnout),
        leaderShare: Float64Array.from(leaderShare),
        weights: w ? Float64Array.from(w) : null,
        excluded: 2,
        cornerTurnout: 0.9,
        cornerShare: 0.6,
        bins: 20,
      });
      expect(viaPairs.spearman).not.toBeNull();
      expect(turnoutShareOfSums(sums)).toEqual({ ...viaPairs, spearman: null, spearmanPValue: null });
    }
  });
});
