/** The table aggregate: adding batches by column gives exactly what adding their units one by one gives. */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { unitSubject } from '../../src/engine/table-run.js';
import { UnitRowSubject } from '../../src/engine/unit-view.js';
import { IntColumn, residentUnits, TableAggregate, type TableInfo } from '../../src/precinct/aggregate.js';
import { readUnitBatches, type UnitBatch } from '../../src/precinct/read.js';
import { isSpilled, SpillFile } from '../../src/precinct/spill.js';
import { MAX_CHUNK } from '../../src/precinct/totals.js';
import { type Mapping, MappingSchema } from '../../src/schema/mapping.js';
import { tempTables } from './helpers.js';

const { table: write, remove } = tempTables('tallycheck-aggregate-');
afterAll(remove);

const MAPPING = MappingSchema.parse({
  schemaVersion: 1,
  id: { columns: ['station'] },
  levels: [
    { name: 'region', column: 'region' },
    { name: 'district', column: 'district' },
  ],
  counts: { registered: 'registered', cast: 'cast', invalid: 'invalid' },
  candidates: [
    { id: 'ann', column: 'Ann' },
    { id: 'bob', column: 'Bob' },
  ],
  independent: { kind: 'observerCount', columns: [{ candidate: 'bob', column: 'BobObserved' }] },
});

// Regions out of order and back again, a district name shared by two regions, missing and fractional cells,
// a repeated id: what the code-keyed caches of addBatch must not confuse.
const TEXT = [
  'region,district,station,registered,cast,invalid,Ann,Bob,BobObserved',
  'North,D1,1,1000,600,10,400,190,190',
  'North,D1,2,800,500,NA,200,295,300',
  'South,D1,3,700,650,5,500,145.5,',
  'North,D2,4,900,NA,8,300,NA,100',
  'South,D2,5,400,300,3,100,197,197',
  'North,D1,2,800,500,4,200,296,296',
  'East,D9,6,100,100,0,-50,150,150',
  'South,D1,7,600,550,6,300,244,244',
].join('\n');

function info(file: string, mapping: Mapping = MAPPING): TableInfo {
  return {
    index: 0,
    entry: { id: 't', table: file, mapping: 'm.json' },
    file,
    mappingFile: 'm.json',
    mapping,
    candidates: mapping.candidates.map((c) => c.id),
  };
}

/** Every batch of a table, kept: read on this thread, where batches stay valid (see readUnitBatches). */
async function batches(file: string, batchRows: number, mapping: Mapping = MAPPING): Promise<UnitBatch[]> {
  const out: UnitBatch[] = [];
  for await (const batch of readUnitBatches(file, mapping, { batchRows, threads: 'inline' })) out.push(batch);
  return out;
}

/** Everything an aggregate holds, as plain data. */
function contents(a: TableAggregate) {
  const c = a.columns;
  return {
    nodes: a.nodes(),
    registered: [...c.registered.values()],
    cast: [...c.cast.values()],
    votes: c.votes.map((v) => [...v.values()]),
    region: [...c.region.values()],
    regions: c.regions,
    voteSum: [...c.voteSum.values()],
    sums: [c.registered, c.cast, ...c.votes, c.voteSum].map((column) => column.positiveSum),
  };
}

