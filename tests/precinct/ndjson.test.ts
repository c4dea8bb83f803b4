/** Reading NDJSON precinct tables: one object per line, nulls and absent keys as missing values. */
import { afterAll, describe, expect, it } from 'vitest';
import type { InputError } from '../../src/load/errors.js';
import { MappingSchema } from '../../src/schema/mapping.js';
import { brief, MAPPING, ndjsonRow, read, tempTables } from './helpers.js';

const { table, remove } = tempTables('tallycheck-ndjson-');
afterAll(remove);

describe('readUnits on NDJSON', () => {
  const mapping = MappingSchema.parse({ ...MAPPING, format: { type: 'ndjson' } });
  const row = ndjsonRow;

  it('reads one object per line, with nulls and absent keys as missing values', async () => {
    const text = [
      row({}),
      '',
      row({ station: 's2', cast: null }),
      row({ station: 's3', Bob: '7' }),
      '[1,2]',
      '{"broken": ',
      row({ station: 's4', valid: 'many' }),
      JSON.stringify({ region: 'North', station: 's5', registered: 1, valid: 1, invalid: 0, Ann: 1, Bob: 0 }),
    ].join('\r\n');
    const { units, stats } = await read(table(text, 'ndjson'), mapping);
    expect(units.map((u) => [u.line, u.id, u.counts.cast, u.votes[1]])).toEqual([
      [1, 's1', 6, 2],
      [3, 's2', undefined, 2],
      [4, 's3', 6, 7],
      [8, 's5', undefined, 0],
    ]);
    expect(brief(stats).map((p) => [p.code, p.line, p.column])).toEqual([
      ['precinct-missing-value', 3, 'cast'],
      ['precinct-malformed-json', 5, undefined],
      ['precinct-malformed-json', 6, undefined],
      ['precinct-invalid-number', 7, 'valid'],
      ['precinct-missing-value', 8, 'cast'],
    ]);
    expect(stats).toMatchObject({ rowsRead: 7, rowsUsed: 4, rowsRejected: 3, blankLines: 1 });
  });

  it('says what a line that is not an object holds, null included (it read "a object")', async () => {
    const text = [row({}), 'null', '"text"', '[1]'].join('\n');
    const { stats } = await read(table(text, 'ndjson'), mapping);
    expect(stats.problems.map((p) => p.message)).toEqual([
      'the line is not a JSON object (null); the row is left out',
      'the line is not a JSON object (a string); the row is left out',
      'the line is not a JSON object (an array); the row is left out',
    ]);
  });

  it('checks the mapped columns against the first object', async () => {
    const error = await read(table(`{"region":"N","station":"s"}\n`, 'ndjson'), mapping).catch(
      (e: unknown) => e,
    );
    expect((error as InputError).problems.map((p) => p.code)).toContain('precinct-missing-column');
  });
});

describe('NDJSON columns named like properties every object inherits', () => {
  // The id in `constructor`, the region in `__proto__`, a candidate in `hasOwnProperty`: a row without one of
  // them read the inherited value (a function, Object.prototype) and crashed or grouped units under "{}".
  const mapping = MappingSchema.parse({
    ...MAPPING,
    format: { type: 'ndjson' },
    id: { columns: ['constructor'] },
    levels: [{ name: 'region', column: '__proto__' }],
    candidates: [
      { id: 'ann', column: 'hasOwnProperty' },
      { id: 'bob', column: 'Bob' },
    ],
  });
  const line = (o: Record<string, unknown>) =>
    `{"__proto__":"North",${JSON.stringify({ constructor: 's1', registered: 10, cast: 6, valid: 5, invalid: 1, hasOwnProperty: 3, Bob: 2, ...o }).slice(1)}`;

  it('reads them as own keys only: an absent one is a missing value', async () => {
    const text = [
      line({}),
      line({ constructor: undefined }),
      line({ constructor: 's3', hasOwnProperty: undefined }),
      JSON.stringify({
        constructor: 's4',
        registered: 10,
        cast: 6,
        valid: 5,
        invalid: 1,
        hasOwnProperty: 3,
        Bob: 2,
      }),
    ].join('\n');
    const { units, stats } = await read(table(text, 'ndjson'), mapping);
    expect(units.map((u) => [u.line, u.id, u.levels, u.votes[0]])).toEqual([
      [1, 's1', ['North'], 3],
      [3, 's3', ['North'], Number.NaN],
    ]);
    expect(brief(stats).map((p) => [p.code, p.line, p.column])).toEqual([
      ['precinct-missing-id', 2, 'constructor'],
      ['precinct-missing-value', 3, 'hasOwnProperty'],
      ['precinct-missing-level', 4, '__proto__'],
    ]);
  });
});

describe('NDJSON: a candidate whose empty cells mean zero', () => {
  it('reads null, an absent key and "" as 0 votes, counted; "NA" stays missing', async () => {
    const mapping = MappingSchema.parse({
      ...MAPPING,
      format: { type: 'ndjson' },
      candidates: [
        { id: 'ann', column: 'Ann', emptyMeans: 'zero' },
        { id: 'bob', column: 'Bob' },
      ],
    });
    const { Ann: _, ...noAnn } = JSON.parse(ndjsonRow({ station: 's3' })) as Record<string, unknown>;
    const text = [
      ndjsonRow({ station: 's1' }),
      ndjsonRow({ station: 's2', Ann: null }),
      JSON.stringify(noAnn),
      ndjsonRow({ station: 's4', Ann: ' ' }),
      ndjsonRow({ station: 's5', Ann: 'NA' }),
      ndjsonRow({ station: 's6', Bob: null }),
    ].join('\n');
    const { units, stats } = await read(table(text, 'ndjson'), mapping);
    expect(units.map((u) => [u.id, ...u.votes])).toEqual([
      ['s1', 3, 2],
      ['s2', 0, 2],
      ['s3', 0, 2],
      ['s4', 0, 2],
      ['s5', Number.NaN, 2],
      ['s6', 3, Number.NaN],
    ]);
    expect(brief(stats).map((p) => [p.code, p.line, p.column])).toEqual([
      ['precinct-missing-value', 5, 'Ann'],
      ['precinct-missing-value', 6, 'Bob'],
    ]);
    expect(stats.cellsReadAsZero).toEqual({ ann: 3 });
  });
});
