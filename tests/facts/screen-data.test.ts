/** The screening view of a table: the aggregate's columns without copies, fractions from the counts, regions. */
import { describe, expect, it } from 'vitest';
import {
  fractionAt,
  fractionCounts,
  fractionsOf,
  regionUnits,
  screenData,
} from '../../src/facts/screen-data.js';
import { TableAggregate, type TableInfo } from '../../src/precinct/aggregate.js';
import type { Unit } from '../../src/precinct/read.js';
import { MappingSchema } from '../../src/schema/mapping.js';

const mapping = MappingSchema.parse({
  schemaVersion: 1,
  id: { columns: ['id'] },
  levels: [{ name: 'region', column: 'region' }],
  counts: { registered: 'registered', cast: 'cast' },
  candidates: [
    { id: 'a', column: 'a' },
    { id: 'b', column: 'b' },
  ],
});

const info: TableInfo = {
  index: 0,
  entry: { id: 't', table: 't.csv', mapping: 'm.json' },
  file: 't.csv',
  mappingFile: 'm.json',
  mapping,
  candidates: ['a', 'b'],
};

function unit(i: number, region: string, registered: number, cast: number, votes: number[]): Unit {
  return {
    line: i + 2,
    id: String(i + 1),
    levels: [region],
    counts: { registered, cast, issued: undefined, valid: undefined, invalid: undefined },
    votes,
  };
}

const units = [
  unit(0, 'N', 100, 50, [20, 30]),
  unit(1, 'S', 0, 0, [0, 0]),
  unit(2, 'N', 100, 120, [90, 30]),
  unit(3, 'S', 100, Number.NaN, [Number.NaN, 5]),
  unit(4, 'N', 40000, 30000, [10000, 20000]),
  unit(5, 'S', 200, 150, [0, 150]),
];

function aggregate() {
  const a = new TableAggregate(info);
  for (const u of units) a.add(u);
  return a;
}

describe('screenData', () => {
  it('reads the aggregate’s columns themselves, not copies', () => {
    const a = aggregate();
    const data = screenData(a);
    expect(data.registered.buffer).toBe(a.columns.registered.values().buffer);
    expect(data.votes[1]?.buffer).toBe(a.columns.votes[1]?.values().buffer);
    // 16-bit until a count needs more: registered 40,000 widened its column, votes of 20,000 fit.
    expect(data.registered).toBeInstanceOf(Int32Array);
    expect(data.votes[1]).toBeInstanceOf(Int16Array);
    expect([...data.cast]).toEqual([50, 0, 120, -1, 30000, 150]);
  });

  it('computes the fractions from the counts as the derived arrays hold them', () => {
    const data = screenData(aggregate());
    expect(data.leader).toBe(1);
    expect([...data.voteSum]).toEqual([50, 0, 120, -1, 30000, 150]);
    const turnout = [0.5, Number.NaN, Number.NaN, Number.NaN, 0.75, 0.75];
    const share = [0.6, Number.NaN, 0.25, Number.NaN, 2 / 3, 1];
    expect([...data.turnout]).toEqual(turnout);
    expect([...data.leaderShare]).toEqual(share);
    const t = fractionCounts(data, 'turnout');
    const s = fractionCounts(data, 'leaderShare');
    expect(units.map((_, i) => fractionAt(t, i))).toEqual(turnout);
    expect(units.map((_, i) => fractionAt(s, i))).toEqual(share);
    expect([...fractionsOf(data, Int32Array.of(5, 0), 'leaderShare')]).toEqual([1, 0.6]);
  });

  it('lists each region’s units in order', () => {
    const data = screenData(aggregate());
    expect(data.regions).toEqual(['N', 'S']);
    expect(regionUnits(data).map((r) => [...r])).toEqual([
      [0, 2, 4],
      [1, 3, 5],
    ]);
  });

  it('has no leader’s share without votes', () => {
    const a = new TableAggregate(info);
    a.add(unit(0, 'N', 100, 50, [0, 0]));
    const data = screenData(a);
    expect(data.leader).toBeNull();
    expect(fractionCounts(data, 'leaderShare')).toBeNull();
    expect([...fractionsOf(data, null, 'leaderShare')]).toEqual([Number.NaN]);
  });
});