describe('TableAggregate.addBatch', () => {
  it.each([1, 2, 3, 8192])('gives what add() gives unit by unit (batches of %i rows)', async (rows) => {
    const file = write(TEXT);
    const one = new TableAggregate(info(file));
    const many = new TableAggregate(info(file));
    for (const batch of await batches(file, rows)) {
      for (let i = 0; i < batch.size; i++) one.add(batch.unit(i));
      many.addBatch(batch);
    }
    expect(contents(many)).toEqual(contents(one));
    expect(many.total.totals).toMatchObject({ units: 8, firstLine: 2 });
    // "D1" of North and "D1" of South are different nodes with the same level code.
    expect(many.nodes().map((n) => n.path.join('/'))).toEqual([
      '',
      'East',
      'North',
      'South',
      'East/D9',
      'North/D1',
      'North/D2',
      'South/D1',
      'South/D2',
    ]);
  });

  it('gives the same sums, bit for bit, on random tables with inexact fractions, NA and runs of levels', async () => {
    const cell = fc.oneof(
      fc.integer({ min: 0, max: 2000 }),
      fc.constantFrom('0.1', '0.2', '0.3', '1e15', '3.000000000000001', 'NA', '-7'),
    );
    const row = fc.tuple(
      fc.constantFrom('North', 'South'),
      fc.constantFrom('D1', 'D2'),
      fc.array(cell, { minLength: 6, maxLength: 6 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 40 }),
        fc.constantFrom(1, 3, 7, 8192),
        async (rows, size) => {
          const text = [
            TEXT.split('\n')[0],
            ...rows.map(([r, d, cells], i) => `${r},${d},${i},${cells.join(',')}`),
          ].join('\n');
          const file = write(text);
          const one = new TableAggregate(info(file));
          const many = new TableAggregate(info(file));
          for (const batch of await batches(file, size)) {
            for (let i = 0; i < batch.size; i++) one.add(batch.unit(i));
            many.addBatch(batch);
          }
          const bits = (a: TableAggregate) =>
            JSON.stringify(a.nodes(), (_, v) => (typeof v === 'number' ? String(v) : v));
          expect(bits(many)).toBe(bits(one));
        },
      ),
      { numRuns: 60, seed: 20240211 },
    );
  });

  it('adds a run at once only where that is exact: not onto a fractional total, not with counts past 32 bits', async () => {
    const header = TEXT.split('\n')[0];
    const cases = [
      // A table total of 2^52 - 0.5, then 1 and 1: one by one 2^52 + 1, summed first 2^52 + 2 (ties to even).
      [
        'North,D1,0,4503599627370495.5,1,1,4503599627370495.5,1,1',
        'South,D1,1,1,1,1,1,1,1',
        'South,D1,2,1,1,1,1,1,1',
      ],
      // A table total of 1, then 1 and 2^53: one by one 2^53 + 2, summed first 2^53.
      [
        'North,D1,0,1,1,1,1,1,1',
        'South,D1,1,1,1,1,1,1,1',
        'South,D1,2,9007199254740992,1,1,9007199254740992,1,1',
      ],
    ];
    for (const rows of cases) {
      const file = write(`${[header, ...rows].join('\n')}\n`); // a last line end: the last record in the run's batch
      const one = new TableAggregate(info(file));
      const many = new TableAggregate(info(file));
      for (const batch of await batches(file, 8192)) {
        for (let i = 0; i < batch.size; i++) one.add(batch.unit(i));
        many.addBatch(batch);
      }
      // Registered voters and Ann's votes hold the same figures: counts and votes take the same care.
      const bits = (a: TableAggregate) =>
        a.nodes().map((n) => `${n.totals.counts.registered} ${n.totals.votes[0]}`);
      expect(bits(many)).toEqual(bits(one));
    }
  });

  it('keeps no per-unit columns when asked not to, and the same totals', async () => {
    const file = write(TEXT);
    const full = new TableAggregate(info(file));
    const lean = new TableAggregate(info(file), { columns: false });
    for (const batch of await batches(file, 3)) {
      full.addBatch(batch);
      lean.addBatch(batch);
    }
    expect(lean.nodes()).toEqual(full.nodes());
    expect(lean.columns.cast.length).toBe(0);
    expect(lean.columns.regions).toEqual([]);
    expect(full.columns.cast.length).toBe(8);
  });

  it('gives what add() gives on plain digits, counts past 16 bits and past 2^31 - 1 included', async () => {
    // Plain digits: the batches are plain, and the columns skip the per-value checks (a count past 2^31 - 1
    // included); the last record, with no line end, is read by the general path, and its batch is not.
    const text = [
      'region,district,station,registered,cast,invalid,Ann,Bob,BobObserved',
      'North,D1,1,1000,600,10,400,190,190',
      'South,D1,2,90000,70000,5,40000,29995,29995',
      'North,D2,3,800,500,4,3000000000,296,296',
      'East,D9,4,100,100,0,50,50,50',
    ].join('\n');
    const file = write(text);
    const one = new TableAggregate(info(file));
    const many = new TableAggregate(info(file));
    const read = await batches(file, 2);
    expect(read.map((b) => [b.size, b.plain])).toEqual([
      [2, true],
      [1, true],
      [1, false],
    ]);
    for (const batch of read) {
      for (let i = 0; i < batch.size; i++) one.add(batch.unit(i));
      many.addBatch(batch);
    }
    expect(contents(many)).toEqual(contents(one));
    expect([...(many.columns.votes[0] as IntColumn).values()]).toEqual([400, 40000, -1, 50]);
    expect([...many.columns.voteSum.values()]).toEqual([590, 69995, -1, 100]);
    expect((many.columns.votes[0] as IntColumn).positiveSum).toBe(40450);
  });

  it('handles a table without levels', async () => {
    const mapping = MappingSchema.parse({ ...MAPPING, levels: [] });
    const file = write(TEXT);
    const one = new TableAggregate(info(file, mapping));
    const many = new TableAggregate(info(file, mapping));
    for (const batch of await batches(file, 2, mapping)) {
      for (let i = 0; i < batch.size; i++) one.add(batch.unit(i));
      many.addBatch(batch);
    }
    expect(contents(many)).toEqual(contents(one));
    expect(many.nodes()).toHaveLength(1);
  });
});

