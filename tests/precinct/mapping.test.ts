/** The mapping schema: defaults, strictness, and cross-field checks with paths. */
import { describe, expect, it } from 'vitest';
import { synthMapping } from '../../src/precinct/synth.js';
import { MappingSchema } from '../../src/schema/mapping.js';

const minimal = {
  schemaVersion: 1,
  id: { columns: ['station'] },
  candidates: [{ id: 'ann', column: 'Ann' }],
};

/** Zod issue paths and messages, for assertions. */
function issues(value: unknown) {
  const result = MappingSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => [i.path.join('/'), i.message]);
}

describe('MappingSchema', () => {
  it('fills defaults', () => {
    expect(MappingSchema.parse(minimal)).toEqual({
      ...minimal,
      format: { type: 'csv', delimiter: ',' },
      missingValues: ['', 'NA'],
      id: { columns: ['station'], separator: '/' },
      levels: [],
      counts: {},
    });
    expect(MappingSchema.parse({ ...minimal, format: { type: 'csv' } }).format).toEqual({
      type: 'csv',
      delimiter: ',',
    });
  });

  it('accepts the synthetic table mapping and NDJSON', () => {
    expect(MappingSchema.safeParse(synthMapping({ rows: 1 })).success).toBe(true);
    expect(MappingSchema.parse({ ...minimal, format: { type: 'ndjson' } }).format).toEqual({
      type: 'ndjson',
    });
  });

  it.each([
    ['an unknown key', { ...minimal, extra: 1 }, ''],
    ['an unknown count', { ...minimal, counts: { turnout: 'T' } }, 'counts'],
    ['a quote as delimiter', { ...minimal, format: { type: 'csv', delimiter: '"' } }, 'format/delimiter'],
    [
      'a two-character delimiter',
      { ...minimal, format: { type: 'csv', delimiter: ';;' } },
      'format/delimiter',
    ],
    ['no candidates', { ...minimal, candidates: [] }, 'candidates'],
    ['an empty id', { ...minimal, id: { columns: [] } }, 'id/columns'],
    [
      'a candidate id that is not kebab-case',
      { ...minimal, candidates: [{ id: 'Ann B', column: 'A' }] },
      'candidates/0/id',
    ],
    [
      'a level name that is not camelCase',
      { ...minimal, levels: [{ name: 'Region', column: 'r' }] },
      'levels/0/name',
    ],
  ])('rejects %s', (_name, value, path) => {
    expect(issues(value).map(([p]) => p)).toContain(path);
  });

  it('rejects repeated candidates and levels, and a column with two number roles', () => {
    expect(
      issues({
        ...minimal,
        levels: [
          { name: 'region', column: 'r' },
          { name: 'region', column: 'r2' },
        ],
        counts: { cast: 'Ann', valid: 'v' },
        candidates: [
          { id: 'ann', column: 'Ann' },
          { id: 'ann', column: 'v' },
        ],
      }),
    ).toEqual([
      ['candidates/1/id', 'candidate id "ann" is listed twice'],
      ['levels/1/name', 'level "region" is listed twice'],
      ['candidates/0/column', 'column "Ann" is already mapped as counts.cast'],
      ['candidates/1/column', 'column "v" is already mapped as counts.valid'],
    ]);
  });

  it('takes what an empty cell of a candidate means: missing when absent, or zero', () => {
    const mapping = MappingSchema.parse({
      ...minimal,
      candidates: [
        { id: 'ann', column: 'Ann' },
        { id: 'north', column: 'North', emptyMeans: 'zero' },
        { id: 'south', column: 'South', emptyMeans: 'missing' },
      ],
    });
    expect(mapping.candidates.map((c) => c.emptyMeans)).toEqual([undefined, 'zero', 'missing']);
    expect(
      issues({ ...minimal, candidates: [{ id: 'ann', column: 'Ann', emptyMeans: 0 }] }).map(([p]) => p),
    ).toEqual(['candidates/0/emptyMeans']);
    expect(
      issues({ ...minimal, candidates: [{ id: 'ann', column: 'Ann', emptyMeans: 'NA' }] }).map(([p]) => p),
    ).toEqual(['candidates/0/emptyMeans']);
  });

  it('lets a column be both an id part and a level', () => {
    expect(
      issues({
        ...minimal,
        id: { columns: ['region', 'station'] },
        levels: [{ name: 'region', column: 'region' }],
      }),
    ).toEqual([]);
  });

  it('checks independent counts against the candidates', () => {
    expect(
      issues({
        ...minimal,
        independent: {
          kind: 'observerCount',
          columns: [
            { candidate: 'bob', column: 'obs bob' },
            { candidate: 'ann', column: 'Ann' },
          ],
        },
      }),
    ).toEqual([
      ['independent/columns/0/candidate', '"bob" is not one of the mapped candidates'],
      ['independent/columns/1/column', 'column "Ann" is already mapped as the votes of "ann"'],
    ]);
  });
});
