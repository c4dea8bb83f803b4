/** Known answers and an injected tail for skewness, kurtosis and the D'Agostino-Pearson test. */
import { describe, expect, it } from 'vitest';
import { moments } from '../../src/stats/index.js';
import { MomentSums, momentsOfSums } from '../../src/stats/moments.js';
import { columns, synthTable } from './helpers.js';

// Reference values from SciPy 1.17.1: scipy.stats.skew, kurtosis, skewtest, kurtosistest and normaltest.
const cases = [
  {
    name: '25 turnout-like values',
    values: [
      0.52, 0.61, 0.47, 0.7, 0.66, 0.58, 0.49, 0.81, 0.55, 0.63, 0.44, 0.72, 0.59, 0.68, 0.51, 0.77, 0.62,
      0.57, 0.93, 0.46, 0.64, 0.53, 0.71, 0.6, 0.85,
    ],
    skewness: 0.6376830977351434,
    excessKurtosis: -0.12353947755123906,
    skewnessZ: 1.4899902438446155,
    skewnessPValue: 0.13622680120495606,
    kurtosisZ: 0.38803972928765973,
    kurtosisPValue: 0.6979866329297153,
    k2: 2.370645758257777,
    p: 0.3056474763740611,
  },
  {
    name: '20 heavy-tailed counts',
    values: [1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50, 80, 120],
    skewness: 2.272486197378475,
    excessKurtosis: 4.2537625772586045,
    skewnessZ: 3.8569423139015955,
    skewnessPValue: 0.0001148142442959307,
    kurtosisZ: 3.058777359104796,
    kurtosisPValue: 0.0022224224793224645,
    k2: 24.232122945336705,
    p: 5.47093254415793e-6,
  },
];

describe('moments', () => {
  it.each(cases)('matches SciPy on $name', (c) => {
    const r = moments(Float64Array.from(c.values));
    expect(r.skewness).toBeCloseTo(c.skewness, 12);
    expect(r.effectSize).toBe(r.skewness);
    expect(r.excessKurtosis).toBeCloseTo(c.excessKurtosis, 12);
    expect(r.skewnessZ).toBeCloseTo(c.skewnessZ, 10);
    expect(r.skewnessPValue).toBeCloseTo(c.skewnessPValue, 10);
    expect(r.kurtosisZ).toBeCloseTo(c.kurtosisZ, 10);
    expect(r.kurtosisPValue).toBeCloseTo(c.kurtosisPValue, 10);
    expect(r.statistic).toBeCloseTo(c.k2, 9);
    expect((r.pValue as number) / c.p).toBeCloseTo(1, 6);
    expect(r.expected).toBe(2);
    expect(r.units).toBe(c.values.length);
  });

  it('gives z = 0 for symmetric data (SciPy maps y = 0 to 1 there; we do not)', () => {
    const r = moments(Array.from({ length: 21 }, (_, i) => i));
    expect(r.skewness).toBeCloseTo(0, 12);
    expect(r.skewnessZ).toBeCloseTo(0, 12);
    expect(r.skewnessPValue).toBeCloseTo(1, 12);
  });

  it('leaves out non-finite values and counts them', () => {
    const values = [...(cases[0]?.values ?? []), Number.NaN, Number.POSITIVE_INFINITY];
    const r = moments(values);
    expect(r.excluded).toBe(2);
    expect(r.skewness).toBeCloseTo(cases[0]?.skewness as number, 12);
  });

  it('is insufficient below 20 values or when all values are equal', () => {
    const few = moments([1, 2, 3]);
    expect(few.insufficient).toBe('finite values: 3; the test needs at least 20.');
    expect([few.statistic, few.pValue, few.skewness]).toEqual([null, null, null]);
    expect(moments(new Array(30).fill(0.7)).insufficient).toMatch(/all values are equal/);
    expect(() => moments([1], { minUnits: 5 })).toThrow(RangeError);
  });

  it('gives a far-tail p-value as exp(−K²/2), not 0', () => {
    // 190 values spread over 0.60..0.78 and 10 at 0.99: K² ≈ 78.7, p ≈ 8e-18 (1 − CDF read 0).
    const values = Array.from({ length: 200 }, (_, i) => (i < 190 ? 0.6 + (i % 19) / 100 : 0.99));
    const r = moments(values);
    expect(r.statistic).toBeCloseTo(78.7367698637, 8);
    expect(r.pValue).toBeGreaterThan(0);
    expect(Math.abs((r.pValue as number) / Math.exp(-(r.statistic as number) / 2) - 1)).toBeLessThan(1e-14);
  });

  it('finds the high-turnout tail that ballot stuffing at 15% of units adds', () => {
    // One region: regions with different mean turnouts make a mixture, which need not look normal.
    const clean = columns(synthTable({ seed: 41, rows: 1000, regions: 1 }));
    const stuffed = columns(synthTable({ seed: 41, rows: 1000, regions: 1, inject: { stuffing: 0.15 } }));
    const before = moments(clean.turnout);
    const after = moments(stuffed.turnout);
    expect(before.pValue).toBeGreaterThan(0.01);
    expect(after.pValue).toBeLessThan(1e-6);
    expect(after.skewness).toBeGreaterThan(0.3);
  });
});

describe('MomentSums', () => {
  it('gives what moments gives on the same values, non-finite ones left out and counted', () => {
    const values = [
      ...columns(synthTable({ seed: 3, rows: 300 })).turnout,
      Number.NaN,
      Number.POSITIVE_INFINITY,
    ];
    const sums = new MomentSums();
    for (const v of values) sums.count(v);
    sums.centre();
    for (const v of values) sums.add(v);
    const r = momentsOfSums(sums, { minUnits: 20 });
    expect(r).toEqual(moments(values));
    expect(r.excluded).toBe(2);
  });
});
