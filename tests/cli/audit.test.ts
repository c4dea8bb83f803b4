/** The audit command end to end: exit codes, stdout and stderr, deterministic reports, the committed reports. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { facts } from '../../src/facts/index.js';
import { formatters } from '../../src/report/index.js';
import { BIN, filesIn, tallycheck, tempDir } from '../helpers/cli.js';

const AZ = 'data/azerbaijan-2024-presidential.json';
const STEM = 'azerbaijan-2024-presidential.report';

function auditTo(args: string[] = []) {
  const out = tempDir();
  const run = tallycheck(['audit', AZ, '--out', out, ...args]);
  return { run, out };
}

describe('tallycheck audit', () => {
  it('passes the gate on the bundled dataset (no errors) and writes JSON and Markdown', () => {
    const { run, out } = auditTo();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('gate: pass (fail on error)');
    expect(filesIn(out)).toEqual([`${STEM}.json`, `${STEM}.md`]);
  });

  it('exits 1 when findings reach --fail-on', () => {
    const { run } = auditTo(['--fail-on', 'info']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('gate: fail (fail on info)');
  });

  it('warns on stderr when no rule of the pack applied to anything (the gate still passes)', () => {
    const { run } = auditTo(['--rules', 'rules/screen', '-q']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('gate: pass (fail on error)\n');
    const warning = JSON.parse(run.stderr.trim());
    expect(warning).toMatchObject({
      level: 40,
      rules: 7,
      skipped: 0,
      msg: 'nothing was checked: no rule of the pack applies to anything in this dataset',
    });
  });

  it('exits 0 with --fail-on never', () => {
    expect(auditTo(['--fail-on', 'never']).run.code).toBe(0);
  });

  it('writes byte-identical reports for the same inputs', () => {
    const a = auditTo();
    const b = auditTo();
    for (const ext of ['json', 'md']) {
      expect(readFileSync(join(a.out, `${STEM}.${ext}`), 'utf8')).toBe(
        readFileSync(join(b.out, `${STEM}.${ext}`), 'utf8'),
      );
    }
  });

  it('records a timestamp only when asked', () => {
    const plain = auditTo();
    expect(readFileSync(join(plain.out, `${STEM}.json`), 'utf8')).not.toContain('generatedAt');
    const stamped = auditTo(['--timestamp']);
    const report = JSON.parse(readFileSync(join(stamped.out, `${STEM}.json`), 'utf8'));
    expect(Date.parse(report.generatedAt)).not.toBeNaN();
  });

  it('keeps the committed reports under reports/ up to date (run npm run audit)', () => {
    const { out } = auditTo(['--format', 'json,md,html']);
    for (const ext of ['json', 'md', 'html']) {
      expect(readFileSync(join('reports', `${STEM}.${ext}`), 'utf8')).toBe(
        readFileSync(join(out, `${STEM}.${ext}`), 'utf8'),
      );
    }
  });

  it('logs JSON to stderr only, never to stdout', () => {
    const { run } = auditTo(['--log-level', 'info']);
    const lines = run.stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(JSON.parse(line)).toHaveProperty('msg');
    expect(run.stdout).not.toContain('"msg"');
  });

  it('writes only the formats asked for', () => {
    const { out } = auditTo(['--format', 'json']);
    expect(filesIn(out)).toEqual([`${STEM}.json`]);
  });
});

describe('help and version', () => {
  it.each([['--help'], ['audit', '--help'], ['rules', '--help'], ['data', '--help'], ['help', 'audit']])(
    '%j',
    (...args) => {
      const run = tallycheck(args);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/Usage/);
    },
  );

  it('audit --help names every report format there is', () => {
    const help = tallycheck(['audit', '--help']).stdout;
    const line = help.slice(help.indexOf('--format LIST'), help.indexOf('--out DIR'));
    for (const name of formatters.keys()) expect(line, name).toMatch(new RegExp(`\\b${name}\\b`));
  });

  it('--version prints the package version', () => {
    const run = tallycheck(['--version']);
    expect(run.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('rules list shows every bundled rule', () => {
    const run = tallycheck(['rules', 'list', '--json']);
    expect(run.code).toBe(0);
    const list = JSON.parse(run.stdout) as { id: string }[];
    expect(list.map((r) => r.id)).toContain('release-shares-sum-to-100');
    expect(tallycheck(['rules', 'validate']).code).toBe(0);
  });

  it('rules facts lists every fact with its scopes, description and parameters', () => {
    const json = tallycheck(['rules', 'facts', '--json']);
    expect(json.code).toBe(0);
    const list = JSON.parse(json.stdout) as {
      id: string;
      scopes: string[];
      description: string;
      params: Record<string, { default?: unknown }>;
    }[];
    expect(list.map((f) => f.id)).toEqual(facts.map((f) => f.id));
    expect(list.find((f) => f.id === 'pollGapSize')).toMatchObject({ value: '{ value, plusMinus }' });
    expect(list.find((f) => f.id === 'duplicatedCandidates')).toMatchObject({ value: 'a list of text' });
    expect(list.find((f) => f.id === 'lastDigitChiSquare')?.params).toMatchObject({
      counts: { default: 'allCandidates' },
      minCount: { default: 100 },
      minUnits: { default: 50 },
    });
    const table = tallycheck(['rules', 'facts', '--scope', 'table']);
    expect(table.stdout).toBe(
      'rowsRead (table)\n' +
        '  Data rows of the precinct table as read (the header and blank lines not counted).\n' +
        '  value: a number\n' +
        'rowsRejected (table)\n' +
        '  Rows of the precinct table left out by the reader (a count not a number, a short or long row, no\n' +
        '  id ...).\n' +
        '  value: a number\n' +
        'unitsThatSumTheOthers (table)\n' +
        '  Units of the precinct table whose counts and votes are each the sum of the other units of the\n' +
        '  table or of a level node they belong to (a totals or subtotal row).\n' +
        '  value: a number\n' +
        '  params:\n' +
        '    minUnits: integer from 2 (default 3). Fewest units a node (the table, or a level such as a\n' +
        '      district) must have to be checked: with two, one unit equal to the other is a repeat, not a\n' +
        '      sum.\n' +
        'unitsThatSumTheOthersList (table)\n' +
        '  The first units of the precinct table that hold the sum of the other units of the table or of a\n' +
        '  level node they belong to, with their lines, as text.\n' +
        '  value: text\n' +
        '  params:\n' +
        '    minUnits: integer from 2 (default 3). Fewest units a node (the table, or a level such as a\n' +
        '      district) must have to be checked: with two, one unit equal to the other is a repeat, not a\n' +
        '      sum.\n',
    );
    const screen = tallycheck(['rules', 'facts', '--scope', 'unitScreen']).stdout;
    expect(screen).toContain(
      '    minCount: integer from 0 (default 100). Smallest count whose last digit is tested.\n',
    );
    const bad = tallycheck(['rules', 'facts', '--scope', 'units']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown scope "units": expected one of dataset, source,');
  });
});

describe('a closed output pipe', () => {
  /** Runs the binary with its stdout's reading end closed before it writes (as `| head` does once done). */
  function closedPipe(args: string[]): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      child.on('close', (code) => resolve({ code, stderr }));
    });
  }

  it('ends the command quietly with its own exit code, its reports written', async () => {
    expect(await closedPipe(['rules', 'facts'])).toEqual({ code: 0, stderr: '' });
    const out = tempDir();
    expect(
      await closedPipe(['audit', AZ, '--allow-read', '../shared', '--out', out, '--fail-on', 'info']),
    ).toEqual({
      code: 1,
      stderr: '',
    });
    expect(filesIn(out)).toEqual([`${STEM}.json`, `${STEM}.md`]);
  });
});
