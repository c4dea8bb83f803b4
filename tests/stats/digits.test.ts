/** Known answers and injected patterns for the second-digit Benford and last-digit uniformity tests. */
import { describe, expect, it } from 'vitest';
import {
  DigitTally,
  lastDigitUniformityOfTally,
  secondDigitBenfordOfTally,
  tallyGroups,
} from '../../src/stats/digits.js';
import { chiSquareUpperTail } from '../../src/stats/distributions.js';
import {
  BENFORD_SECOND_DIGIT,
  BENFORD_SECOND_DIGIT_MEAN,
  lastDigitUniformity,
  secondDigitBenford,
} from '../../src/stats/index.js';
import { benfordCounts, columns, synthTable, uniformSource } from './helpers.js';

describe('chi-square upper tail (@stdlib)', () => {
  // Critical values of χ² with 9 degrees of freedom from standard tables (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.4).
  it.each([
    [16.919, 0.05],
    [21.666, 0.01],
    [27.877, 0.001],
  ])('P(χ²₉ ≥ %d) ≈ %d', (x, p) => {
    expect(chiSquareUpperTail(x, 9)).toBeCloseTo(p, 4);
  });
});

describe('BENFORD_SECOND_DIGIT', () => {
  it('sums to 1 and matches the published second-digit table (Nigrini 2012)', () => {
    expect(BENFORD_SECOND_DIGIT.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const table = [0.11968, 0.11389, 0.10882, 0.10433, 0.10031, 0.09668, 0.09337, 0.09035, 0.08757, 0.085];
    BENFORD_SECOND_DIGIT.forEach((p, d) => expect(p).toBeCloseTo(table[d] as number, 5));
    expect(BENFORD_SECOND_DIGIT_MEAN).toBeCloseTo(4.187, 3);
  });
});

describe('secondDigitBenford', () => {
  it('reads the second significant digit of each count of 10 or more', () => {
    // 10..19 give second digits 0..9 once each; 123 → 2, 1000 → 0, 9 is below minCount.
    const r = secondDigitBenford([10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 123, 1000, 9], { minUnits: 1 });
    expect(r.digitCounts).toEqual([2, 1, 2, 1, 1, 1, 1, 1, 1, 1]);
    expect(r.units).toBe(12);
    expect(r.belowMinCount).toBe(1);
  });

  it('gives χ² ≈ 0 and mean ≈ 4.187 for counts in Benford proportions', () => {
    const counts: number[] = [];
    BENFORD_SECOND_DIGIT.forEach((p, d) => {
      for (let i = 0; i < Math.round(p * 100_000); i++) counts.push(10 + d);
    });
    const r = secondDigitBenford(counts);
    expect(r.statistic).toBeLessThan(0.01);
    expect(r.expected).toBe(9);
    expect(r.pValue).toBeGreaterThan(0.999);
    expect(r.meanDigit).toBeCloseTo(4.187, 3);
    expect(r.effectSize).toBeLessThan(0.001);
  });

  it('computes χ² and its p-value for a hand-checked table', () => {
    // 1000 counts, all with second digit 0: χ² = 1000·(1/p0 − 1) by hand.
    const r = secondDigitBenford(new Array(1000).fill(20));
    const p0 = BENFORD_SECOND_DIGIT[0] as number;
    expect(r.statistic).toBeCloseTo(1000 * (1 / p0 - 1), 6);
    expect(r.pValue).toBe(0);
    expect(r.effectSize).toBeCloseTo(Math.sqrt(1 / p0 - 1), 9);
    expect(r.meanDigit).toBe(0);
    expect(r.meanDigitPValue).toBeLessThan(1e-12);
  });

  it('says why it is insufficient instead of passing, but keeps the tallies', () => {
    const r = secondDigitBenford([12, 34, 56, 5]);
    expect(r.insufficient).toBe('counts of 10 or more: 3; the test needs at least 60.');
    expect([r.statistic, r.expected, r.pValue, r.effectSize, r.meanDigit]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(r.digitCounts.reduce((a, b) => a + b, 0)).toBe(3);
  });

  it.each([[[-1]], [[1.5]], [[Number.NaN]]])('rejects %j as counts', (counts) => {
    expect(() => secondDigitBenford(counts)).toThrow(RangeError);
  });

  it('finds second digits pushed towards 0 and 5 in Benford counts', () => {
    const u = uniformSource(11);
    // A third of the counts get their second digit replaced by 0 or 5, as a person rounding would.
    const counts = benfordCounts(7, 600).map((c) => {
      if (u() > 1 / 3) return c;
      const s = String(c);
      return Number(s[0] + (u() < 0.5 ? '0' : '5') + s.slice(2));
    });
    const clean = secondDigitBenford(benfordCounts(7, 600));
    const r = secondDigitBenford(counts);
    expect(clean.pValue).toBeGreaterThan(0.05);
    expect(r.pValue).toBeLessThan(1e-6);
    expect(r.effectSize).toBeGreaterThan(clean.effectSize as number);
  });
});

describe('lastDigitUniformity', () => {
  it('matches χ² = 20, p = 0.017912 (pchisq(20, 9, lower.tail = FALSE)) for a hand-made table', () => {
    // Last digits: twenty 0s, ten each of 1..8, no 9: χ² = (10² + 10²)/10 = 20.
    const counts = [
      ...new Array(20).fill(100),
      ...[1, 2, 3, 4, 5, 6, 7, 8].flatMap((d) => new Array(10).fill(100 + d)),
    ];
    const r = lastDigitUniformity(Uint32Array.from(counts));
    expect(r.digitCounts).toEqual([20, 10, 10, 10, 10, 10, 10, 10, 10, 0]);
    expect(r.statistic).toBeCloseTo(20, 12);
    expect(r.expected).toBe(9);
    expect(r.pValue).toBeCloseTo(0.0179124, 6);
    expect(r.effectSize).toBeCloseTo(Math.sqrt(20 / 100), 12);
    expect(r.maxDeviation).toBeCloseTo(0.1, 12);
    expect(r.shareEndingZero).toBeCloseTo(0.2, 12);
    expect(r.shareEndingFive).toBeCloseTo(0.1, 12);
  });

  it('uses only counts of 100 or more by default', () => {
    const r = lastDigitUniformity([99, 100, 5, 1234], { minUnits: 1 });
    expect(r.units).toBe(2);
    expect(r.belowMinCount).toBe(2);
  });

  it('is insufficient below 50 counts', () => {
    const r = lastDigitUniformity(new Array(49).fill(123));
    expect(r.insufficient).toMatch(/^counts of 100 or more: 49;/);
    expect(r.pValue).toBeNull();
  });

  it('finds invented last digits and leaves clean counts alone', () => {
    const clean = lastDigitUniformity(columns(synthTable({ seed: 5, rows: 400 })).allVotes);
    const table = synthTable({ seed: 5, rows: 400, inject: { inventedDigits: 1 } });
    const r = lastDigitUniformity(columns(table).allVotes);
    expect(table.filter((u) => u.injected.includes('inventedDigits'))).toHaveLength(400);
    expect(clean.pValue).toBeGreaterThan(0.05);
    expect(r.pValue).toBeLessThan(1e-6);
    // The generator's inventors avoid 0 (4% of their digits) and 5 (7%), where a fair count gives 10% each.
    expect(r.shareEndingZero).toBeLessThan(0.06);
    expect(r.shareEndingFive).toBeLessThan(0.08);
  });
});

describe('DigitTally', () => {
  // Columns as a precinct table keeps them: -1 where a cell is missing; and counts from 1 to 5 digits.
  const a = Int16Array.from([10, 123, -1, 4567, 9, 31999, 100, 250, -1, 78]);
  const b = Int32Array.from([12345, 99, 1000, -1, 40000, 7, 55555, 101, 3, 2147483647]);
  const kept = (column: ArrayLike<number>) => Array.from(column).filter((v) => v >= 0);

  it.each([
    ['second', 10, secondDigitBenford, secondDigitBenfordOfTally],
    ['last', 100, lastDigitUniformity, lastDigitUniformityOfTally],
  ] as const)(
    'tallies %s digits of columns, skipping missing cells, as the test of the pooled counts',
    (digit, minCount, test, ofTally) => {
      const tally = new DigitTally(digit, minCount);
      tally.add(a);
      tally.add(b);
      expect(ofTally(tally, 1)).toEqual(test([...kept(a), ...kept(b)], { minCount, minUnits: 1 }));
    },
  );

  it.each(['second', 'last'] as const)(
    'tallyGroups gives the %s-digit tally of the whole table and of each region, as DigitTally on their units',
    (digit) => {
      // Units 0..9 in regions 1, 0, none, 2, 1 ...; region 3 has no unit.
      const region = Int16Array.from([1, 0, -1, 2, 1, 0, 0, -1, 2, 1]);
      const groups = tallyGroups(digit, 10, [a, b], region, 4);
      expect(groups).toHaveLength(5);
      // A group's counts of a column, in unit order.
      const of = (column: ArrayLike<number>, r: number | null) =>
        [...region.keys()].filter((i) => r === null || region[i] === r).map((i) => column[i] as number);
      [null, 0, 1, 2, 3].forEach((r, g) => {
        const expected = new DigitTally(digit, 10);
        expected.add(of(a, r));
        expected.add(of(b, r));
        expect({ ...groups[g] }, `group ${g}`).toEqual({ ...expected });
      });
      expect(groups[0]?.units).toBe(14);
      expect(groups[4]?.units).toBe(0);
    },
  );

  it('checks the tally is of the test’s digit and its minimum count', () => {
    expect(() => lastDigitUniformityOfTally(new DigitTally('second', 10))).toThrow(RangeError);
    expect(() => secondDigitBenfordOfTally(new DigitTally('second', 5))).toThrow(RangeError);
  });
});
