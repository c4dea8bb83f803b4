/**
 * Files a dataset names (source texts, tables, mappings) are read only from its own folder or a folder the user
 * allowed, and only when they are regular files: a dataset from a feed cannot have its report quote another file
 * on the machine, nor hang the audit on a pipe (src/load/paths.ts).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesIn, SHARED, tallycheck, tempDir } from '../helpers/cli.js';

const AZ = 'data/azerbaijan-2024-presidential.json';
const SOURCE = resolve('../shared/sources/trend-2024-02-08-azerbaijan-election.txt');
const NO_ALLOWANCE = { TALLYCHECK_ALLOW_READ: '' };

/** The bundled dataset in a fresh folder, its source text named as `file`. */
function withSource(file: string): { dir: string; dataset: string } {
  const dir = tempDir();
  const data = JSON.parse(readFileSync(AZ, 'utf8'));
  data.sources[0].file = file;
  const dataset = join(dir, 'dataset.json');
  writeFileSync(dataset, JSON.stringify(data, null, 2));
  return { dir, dataset };
}

/** A one-table dataset in a fresh folder naming `table` and `mapping` (copies of the screen fixture by default). */
function withTable(table = 'table.csv', mapping = 'mapping.json'): { dir: string; dataset: string } {
  const dir = tempDir();
  copyFileSync('tests/fixtures/screen/tiny.csv', join(dir, 'table.csv'));
  copyFileSync('tests/fixtures/screen/mapping.json', join(dir, 'mapping.json'));
  const data = JSON.parse(readFileSync('tests/rules/last-digits-uniform/fail.json', 'utf8'));
  data.precincts[0].table = table;
  data.precincts[0].mapping = mapping;
  const dataset = join(dir, 'dataset.json');
  writeFileSync(dataset, JSON.stringify(data, null, 2));
  return { dir, dataset };
}

function audit(dataset: string, args: string[] = [], env = NO_ALLOWANCE) {
  const out = tempDir();
  const run = tallycheck(
    ['audit', dataset, '--out', out, '--format', 'json,md,html', ...args],
    undefined,
    env,
  );
  return { run, out };
}

describe('a source text the dataset names', () => {
  it('is refused outside the dataset folder (an absolute path to the process environment), with no report', () => {
    const { dataset } = withSource('/proc/self/environ');
    const { run, out } = audit(dataset, [], { TALLYCHECK_ALLOW_READ: '', SECRET: 'do-not-quote' } as never);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `${dataset}:32:15 at /sources/0/file: source text /proc/self/environ: the file lies outside the dataset's folder (/proc/`,
    );
    expect(run.stderr).toContain('[path-not-allowed]');
    expect(run.stderr).toContain('--allow-read DIR (or TALLYCHECK_ALLOW_READ=DIR)');
    expect(filesIn(out)).toEqual([]);
  });

  it('is refused through ../ and through a link that leads outside, and read once the folder is allowed', () => {
    const outside = tempDir();
    writeFileSync(join(outside, 'notes.txt'), 'private');
    const dotted = withSource(join('..', outside.split('/').pop() as string, 'notes.txt'));
    expect(audit(dotted.dataset).run.stderr).toContain('[path-not-allowed]');
    const linked = withSource('link.txt');
    symlinkSync(join(outside, 'notes.txt'), join(linked.dir, 'link.txt'));
    expect(audit(linked.dataset).run.stderr).toContain('[path-not-allowed]');

    const allowed = withSource(SOURCE);
    expect(audit(allowed.dataset).run.code).toBe(2);
    const flag = audit(allowed.dataset, ['--allow-read', '../shared']);
    expect(flag.run.stderr).toBe('');
    expect(flag.run.code).toBe(0);
    expect(readFileSync(join(flag.out, 'dataset.report.md'), 'utf8')).toContain(
      '> According to the results of',
    );
    expect(audit(allowed.dataset, [], { TALLYCHECK_ALLOW_READ: resolve('../shared') }).run.code).toBe(0);
  });

  it('is never read through a hidden folder, even inside the dataset folder', () => {
    const { dir, dataset } = withSource('.git/config');
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, '.git', 'config'), 'token = secret');
    const { run } = audit(dataset, ['--allow-read', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the path goes through a hidden file or folder');
  });

  it('is an error when missing (reports quoted nothing, and nothing said so)', () => {
    const { dataset } = withSource('missing.txt');
    const run = tallycheck(['data', 'validate', dataset], undefined, NO_ALLOWANCE);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('at /sources/0/file: source text');
    expect(run.stderr).toContain('missing.txt: file not found [file-not-found]');
  });
});

