/** runAudit's resources: the columns' temporary files are closed however the audit ends. */
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runAudit } from '../../src/engine/audit.js';
import { datasetContext } from '../../src/engine/subjects.js';
import { loadRules } from '../../src/load/rules.js';
import type { TableInfo } from '../../src/precinct/aggregate.js';
import { SpillFile } from '../../src/precinct/spill.js';
import { dataset } from '../helpers/facts.js';
import { HEADER, MAPPING, tempTables } from '../precinct/helpers.js';

const tmp = tempTables('tallycheck-audit-');
afterAll(() => tmp.remove());
afterEach(() => vi.restoreAllMocks());

/** A table of `rows` units in two regions, as the audit reads it. */
function tableOf(id: string, rows: number): TableInfo {
  const lines = Array.from({ length: rows }, (_, i) => {
    const registered = 800 + (i % 400);
    const cast = Math.floor(registered * 0.6);
    return `${i % 2 ? 'North' : 'South'},s${i},${registered},${cast},${cast - 3},3,${cast - 103},100`;
  });
  const file = tmp.table(`${HEADER}\n${lines.join('\n')}\n`);
  return {
    index: 0,
    entry: { id, table: file, mapping: 'm.json' },
    file,
    mappingFile: 'm.json',
    mapping: MAPPING,
    candidates: MAPPING.candidates.map((c) => c.id),
  };
}

/** Every SpillFile opened from now on, and those of them closed. */
function watchSpillFiles() {
  const opened: SpillFile[] = [];
  const closed = new Set<SpillFile>();
  const open = SpillFile.open;
  vi.spyOn(SpillFile, 'open').mockImplementation((dir?: string) => {
    const file = open.call(SpillFile, dir);
    opened.push(file);
    return file;
  });
  const close = SpillFile.prototype.close;
  vi.spyOn(SpillFile.prototype, 'close').mockImplementation(function (this: SpillFile) {
    closed.add(this);
    close.call(this);
  });
  return { opened, closed };
}

describe('runAudit', () => {
  const rules = loadRules('rules/screen');

  it('closes the columns’ temporary files at the end', async () => {
    const files = watchSpillFiles();
    await runAudit(rules, [tableOf('a', 5000), tableOf('b', 5000)], datasetContext(dataset()), {
      residentUnits: 0,
    });
    expect(files.opened).toHaveLength(2);
    expect(files.opened.filter((f) => !files.closed.has(f))).toEqual([]);
  });

  it('closes them too when a table pass throws, the table that threw and those read before', async () => {
    for (const throwAt of ['a', 'b']) {
      const files = watchSpillFiles();
      const tables = [tableOf('a', 5000), tableOf('b', 5000)];
      await expect(
        runAudit(rules, tables, datasetContext(dataset()), {
          residentUnits: 0,
          onProgress: (table) => {
            if (table.entry.id === throwAt && files.opened.length === (throwAt === 'a' ? 1 : 2))
              throw new Error('stopped');
          },
        }),
      ).rejects.toThrow('stopped');
      expect(files.opened.length, throwAt).toBeGreaterThan(0);
      expect(
        files.opened.filter((f) => !files.closed.has(f)),
        throwAt,
      ).toEqual([]);
      vi.restoreAllMocks();
    }
  });
});
