/** The per-denominator hit-probability tables against the count-by-count walk, and the grouped test against per-group runs. */
import { describe, expect, it } from 'vitest';
import { HitTables, walkProbability } from '../../src/stats/hit-probability.js';
import {
  integerPercentGroup,
  integerPercentOfSums,
  integerPercentProbability,
  integerPercentUnits,
} from '../../src/stats/integer-percent.js';
import { integerPercentGroups } from '../../src/stats/integer-percent-groups.js';
import { columns, synthTable, uniformSource } from './helpers.js';

describe('HitTables', () => {
  it('agrees with the walk within 1e-14 on random pairs, denominators 101 to 40,000', () => {
    const draw = uniformSource(11);
    const tables = new HitTables();
    let worst = 0;
    for (let k = 0; k < 3000; k++) {
      const n = 101 + Math.floor(draw() ** 3 * 40000);
      const xc = Math.floor(draw() * (n / 2 + 1));
      tables.prepare(n, xc, xc);
      const q = tables.at(xc);
      const walked = walkProbability(xc, n);
      worst = Math.max(worst, Math.abs(q - walked));
      expect(q).toBeLessThanOrEqual(1);
      expect(q).toBeGreaterThanOrEqual(0);
    }
    // Measured: 2.4e-15 (both sum the same pmf to about 1e-15; the walk normalises by the window's mass).
    expect(worst).toBeLessThan(1e-14);
  });

  it('gives the same q whatever numerators the tables were prepared for, and for x and n − x', () => {
    const tables = new HitTables();
    for (const n of [150, 199, 1000, 1234, 2999, 5003]) {
      const lo = Math.floor(n / 10);
      const hi = Math.floor(n / 2);
      tables.prepare(n, lo, hi);
      for (let xc = lo; xc <= hi; xc += 7) {
        const q = tables.at(xc);
        expect(tables.at(n - xc)).toBe(q);
        expect(integerPercentProbability(xc, n)).toBe(q);
      }
    }
  });

  it('is exactly 1 where the window holds no rejected count', () => {
    expect(integerPercentProbability(77, 150)).toBe(1);
    expect(integerPercentProbability(16, 150)).toBe(1);
  });
});

describe('integerPercentGroups', () => {
  it('gives the table and each region the result integerPercentGroup gives on their units', () => {
    const c = columns(synthTable({ seed: 7, rows: 3000, inject: { rounding: 0.05 } }));
    const region = Int32Array.from({ length: c.registered.length }, (_, i) => (i % 7 === 0 ? -1 : i % 3));
    for (const [x, n] of [
      [c.ballotsCast, c.registered],
      [c.leaderVotes, c.valid],
    ] as const) {
      const groups = integerPercentGroups(x, n, 100, region, 3);
      const units = integerPercentUnits(x, n);
      const of = (g: (typeof groups)['table']) => integerPercentOfSums(g.sums, 100, 100, () => g.tails);
      expect(of(groups.table)).toEqual(integerPercentGroup(units, null));
      for (let r = 0; r < 3; r++) {
        const picked = Int32Array.from(region.keys()).filter((i) => region[i] === r);
        expect(of(groups.regions[r] as (typeof groups)['table'])).toEqual(integerPercentGroup(units, picked));
      }
    }
  });
});
