/** The real Albania 2013 precinct table (beside the project, not in it): read in full, its gaps reported. */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { newReadStats } from '../../src/precinct/problems.js';
import { readUnits } from '../../src/precinct/read.js';
import { readSample } from '../../src/precinct/sample.js';
import { suggestMapping } from '../../src/precinct/suggest.js';
import { MappingSchema } from '../../src/schema/mapping.js';

const FILE = '../shared/data/real/albania-2013-parliament-precinct.csv';
const present = existsSync(FILE);
if (!present)
  console.warn(`Skipped the Albania precinct tests: ${FILE} is absent (see ../shared/data/real/README.md).`);

const candidates = Array.from({ length: 66 }, (_, i) => `C${String(i + 7).padStart(3, '0')}`);
const MAPPING = MappingSchema.parse({
  schemaVersion: 1,
  missingValues: ['NA', ''],
  id: { columns: ['Prefectures', 'Communes', 'Precincts'] },
  levels: [
    { name: 'prefecture', column: 'Prefectures' },
    { name: 'commune', column: 'Communes' },
  ],
  counts: { registered: 'Registered', cast: 'Ballots' },
  candidates: candidates.map((column) => ({ id: column.toLowerCase(), column })),
});

describe.skipIf(!present)('Albania 2013 parliamentary, per precinct', () => {
  it('reads all 5,508 rows and reports its NA cells and repeated precinct ids', async () => {
    const stats = newReadStats(FILE);
    let units = 0;
    let ballots = 0;
    const prefectures = new Set<string>();
    for await (const unit of readUnits(FILE, MAPPING, { stats })) {
      units++;
      ballots += unit.counts.cast ?? 0;
      prefectures.add(unit.levels[0] as string);
    }
    expect(units).toBe(5508);
    expect(prefectures.size).toBe(12);
    expect(ballots).toBeGreaterThan(1_500_000);
    expect(stats).toMatchObject({ rowsRead: 5508, rowsUsed: 5508, rowsRejected: 0, blankLines: 0 });
    expect(stats.missingCells).toEqual({ C067: 1, C011: 1 });
    const missing = stats.problems.filter((p) => p.code === 'precinct-missing-value');
    expect(missing.map((p) => [p.line, p.columnName, p.found])).toEqual([
      [856, 'C067', '"NA"'],
      [876, 'C011', '"NA"'],
    ]);
    // Real data: precinct "31/1" is published as 311, which another precinct of the commune also has.
    expect(stats.duplicateIds).toBe(60);
    expect(stats.problemsByCode).toEqual({ 'precinct-duplicate-id': 60, 'precinct-missing-value': 2 });
    expect(stats.problems.find((p) => p.code === 'precinct-duplicate-id')).toMatchObject({
      line: 361,
      found: '"SHKODER/SHKODER_KASTRAT/311"',
    });
  });

  it('drafts that mapping from the file itself', async () => {
    const sample = await readSample(FILE, 1000);
    expect(sample.format).toEqual({ type: 'csv', delimiter: ',' });
    expect(sample.rows).toHaveLength(1000);
    const { mapping } = suggestMapping(sample.header, sample.rows, sample.format);
    expect(MappingSchema.parse(mapping)).toEqual({ ...MAPPING, missingValues: ['', 'NA'] });
  });
});
