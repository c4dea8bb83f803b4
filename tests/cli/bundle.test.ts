/** The bundled CLI (dist/bundle/main.cjs, built by pretest) and V8's code cache the build writes for it. */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { formatters } from '../../src/report/index.js';
import type { Report } from '../../src/report/types.js';
import { tallycheck, tempDir } from '../helpers/cli.js';

const AZ = 'data/azerbaijan-2024-presidential.json';
const STEM = 'azerbaijan-2024-presidential.report';

/**
 * Loads the bundle in `dir` in a fresh node (the CLI's flags: none), runs `argv`, and says whether the code cache
 * was used, the exit code and what the command printed.
 */
function loadAndRun(useCache: boolean, argv: string[], dir = 'dist/bundle') {
  const script = `
    const { loadBundle } = await import('./dist/cli/load-bundle.js');
    const { main, cacheAccepted } = loadBundle(${JSON.stringify(dir)}, ${useCache});
    let out = '';
    const code = await main(${JSON.stringify(argv)}, { out: (t) => (out += t), err: (t) => process.stderr.write(t) });
    process.stdout.write(JSON.stringify({ cacheAccepted: cacheAccepted ?? null, code, out }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { cacheAccepted: boolean | null; code: number; out: string };
}

describe('the bundled CLI', () => {
  it('compiles with the code cache the build wrote, and gives the same reports without it', () => {
    const cached = tempDir();
    const plain = tempDir();
    const formats = ['--format', 'json,md,sarif', '--quiet', '--allow-read', '../shared'];
    expect(loadAndRun(true, ['audit', AZ, '--out', cached, ...formats])).toMatchObject({
      cacheAccepted: true,
      code: 0,
    });
    expect(loadAndRun(false, ['audit', AZ, '--out', plain, ...formats])).toMatchObject({
      cacheAccepted: null,
      code: 0,
    });
    for (const ext of ['json', 'md', 'sarif.json']) {
      expect(readFileSync(join(cached, `${STEM}.${ext}`), 'utf8')).toBe(
        readFileSync(join(plain, `${STEM}.${ext}`), 'utf8'),
      );
    }
  });

  it('ignores a cache made for other source of the same length (V8 would run the old code)', () => {
    const dir = mkdtempSync(join('dist', 'bundle-test-'));
    try {
      cpSync('dist/bundle', dir, { recursive: true });
      const file = join(dir, 'main.cjs');
      const text = readFileSync(file, 'utf8');
      expect(text).toContain('Usage: tallycheck audit DATASET');
      writeFileSync(file, text.replace('Usage: tallycheck audit DATASET', 'Usage: tallycheck AUDIT DATASET'));
      expect(loadAndRun(true, ['audit', '--help'], dir)).toMatchObject({
        cacheAccepted: false,
        code: 0,
        out: expect.stringContaining('Usage: tallycheck AUDIT DATASET'),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("matches text beyond ASCII as the sources do (the mapping suggester's Cyrillic words)", async () => {
    const dir = tempDir();
    const csv = join(dir, 'ru.csv');
    writeFileSync(
      csv,
      'регион,участок,число избирателей,выдано бюллетеней,недействительных,Иванов,Петров\nA,1,100,80,2,50,28\n',
    );
    const bundled = tallycheck(['map', 'suggest', csv]);
    let out = '';
    let err = '';
    const code = await main(['map', 'suggest', csv], { out: (t) => (out += t), err: (t) => (err += t) });
    expect({ code: bundled.code, out: bundled.stdout, err: bundled.stderr }).toEqual({ code, out, err });
    expect(out).toContain('"invalid": "недействительных"');
  });

  it('loads the ES-module packages it keeps outside (vega for HTML charts, fast-xml-parser for JUnit)', async () => {
    const out = tempDir();
    const run = tallycheck(['audit', AZ, '--out', out, '--format', 'json,html,junit', '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, `${STEM}.json`), 'utf8')) as Report;
    for (const [name, ext] of [
      ['html', 'html'],
      ['junit', 'junit.xml'],
    ] as const) {
      const formatter = formatters.get(name);
      const written = readFileSync(join(out, `${STEM}.${ext}`), 'utf8');
      expect(written).toBe(await formatter?.format(report));
    }
    expect(readFileSync(join(out, `${STEM}.html`), 'utf8')).toContain('<svg');
  });
});
