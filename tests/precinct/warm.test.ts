import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dropReadAhead, readsAhead } from '../../src/precinct/read.js';
import { warmForDataset } from '../../src/precinct/warm.js';

const dir = mkdtempSync(join(tmpdir(), 'tallycheck-warm-'));
writeFileSync(join(dir, 'small.csv'), 'station,cast\ns1,10\n');
const dataset = (name: string, body: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body));
  return file;
};
const withTable = dataset('with-table.json', {
  precincts: [{ id: 't', table: 'small.csv', mapping: 'm.json' }],
});
writeFileSync(
  join(dir, 'valid.json'),
  JSON.stringify({
    schemaVersion: 1,
    id: { columns: ['station'] },
    levels: [],
    counts: { cast: 'cast' },
    candidates: [{ id: 'a', column: 'a' }],
  }),
);
writeFileSync(join(dir, 'invalid.json'), JSON.stringify({ schemaVersion: 1, counts: 'cast' }));
const withMapping = (mapping: string) =>
  dataset(`with-${mapping}`, { precincts: [{ id: 't', table: 'small.csv', mapping }] });

describe('warmForDataset', () => {
  const env = process.env.TALLYCHECK_READ_THREADS;
  afterEach(() => {
    if (env === undefined) delete process.env.TALLYCHECK_READ_THREADS;
    else process.env.TALLYCHECK_READ_THREADS = env;
  });

  it('warms the worker for a dataset whose table will be read on one', async () => {
    process.env.TALLYCHECK_READ_THREADS = 'worker';
    expect(await warmForDataset(['--rules', 'rules', withTable, '--format', 'json'])).toBe(true);
  });

  it('also starts reading the table when its mapping is valid', async () => {
    process.env.TALLYCHECK_READ_THREADS = 'worker';
    for (const [mapping, started] of [
      ['valid.json', 1],
      ['invalid.json', 0],
      ['missing.json', 0],
    ] as const) {
      const before = readsAhead.started;
      expect(await warmForDataset([withMapping(mapping)])).toBe(true);
      expect(readsAhead.started - before).toBe(started);
      dropReadAhead();
    }
  });

  it('does not for a small table, a dataset without tables, or what is not a dataset', async () => {
    delete process.env.TALLYCHECK_READ_THREADS;
    expect(await warmForDataset([withTable])).toBe(false); // under WORKER_MIN_BYTES: read inline
    process.env.TALLYCHECK_READ_THREADS = 'inline';
    expect(await warmForDataset([withTable])).toBe(false);
    process.env.TALLYCHECK_READ_THREADS = 'worker';
    expect(await warmForDataset([dataset('none.json', { precincts: [] })])).toBe(false);
    expect(await warmForDataset([dataset('broken.json', '{"precincts": [')])).toBe(false);
    expect(
      await warmForDataset([
        dataset('hostile.json', '{"__proto__": {"precincts": [{"table": "small.csv"}]}}'),
      ]),
    ).toBe(false);
    expect(await warmForDataset([join(dir, 'missing.json'), 'table.csv'])).toBe(false);
  });
});