describe('a paragraph a figure cites in the source text', () => {
  /** The bundled dataset beside its source text, with Zahid Oruj's "2.19" cited at `paragraph` (8 in truth). */
  function citing(paragraph: number): string {
    const { dir, dataset } = withSource(SOURCE);
    const data = JSON.parse(readFileSync(dataset, 'utf8'));
    data.releases[0].results[1].share.at.paragraph = paragraph;
    writeFileSync(join(dir, 'dataset.json'), JSON.stringify(data, null, 2));
    return dataset;
  }

  it('must print the figure: data validate and the audit say where it is printed, and write no report', () => {
    const dataset = citing(7);
    const validate = tallycheck(['data', 'validate', dataset]);
    const { run, out } = audit(dataset, [], { TALLYCHECK_ALLOW_READ: SHARED });
    expect(filesIn(out)).toEqual([]);
    for (const r of [validate, run]) {
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        `at /releases/0/results/1/share/at/paragraph: "2.19" is not printed in paragraph 7 of source "trend-2024-02-08" (${SOURCE}) [data-printed-not-in-paragraph]`,
      );
      expect(r.stderr).toContain('found paragraph 7: "According to the Central Election Commission (CEC)');
      expect(r.stderr).toContain('"2.19" is printed in paragraph 8 of that text.');
    }
  });

  it('must exist: paragraph 42 of 12 is a problem, not a quote that silently disappears', () => {
    const run = tallycheck(['data', 'validate', citing(42)]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'at /releases/0/results/1/share/at/paragraph: paragraph 42 of source "trend-2024-02-08"',
    );
    expect(run.stderr).toContain('does not exist [data-paragraph-missing]');
    expect(run.stderr).toContain('expected a paragraph from 1 to 12, found paragraph 42.');
    expect(tallycheck(['data', 'validate', citing(8)]).code).toBe(0);
  });
});

describe('a precinct table or mapping the dataset names', () => {
  it('is read from the dataset folder (the default)', () => {
    const { dataset } = withTable();
    expect(audit(dataset).run.stderr).toBe('');
  });

  it('is refused when it is a pipe, without waiting on it', () => {
    const { dir, dataset } = withTable('pipe.csv');
    execFileSync('mkfifo', [join(dir, 'pipe.csv')]);
    const { run, out } = audit(dataset);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'pipe.csv: precinct table: not a regular file (a folder, a device or a pipe)',
    );
    expect(filesIn(out)).toEqual([]);
    const validate = tallycheck(['data', 'validate', dataset], undefined, NO_ALLOWANCE);
    expect(validate.stderr).toContain('[file-not-regular]');
  });

  it('is refused outside the dataset folder, the mapping too', () => {
    const { dataset } = withTable('/etc/passwd', '/etc/hostname');
    const { run } = audit(dataset);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("precinct table: the file lies outside the dataset's folder");
    expect(run.stderr).toContain("precinct mapping: the file lies outside the dataset's folder");
  });
});

describe('--allow-read', () => {
  it('must name a folder', () => {
    const { dataset } = withTable();
    const { run } = audit(dataset, ['--allow-read', 'no-such-folder']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      '--allow-read (or TALLYCHECK_ALLOW_READ) names "no-such-folder", which is not a folder',
    );
  });
});
