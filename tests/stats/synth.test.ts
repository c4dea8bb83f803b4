/** Synthetic precinct tables: deterministic, arithmetically clean, and patterns exactly where they are said to be. */
import { describe, expect, it } from 'vitest';
import {
  isIntegerPercent,
  synthCsvHeader,
  synthCsvRow,
  synthTable,
  synthUnits,
} from '../../src/stats/index.js';

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('synthTable', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = synthTable({ seed: 8, units: 50, inject: { stuffing: 0.2 } });
    expect(synthTable({ seed: 8, units: 50, inject: { stuffing: 0.2 } })).toEqual(a);
    expect(synthTable({ seed: 9, units: 50, inject: { stuffing: 0.2 } })).not.toEqual(a);
  });

  it('keeps the protocol arithmetic on clean units', () => {
    const t = synthTable({ seed: 1, units: 500, candidates: 4, regions: 5 });
    expect(Object.values(t.injected).flat()).toEqual([]);
    expect(new Set(t.units.map((u) => u.region)).size).toBe(5);
    for (const u of t.units) {
      expect(u.votes).toHaveLength(4);
      expect(sum(u.votes)).toBe(u.valid);
      expect(u.valid + u.invalid).toBe(u.ballotsCast);
      expect(u.ballotsCast).toBeLessThanOrEqual(u.registered);
      expect(u.registered).toBeGreaterThanOrEqual(300);
      expect(u.registered).toBeLessThanOrEqual(3000);
    }
  });

  it('puts each pattern where it says and nowhere else', () => {
    const t = synthTable({
      seed: 2,
      units: 2000,
      inject: { stuffing: 0.1, rounding: 0.1, inventedDigits: 0.1, slips: 0.1 },
    });
    const of = (ids: string[]) => new Set(ids);
    const slips = of(t.injected.slips);
    const rounding = of(t.injected.rounding);
    const stuffing = of(t.injected.stuffing);
    for (const p of Object.values(t.injected)) expect(p.length).toBeGreaterThan(150);
    for (const u of t.units) {
      expect(sum(u.votes) === u.valid).toBe(!slips.has(u.id));
      expect(u.valid + u.invalid).toBe(u.ballotsCast);
      expect(u.ballotsCast).toBeLessThanOrEqual(u.registered);
      if (rounding.has(u.id)) {
        expect(isIntegerPercent(u.ballotsCast, u.registered)).toBe(true);
        expect(isIntegerPercent(u.votes[0] as number, u.valid)).toBe(true);
      }
      if (stuffing.has(u.id)) {
        expect(u.ballotsCast / u.registered).toBeGreaterThanOrEqual(0.9);
        expect((u.votes[0] as number) / u.valid).toBeGreaterThanOrEqual(0.85);
      }
    }
  });

  it('rejects bad options', () => {
    expect(() => synthTable({ seed: 0, units: 1 })).toThrow(/seed/);
    expect(() => synthTable({ seed: 1, units: 1, candidates: 1 })).toThrow(/candidates/);
    expect(() => synthTable({ seed: 1, units: 1, inject: { stuffing: 0.6, slips: 0.6 } })).toThrow(/inject/);
  });
});

describe('synth CSV', () => {
  it('writes a header and one row per unit', () => {
    const [first] = synthUnits({ seed: 3, units: 1, candidates: 2 });
    const u = first?.unit;
    expect(synthCsvHeader(2)).toBe(
      'unit_id,region,registered,ballots_cast,invalid,valid,candidate_1,candidate_2',
    );
    expect(synthCsvRow(u as NonNullable<typeof u>)).toBe(
      [u?.id, u?.region, u?.registered, u?.ballotsCast, u?.invalid, u?.valid, ...(u?.votes ?? [])].join(','),
    );
    expect(u?.id).toBe('U0000001');
  });
});
