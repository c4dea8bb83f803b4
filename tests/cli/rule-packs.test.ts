/** Rule packs named on the command line: one, several combined, linked folders, and what may not combine. */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tallycheck, tempDir } from '../helpers/cli.js';

const AZ = 'data/azerbaijan-2024-presidential.json';
const ids = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
const CORE = ids('rules/core');
const TIME = ids('rules/time');

function reportRules(args: string[]): { code: number | null; rules: string[]; stderr: string } {
  const out = tempDir();
  const run = tallycheck(['audit', AZ, '--out', out, '--format', 'json', '-q', ...args]);
  if (run.code === 2) return { code: run.code, rules: [], stderr: run.stderr };
  const report = JSON.parse(readFileSync(join(out, 'azerbaijan-2024-presidential.report.json'), 'utf8'));
  return { code: run.code, rules: report.inputs.rules.map((r: { id: string }) => r.id), stderr: run.stderr };
}

describe('--rules given more than once', () => {
  it('combines the packs in audit (it kept only the last one)', () => {
    const both = reportRules(['--rules', 'rules/core', '--rules', 'rules/time']);
    expect(both.code).toBe(0);
    expect(both.rules).toEqual([...CORE, ...TIME].sort());
    expect(reportRules(['--rules', 'rules/time', '--rules', 'rules/core']).rules).toEqual(both.rules);
  });

  it('reads a file reached twice once (a pack and its parent)', () => {
    const run = reportRules(['--rules', 'rules', '--rules', 'rules/core']);
    expect(run.code).toBe(0);
    expect(run.rules).toEqual(
      ids('rules/core').concat(ids('rules/time'), ids('rules/precinct'), ids('rules/screen')).sort(),
    );
  });

  it('refuses two packs that both define a rule id, naming both files', () => {
    const mine = tempDir();
    copyFileSync('rules/core/exit-poll-gap.json', join(mine, 'exit-poll-gap.json'));
    const run = tallycheck(['rules', 'validate', 'rules/core', mine]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('[rule-duplicate-id]');
    expect(run.stderr).toContain('rules/core/exit-poll-gap.json');
    expect(reportRules(['--rules', 'rules/core', '--rules', mine]).code).toBe(2);
  });

  it('rules list and rules validate take packs as arguments or as --rules', () => {
    const listed = (args: string[]) =>
      (JSON.parse(tallycheck(['rules', 'list', '--json', ...args]).stdout) as { id: string }[]).map(
        (r) => r.id,
      );
    expect(listed(['rules/core', 'rules/time'])).toEqual([...CORE, ...TIME].sort());
    expect(listed(['--rules', 'rules/core', '--rules', 'rules/time'])).toEqual([...CORE, ...TIME].sort());
    const valid = tallycheck(['rules', 'validate', '--rules', 'rules/core', 'rules/time']);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toBe(`rules/core, rules/time: ${CORE.length + TIME.length} rule(s) valid\n`);
  });

  it('explain finds a rule in any of the packs', () => {
    const run = tallycheck([
      'explain',
      'processed-share-never-falls',
      '--rules',
      'rules/core',
      '--rules',
      'rules/time',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('processed-share-never-falls');
    const missing = tallycheck(['explain', 'processed-share-never-falls', '--rules', 'rules/core']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('in rules/core.');
  });
});

describe('a pack made of links', () => {
  it('follows linked folders and files, each folder once', () => {
    const pack = tempDir();
    symlinkSync(resolve('rules/core'), join(pack, 'core'));
    mkdirSync(join(pack, 'mine'));
    symlinkSync(
      resolve('rules/time/processed-share-never-falls.json'),
      join(pack, 'mine', 'processed-share-never-falls.json'),
    );
    symlinkSync(pack, join(pack, 'mine', 'loop'));
    symlinkSync(join(pack, 'nowhere'), join(pack, 'dangling.json'));
    const run = tallycheck(['rules', 'list', '--json', pack]);
    expect(run.stderr).toBe('');
    expect((JSON.parse(run.stdout) as { id: string }[]).map((r) => r.id)).toEqual(
      [...CORE, 'processed-share-never-falls'].sort(),
    );
  });
});

describe('help on a topic', () => {
  it('is a usage error for a topic there is no help on', () => {
    const run = tallycheck(['help', 'audits']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'no help on "audits": expected one of audit, data, rules, explain, diff, map, synth',
    );
    expect(tallycheck(['help']).code).toBe(0);
  });
});
