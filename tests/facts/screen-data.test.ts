/** The screening view of a table: the aggregate's columns without copies, fractions from the counts, regions. */
import { describe, expect, it, vi } from 'vitest';
import {
  fractionAt,
  fractionCounts,
  fractionsOf,
  screenData,
  type UnitBlock,
  unitBlocks,
} from '../../src/facts/screen-data.js';
import { TableAggregate, type TableInfo } from '../../src/precinct/aggregate.js';
import type { Unit } from '../../src/precinct/read.js';
import { SpillFile } from '../../src/precinct/spill.js';
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

/** Every unit's values of a column, joined from the blocks (which the screens read one at a time). */
function joined(data: ReturnType<typeof screenData>, column: (b: UnitBlock) => ArrayLike<number>): number[] {
  const out: number[] = [];
  for (const block of unitBlocks(data)) out.push(...Array.from(column(block)));
  return out;
}

describe('screenData', () => {
  it('reads the aggregate’s columns themselves, not copies', () => {
    const a = aggregate();
    const data = screenData(a);
    const [block, ...more] = [...unitBlocks(data)];
    expect(more).toEqual([]);
    expect(block?.registered.buffer).toBe(a.columns.registered.values().buffer);
    expect(block?.votes(1).buffer).toBe(a.columns.votes[1]?.values().buffer);
    // 16-bit until a count needs more: registered 40,000 widened its column, votes of 20,000 fit.
    expect(block?.registered).toBeInstanceOf(Int32Array);
    expect(block?.votes(1)).toBeInstanceOf(Int16Array);
    expect(joined(data, (b) => b.cast)).toEqual([50, 0, 120, -1, 30000, 150]);
  });

  it('computes the fractions from the counts, with the vote sums the pass kept', () => {
    const data = screenData(aggregate());
    expect(data.leader).toBe(1);
    expect(joined(data, (b) => b.voteSum)).toEqual([50, 0, 120, -1, 30000, 150]);
    const turnout = [0.5, Number.NaN, Number.NaN, Number.NaN, 0.75, 0.75];
    const share = [0.6, Number.NaN, 0.25, Number.NaN, 2 / 3, 1];
    expect([...fractionsOf(data, 'turnout')]).toEqual(turnout);
    expect([...fractionsOf(data, 'leaderShare')]).toEqual(share);
    const [block] = [...unitBlocks(data)] as [UnitBlock];
    const s = fractionCounts(block, 'leaderShare', data.leader);
    expect(units.map((_, i) => fractionAt(s, i))).toEqual(share);
    expect(data.regions).toEqual(['N', 'S']);
    expect(joined(data, (b) => b.region)).toEqual([0, 1, 0, 1, 0, 1]);
  });

  it('has no leader’s share without votes', () => {
    const a = new TableAggregate(info);
    a.add(unit(0, 'N', 100, 50, [0, 0]));
    const data = screenData(a);
    expect(data.leader).toBeNull();
    const [block] = [...unitBlocks(data)] as [UnitBlock];
    expect(fractionCounts(block, 'leaderShare', data.leader)).toBeNull();
    expect([...fractionsOf(data, 'leaderShare')]).toEqual([Number.NaN]);
  });
});

describe('screenData of a table whose columns went to a temporary file', () => {
  /** 5,000 units (so several chunks), some counts wide and some missing, kept in memory or not beyond `resident`. */
  function large(resident: number) {
    const a = new TableAggregate(info, { residentUnits: resident });
    for (let i = 0; i < 5000; i++) {
      const registered = i === 4321 ? 40000 : 500 + (i % 700);
      const cast = i % 97 === 0 ? Number.NaN : Math.floor(registered * 0.6) + (i % 3);
      a.add(
        unit(i, i % 3 === 0 ? 'N' : 'S', registered, cast, [
          i % 11 === 0 ? Number.NaN : i % 200,
          100 + (i % 50),
        ]),
      );
    }
    return a;
  }

  it('reads the same units, block by block, as a table kept in memory', () => {
    const memory = screenData(large(1 << 30));
    const spilled = large(1000);
    const data = screenData(spilled);
    expect(spilled.spilledBytes).toBeGreaterThan(0);
    expect(large(1 << 30).spilledBytes).toBe(0);
    expect(data.units).toBe(5000);
    expect([data.leader, data.candidateTotals]).toEqual([memory.leader, memory.candidateTotals]);
    const columns: ((b: UnitBlock) => ArrayLike<number>)[] = [
      (b) => b.registered,
      (b) => b.cast,
      (b) => b.region,
      (b) => b.voteSum,
      (b) => b.votes(0),
      (b) => b.votes(1),
    ];
    for (const column of columns) expect(joined(data, column)).toEqual(joined(memory, column));
    expect(joined(data, (b) => b.registered)[4321]).toBe(40000);
    expect(joined(data, (b) => b.cast)[97]).toBe(-1);
    // Blocks past the first 1,000 units come from the file.
    const blocks = [...unitBlocks(data)];
    expect(blocks.map((b) => b.start)).toEqual(
      blocks.map((_, k) => blocks.slice(0, k).reduce((n, b) => n + b.length, 0)),
    );
    spilled.release();
    // The next file opened may take the closed file's descriptor number: a read must fail, not read that file.
    const other = SpillFile.open();
    try {
      expect(() => joined(data, (b) => b.cast)).toThrow("the columns' temporary file was closed");
    } finally {
      other.close();
    }
  });

  it('keeps what it could not write in memory (a full disk), and reads the same units', () => {
    const write = SpillFile.prototype.write;
    let writes = 0;
    const spy = vi.spyOn(SpillFile.prototype, 'write').mockImplementation(function (this: SpillFile, values) {
      writes++;
      if (writes > 8) throw new Error('ENOSPC: no space left on device, write');
      return write.call(this, values);
    });
    try {
      const partly = large(1000);
      // Six columns a chunk: the first chunk past 1,000 units went out whole, the second only in part.
      expect(writes).toBe(9);
      expect(partly.spillFailure).toBe('ENOSPC: no space left on device, write');
      expect(partly.spilledBytes).toBeGreaterThan(0);
      const memory = screenData(large(1 << 30));
      for (const column of [
        (b: UnitBlock) => b.cast,
        (b: UnitBlock) => b.voteSum,
        (b: UnitBlock) => b.votes(1),
      ]) {
        expect(joined(screenData(partly), column)).toEqual(joined(memory, column));
      }
      partly.release();
    } finally {
      spy.mockRestore();
    }
  });
});