describe('IntColumn', () => {
  it('keeps whole numbers from 0 to 2^31 - 1 and -1 for anything else, across chunks', () => {
    const column = new IntColumn(3);
    const source = Float64Array.from({ length: 5000 }, (_, i) =>
      i % 7 === 0 ? Number.NaN : i % 11 === 0 ? -2 : i,
    );
    column.pushStrided(source, 0, 1, 2000);
    column.push(2.5);
    column.pushMissing(1500);
    column.pushStrided(source, 1, 2, 1000);
    const expected = [
      ...Array.from(source.subarray(0, 2000)),
      -1,
      ...new Array(1500).fill(-1),
      ...Array.from({ length: 1000 }, (_, i) => source[1 + 2 * i] as number),
    ].map((x) => (Number.isInteger(x) && x >= 0 ? x : -1));
    expect(column.length).toBe(expected.length);
    const values = column.values();
    expect(values).toBeInstanceOf(Int16Array);
    expect([...values]).toEqual(expected);
    // Joined once: later calls give the same array, and more values go on after it.
    expect(column.values()).toStrictEqual(values);
    column.push(7);
    expect([...column.values()]).toEqual([...expected, 7]);
  });

  it('widens to 32 bits at the first count above 32,767, keeping the values before it', () => {
    const column = new IntColumn(1024);
    const source = Float64Array.from({ length: 3000 }, (_, i) =>
      i === 2500 ? 40000 : i % 5 === 0 ? Number.NaN : i,
    );
    column.pushStrided(source, 0, 1, 3000);
    column.push(2 ** 31 - 1);
    column.push(2 ** 31);
    const values = column.values();
    expect(values).toBeInstanceOf(Int32Array);
    expect([...values]).toEqual([...Array.from(source, (x) => (Number.isNaN(x) ? -1 : x)), 2 ** 31 - 1, -1]);
  });

  it('shared, keeps every array in a SharedArrayBuffer, across chunks and widening, with the same values', () => {
    const shared = new IntColumn(3, true);
    const plain = new IntColumn(3);
    const source = Float64Array.from({ length: 3000 }, (_, i) =>
      i === 2500 ? 40000 : i % 5 === 0 ? Number.NaN : i,
    );
    for (const column of [shared, plain]) {
      column.pushStrided(source, 0, 1, 2000);
      expect(column.values()).toBeInstanceOf(Int16Array);
      column.pushMissing(10);
      column.pushStrided(source, 2000, 1, 1000);
    }
    expect(shared.values()).toBeInstanceOf(Int32Array);
    expect(shared.values().buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(plain.values().buffer).toBeInstanceOf(ArrayBuffer);
    expect([...shared.values()]).toEqual([...plain.values()]);
    const aggregate = new TableAggregate(info(write(TEXT)));
    expect(aggregate.columns.cast.values().buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('pushWhole keeps what pushStrided keeps for whole counts, strided, across chunks and widening', () => {
    const source = Float64Array.from({ length: 6000 }, (_, i) =>
      i === 4001 ? 40000 : i === 5003 ? 2 ** 31 : i === 5005 ? 2 ** 31 - 1 : i % 13,
    );
    const whole = new IntColumn(3);
    const strided = new IntColumn(3);
    for (const [start, step, n] of [
      [0, 1, 2000],
      [2001, 2, 1000],
      [4001, 1, 1999],
    ] as const) {
      whole.pushWhole(source, start, step, n);
      strided.pushStrided(source, start, step, n);
    }
    expect(whole.values()).toBeInstanceOf(Int32Array);
    expect([...whole.values()]).toEqual([...strided.values()]);
    expect(whole.values()[3000 + 1002]).toBe(-1);
    expect(whole.values()[3000 + 1004]).toBe(2 ** 31 - 1);
    expect(whole.positiveSum).toBe(strided.positiveSum);
    expect(whole.length).toBe(4999);
  });

  it('gives a view of its first chunk, without a copy, while the values fit in it', () => {
    const column = new IntColumn(100);
    for (let i = 0; i < 100; i++) column.push(i);
    const values = column.values();
    expect(values.length).toBe(100);
    expect(values.buffer.byteLength).toBe(200);
  });
});

describe('IntColumn written out', () => {
  it('reads back the chunks it wrote, narrow there even once the column widens', () => {
    const file = SpillFile.open();
    try {
      const column = new IntColumn(4, true);
      const source = Float64Array.from({ length: 1100 }, (_, i) => (i % 7 === 3 ? Number.NaN : i * 10));
      column.pushStrided(source, 0, 1, 1030);
      // Chunks of 4, then 1,024 and more: the first two are full.
      expect([column.fullChunks, column.chunkLength(0), column.chunkLength(1)]).toEqual([2, 4, 1024]);
      column.spill(1, file);
      column.spill(1, file);
      expect(file.size).toBe(2048);
      const [first, second] = column.chunks();
      expect(first).toBeInstanceOf(Int16Array);
      expect(second).toEqual({ fd: file.fd, offset: 0, length: 1024, wide: false });
      column.push(40000);
      column.pushStrided(source, 1030, 1, 70);
      const expected = [
        ...Array.from(source.subarray(0, 1030)),
        40000,
        ...Array.from(source.subarray(1030)),
      ].map((x) => (Number.isNaN(x) ? -1 : x));
      expect(column.chunks()[1]).toEqual({ fd: file.fd, offset: 0, length: 1024, wide: false });
      const values = column.values();
      expect(values).toBeInstanceOf(Int32Array);
      expect([...values]).toEqual(expected);
    } finally {
      file.close();
    }
  });

  it('reads back chunks written out wide, and never fills a wide chunk with a narrow array written out', () => {
    const file = SpillFile.open();
    try {
      const column = new IntColumn(undefined, true);
      // Chunks of 1,024 values, doubling up to MAX_CHUNK from 65,536, then of MAX_CHUNK: 11 chunks, chunk 10
      // from 262,144. Each full chunk is written out as the pass does; the array of chunk k is reused for
      // chunk k + 2 when of the same size and width. The column widens in chunk 9 (196,608 to 262,143), after
      // chunk 8's narrow array was set aside: chunk 10 must not get it, and chunk 9 goes out wide.
      const n = 5 * MAX_CHUNK;
      const widenAt = 3 * MAX_CHUNK + 100;
      const value = (i: number) => (i % 97 === 0 ? -1 : i >= widenAt ? 40000 + (i % 1000) : i % 30000);
      for (let i = 0; i < n; i++) {
        column.push(value(i) < 0 ? Number.NaN : value(i));
        for (let k = 0; k < column.fullChunks; k++) column.spill(k, file);
      }
      const chunks = column.chunks();
      expect(chunks).toHaveLength(11);
      expect(chunks.slice(0, 10).every(isSpilled)).toBe(true);
      expect(chunks.map((c) => (isSpilled(c) ? c.wide : c instanceof Int32Array))).toEqual([
        ...new Array(9).fill(false),
        true,
        true,
      ]);
      const values = column.values();
      let wrong = 0;
      for (let i = 0; i < n; i++) if (values[i] !== value(i)) wrong++;
      expect(wrong).toBe(0);
    } finally {
      file.close();
    }
  });

  it('keeps the vote sums of each unit, -1 when a candidate’s votes are missing', async () => {
    const file = write(TEXT);
    const a = new TableAggregate(info(file));
    for (const batch of await batches(file, 3)) a.addBatch(batch);
    expect([...a.columns.registered.values()]).toEqual([1000, 800, 700, 900, 400, 800, 100, 600]);
    expect([...(a.columns.votes[1] as IntColumn).values()]).toEqual([190, 295, -1, -1, 197, 296, 150, 244]);
    expect([...a.columns.voteSum.values()]).toEqual(
      [...(a.columns.votes[0] as IntColumn).values()].map((v, i) => {
        const w = (a.columns.votes[1] as IntColumn).values()[i] as number;
        return v < 0 || w < 0 ? -1 : v + w;
      }),
    );
  });
});

describe('UnitRowSubject', () => {
  it('reads each row as unitSubject(table, batch.unit(i)) does', async () => {
    const file = write(TEXT);
    const table = info(file);
    const view = new UnitRowSubject(table);
    let rows = 0;
    for (const batch of await batches(file, 3)) {
      for (let i = 0; i < batch.size; i++) {
        const expected = unitSubject(table, batch.unit(i));
        const s = view.load(batch, i);
        expect({
          kind: s.kind,
          id: s.id,
          label: s.label,
          pointer: s.pointer,
          names: s.names,
          table: s.table,
        }).toEqual({ ...expected, unit: undefined });
        const { line, id, levels, counts, votes, independent, duplicateOf } = s.unit;
        expect({
          line,
          id,
          levels,
          counts: { ...counts },
          votes: [...votes],
          independent,
          duplicateOf,
        }).toEqual({
          independent: undefined,
          duplicateOf: undefined,
          ...expected.unit,
        });
        rows++;
      }
    }
    expect(rows).toBe(8);
  });
});

describe('residentUnits', () => {
  it('keeps about 24 MiB of counts in memory whatever the number of candidates, unless the environment says', () => {
    expect(residentUnits(7, {})).toBe(1_143_901);
    expect(residentUnits(8, {})).toBe(1_048_576);
    expect(residentUnits(66, {})).toBe(179_755);
    expect(residentUnits(66, {}) * 2 * (66 + 4)).toBeLessThanOrEqual(24 * 1024 * 1024);
    expect(residentUnits(7, { TALLYCHECK_RESIDENT_UNITS: '0' })).toBe(0);
    expect(residentUnits(7, { TALLYCHECK_RESIDENT_UNITS: '1000' })).toBe(1000);
    // Not a whole number: the default.
    expect(residentUnits(7, { TALLYCHECK_RESIDENT_UNITS: '1e3' })).toBe(1_143_901);
  });
});
