/** --log-level (and LOG_LEVEL): every command takes it, logs JSON lines on stderr at that level, refuses others. */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { filesIn, tallycheck, tempDir } from '../helpers/cli.js';

const AZ = 'data/azerbaijan-2024-presidential.json';
const RULE = 'release-shares-sum-to-100';

/** The messages of the JSON log lines on stderr, in order (notes a command prints there are not log lines). */
function logged(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => (JSON.parse(line) as { msg: string }).msg);
}

// A synthetic table with its mapping, for the commands that read or write tables.
let dir = '';
beforeAll(() => {
  dir = tempDir();
  const run = tallycheck([
    'synth',
    '--rows',
    '50',
    '--out',
    join(dir, 't.csv'),
    '--mapping',
    join(dir, 'm.json'),
  ]);
  expect(run.code).toBe(0);
});

/** Each command, run in `out` (a fresh folder), with the messages it logs at info. */
const commands: [string, (out: string) => string[], string[]][] = [
  [
    'audit',
    (out) => ['audit', AZ, '--out', out],
    ['rules loaded', 'dataset loaded', 'report written', 'report written'],
  ],
  [
    'diff',
    (out) => ['diff', 'tests/cli/diff/feed-54.json', 'tests/cli/diff/feed-93.json', '--out', out],
    ['rules loaded', 'dataset loaded', 'dataset loaded', 'report written', 'report written'],
  ],
  ['explain', () => ['explain', RULE, '--dataset', AZ], ['rules loaded', 'dataset loaded']],
  ['data validate', () => ['data', 'validate', AZ], ['dataset loaded']],
  [
    'data new',
    (out) => [
      'data',
      'new',
      join(dir, 't.csv'),
      '--mapping',
      join(dir, 'm.json'),
      '--out',
      join(out, 'd.json'),
      '--country',
      'Synthland',
      '--office',
      'President',
      '--date',
      '2024-05-05',
      '--publisher',
      'tallycheck synth',
    ],
    ['mapping loaded', 'table head read', 'dataset written'],
  ],
  ['rules list', () => ['rules', 'list', 'rules/time'], ['rules loaded']],
  ['rules validate', () => ['rules', 'validate', 'rules/time'], ['rules loaded']],
  ['rules facts', () => ['rules', 'facts', '--scope', 'dataset'], []],
  [
    'map suggest',
    (out) => ['map', 'suggest', join(dir, 't.csv'), '--out', join(out, 'm.json')],
    ['table sample read', 'mapping written'],
  ],
  ['synth', (out) => ['synth', '--rows', '20', '--out', join(out, 't.csv')], ['table written']],
];

describe('--log-level on every command', () => {
  it.each(commands)('%s --log-level info logs its steps on stderr', (_name, args, messages) => {
    const run = tallycheck([...args(tempDir()), '--log-level', 'info']);
    expect(run.code).toBe(0);
    expect(logged(run.stderr)).toEqual(messages);
    expect(run.stdout).not.toContain('"msg"');
  });

  // The commands the usability review found refusing --log-level; LOG_LEVEL is read in the same place for all.
  it.each(commands.filter(([name]) => ['diff', 'explain', 'data validate'].includes(name)))(
    '%s takes LOG_LEVEL when --log-level is not given',
    (_name, args, messages) => {
      const run = tallycheck(args(tempDir()), process.cwd(), { LOG_LEVEL: 'info' });
      expect(run.code).toBe(0);
      expect(logged(run.stderr)).toEqual(messages);
    },
  );

  it.each(commands)('%s refuses an unknown level, before writing anything', (_name, args) => {
    const out = tempDir();
    const run = tallycheck([...args(out), '--log-level', 'loud']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'tallycheck: unknown log level "loud": expected one of fatal, error, warn, info, debug, trace, silent\n' +
        'Run "tallycheck --help" for usage.\n',
    );
    expect(filesIn(out)).toEqual([]);
  });

  it.each(['audit', 'diff', 'explain', 'data', 'rules', 'map', 'synth'])('%s --help lists it', (command) => {
    const run = tallycheck([command, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /\n {2}--log-level LEVEL +what is logged on stderr: fatal, error, warn, info, debug, trace or\n/,
    );
  });
});
