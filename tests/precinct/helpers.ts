/** Shared helpers of the precinct reader tests: temporary tables, a small mapping, reading to arrays. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newReadStats } from '../../src/precinct/problems.js';
import { type ReadOptions, type ReadStats, readUnits, type Unit } from '../../src/precinct/read.js';
import { type Mapping, MappingSchema } from '../../src/schema/mapping.js';

/** A temporary directory for one test file; call `remove` in afterAll. */
export function tempTables(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let files = 0;
  return {
    dir,
    /** Writes a table to a fresh file and returns its path. */
    table(text: string | Buffer, ext = 'csv'): string {
      const file = join(dir, `t${files++}.${ext}`);
      writeFileSync(file, text);
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Region, station, four counts and two candidates. */
export const MAPPING = MappingSchema.parse({
  schemaVersion: 1,
  id: { columns: ['station'] },
  levels: [{ name: 'region', column: 'region' }],
  counts: { registered: 'registered', cast: 'cast', valid: 'valid', invalid: 'invalid' },
  candidates: [
    { id: 'ann', column: 'Ann' },
    { id: 'bob', column: 'Bob' },
  ],
});
export const HEADER = 'region,station,registered,cast,valid,invalid,Ann,Bob';

/** One NDJSON line of MAPPING's table: station s1 of North, whole counts, with `o`'s keys replacing or added. */
export const ndjsonRow = (o: Record<string, unknown> = {}) =>
  JSON.stringify({
    region: 'North',
    station: 's1',
    registered: 10,
    cast: 6,
    valid: 5,
    invalid: 1,
    Ann: 3,
    Bob: 2,
    ...o,
  });

/** Reads a whole table into an array, with its stats. */
export async function read(file: string, mapping: Mapping = MAPPING, options: ReadOptions = {}) {
  const stats = newReadStats(file);
  const units: Unit[] = [];
  for await (const unit of readUnits(file, mapping, { ...options, stats })) units.push(unit);
  return { units, stats };
}

/** The fields of problems that tests pin, in file order. */
export const brief = (stats: ReadStats) =>
  stats.problems.map((p) => ({ code: p.code, line: p.line, column: p.columnName, found: p.found }));
