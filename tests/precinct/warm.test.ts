import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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
