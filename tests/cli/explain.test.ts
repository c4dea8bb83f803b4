/** `tallycheck explain`: a rule in plain words, its outcome on each subject of a dataset, unknown ids. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tallycheck, tempDir } from '../helpers/cli.js';

const AZ = 'data/azerbaijan-2024-presidential.json';
const RULE = 'release-shares-sum-to-100';

/** A copy of the bundled dataset with a change applied, in a temp dir. */
function variant(
  change: (data: { releases: { results: { share?: unknown }[] }[]; sources: { file?: string }[] }) => void,
): string {
  const data = JSON.parse(readFileSync(AZ, 'utf8'));
  change(data);
  for (const source of data.sources) source.file &&= resolve('data', source.file); // read where it is
  const file = join(tempDir(), 'dataset.json');
  writeFileSync(file, JSON.stringify(data, null, 2));
  return file;
}

describe('tallycheck explain RULE-ID', () => {
  it('prints the rule, its conditions in plain words, and the message template', () => {
    const run = tallycheck(['explain', RULE]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^${RULE}: `));
    expect(run.stdout).toContain('severity: error; scope: release (runs once per release)');
    expect(run.stdout).toContain('Rationale:\n  Every ballot counted');
    expect(run.stdout).toContain(
      "Finding when: shareSum (Sum of the candidates' shares in the release (percent), with its rounding " +
        'half-width) differs, beyond what rounding explains, from 100',
    );
    expect(run.stdout).toContain('Message:\n  The shares published in {release} sum to {shareSum}%');
  });

  it('renders nested all/any/not as an indented tree, with params, describing each fact once', () => {
    const dir = join(tempDir(), 'rules');
    mkdirSync(dir);
    const rule = {
      id: 'nested-example',
      meta: {
        title: 'Nested example',
        severity: 'warning',
        scope: 'estimateShare',
        rationale: 'Exercises the tree.',
        references: [{ title: 'A reference', url: 'https://example.org/ref' }],
        message: 'Gap {pollGapSize}.',
      },
      conditions: {
        all: [
          { fact: 'pollGap', operator: 'differsBeyondRounding', value: 0 },
          {
            any: [
              { not: { fact: 'pollGapSize', operator: 'lessThanBeyondRounding', value: 1 } },
              {
                fact: 'pollGapSize',
                operator: 'greaterThanBeyondRounding',
                value: { fact: 'pollMarginOfError', params: { confidenceLevel: 0.9 } },
              },
            ],
          },
        ],
      },
    };
    writeFileSync(join(dir, 'nested-example.json'), JSON.stringify(rule));
    const run = tallycheck(['explain', 'nested-example', '--rules', dir]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const block = run.stdout.slice(run.stdout.indexOf('Finding when:'), run.stdout.indexOf('\n\nMessage:'));
    const lines = block.split('\n');
    expect(lines.map((l) => l.replace(/ \(.*$/, ''))).toEqual([
      'Finding when:',
      '  all of:',
      '    pollGap',
      '    any of:',
      '      not:',
      '        pollGapSize',
      '      pollGapSize is greater, beyond what rounding explains, than pollMarginOfError',
    ]);
    expect(lines[2]).toMatch(/^ {4}pollGap \(.+\) differs, beyond what rounding explains, from 0$/);
    expect(lines[5]).toMatch(/^ {8}pollGapSize \(.+\) is less, beyond what rounding explains, than 1$/);
    expect(lines[6]).toMatch(/pollMarginOfError \(.+, with params confidenceLevel=0\.9\)$/);
    expect(run.stdout).toContain('References:\n  - A reference <https://example.org/ref>');
  });

  it("with --dataset, shows each subject's condition results in the rule's all/any/not tree", () => {
    const dir = join(tempDir(), 'rules');
    mkdirSync(dir);
    const rule = {
      id: 'grouped',
      meta: { title: 'Grouped', severity: 'warning', scope: 'estimateShare', rationale: 'r', message: 'm' },
      conditions: {
        any: [
          { fact: 'pollGap', operator: 'greaterThanBeyondRounding', value: 1 },
          {
            all: [
              { not: { fact: 'pollGapSize', operator: 'lessThanBeyondRounding', value: 0.5 } },
              { fact: 'pollSampleSize', operator: 'lessThan', value: 100 },
            ],
          },
        ],
      },
    };
    writeFileSync(join(dir, 'grouped.json'), JSON.stringify(rule));
    const run = tallycheck(['explain', 'grouped', '--rules', dir, '--dataset', AZ]);
    expect(run.stderr).toBe('');
    const subject = run.stdout.slice(run.stdout.indexOf('estimate:oracle-advisory-group'));
    const block = subject.slice(subject.indexOf('  conditions:'), subject.indexOf('\n  message:'));
    expect(block.split('\n').map((l) => l.replace(/ \(.*\) (is|differs).*: /, ': '))).toEqual([
      '  conditions:',
      '    any of: holds',
      '      pollGap: holds',
      '      all of: does not hold',
      '        not: holds',
      '          pollGapSize: does not hold',
      '        pollSampleSize: does not hold',
    ]);
  });

  it('with --dataset, lists every subject with its values, conditions and outcome', () => {
    const run = tallycheck(['explain', RULE, '--dataset', AZ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `On ${AZ}: 1 release subject(s): 1 passed, 0 failed, 0 not evaluated, 0 skipped`,
    );
    expect(run.stdout).toContain('release:cec-preliminary  (');
    expect(run.stdout).toContain('  passed: the conditions for a finding do not hold');
    // The rounding half-width as the fact gives it (and the JSON report holds it), not rounded to 0.57.
    expect(run.stdout).toContain('\n    shareSum = 100 ± 0.575\n');
    expect(run.stdout).toContain(
      '\n    shareSum (100 ± 0.575) differs, beyond what rounding explains, from 100: does not hold\n',
    );
  });

  it('shows margins and the constants a rule compares with as held, not rounded to two decimals', () => {
    const gap = tallycheck(['explain', 'exit-poll-gap', '--dataset', AZ]);
    expect(gap.code).toBe(0);
    expect(gap.stdout).toContain(
      '\n    pollGap (1.85 ± 0.055) differs, beyond what rounding explains, from 0: holds\n',
    );
    const dir = join(tempDir(), 'rules');
    mkdirSync(dir);
    const rule = {
      id: 'shares-sum-above-99-995',
      meta: {
        title: 'Shares sum above 99.995',
        severity: 'warning',
        scope: 'release',
        rationale: 'A threshold with three decimals.',
        message: 'Sum {shareSum}, half-width {shareSum.plusMinus}.',
      },
      conditions: { all: [{ fact: 'shareSum', path: 'value', operator: 'greaterThan', value: 99.995 }] },
    };
    writeFileSync(join(dir, `${rule.id}.json`), JSON.stringify(rule));
    const held = tallycheck(['explain', rule.id, '--rules', dir, '--dataset', AZ]);
    expect(held.stderr).toBe('');
    // Two decimals made it "(100) is greater than 100: holds".
    expect(held.stdout).toContain('\n    shareSum.value (100) is greater than 99.995: holds\n');
    expect(held.stdout).toContain('\n  message: Sum 100 ± 0.575, half-width 0.575.\n');
  });

  it.each([
    [
      'failed',
      (d: Parameters<Parameters<typeof variant>[0]>[0]) => {
        (d.releases[0]?.results[0]?.share as { value: number; printed: string }).value = 95.05;
        (d.releases[0]?.results[0]?.share as { value: number; printed: string }).printed = '95.05';
        // The article prints no "95.05": without its text, the loader has no paragraph to find it in.
        for (const source of d.sources) delete source.file;
      },
      ['  failed: the conditions for a finding hold', ': holds', '  message: The shares published in'],
    ],
    [
      'not evaluated',
      (d: Parameters<Parameters<typeof variant>[0]>[0]) => {
        delete d.releases[0]?.results[1]?.share;
      },
      // The verdict gives the outcome's own reason, not generic words.
      ['\n  not evaluated: shareSum: 1 result(s) of the release give no share\n'],
    ],
    [
      'skipped',
      (d: Parameters<Parameters<typeof variant>[0]>[0]) => {
        for (const r of d.releases[0]?.results ?? []) delete r.share;
      },
      ['\n  skipped: shareSum: the release gives no shares\n'],
    ],
  ])('with --dataset, explains a subject that is %s', (_, change, expected) => {
    const run = tallycheck(['explain', RULE, '--dataset', variant(change)]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const text of expected) expect(run.stdout).toContain(text);
  });

  it('with --dataset, reads its precinct tables for the rules on tables, units and levels', () => {
    const table = tallycheck([
      'explain',
      'table-rows-all-read',
      '--dataset',
      'tests/rules/table-rows-all-read/fail.json',
    ]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(
      'On tests/rules/table-rows-all-read/fail.json: 1 table subject(s): 0 passed, 1 failed, 0 not evaluated, 0 skipped',
    );
    expect(table.stdout).toContain('    rowsRejected = 3\n    rowsRead = 5');
    const levels = tallycheck([
      'explain',
      'level-ballots-cast-within-registered-voters',
      '--dataset',
      'tests/rules/level-ballots-cast-within-registered-voters/fail.json',
    ]);
    expect(levels.stdout).not.toContain(': 0 unitLevel subject(s)');
    expect(levels.stdout).toMatch(/: \d+ unitLevel subject\(s\): \d+ passed, [1-9]\d* failed/);
  });

  it('a check not evaluated on an assumed figure gives that reason as its verdict', () => {
    const run = tallycheck(['explain', 'exit-poll-gap-exceeds-margin-of-error', '--dataset', AZ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const at = run.stdout.indexOf('estimate:oracle-advisory-group/');
    expect(run.stdout.slice(at, run.stdout.indexOf('\n\n', at))).toBe(
      [
        "estimate:oracle-advisory-group/candidate:ilham-aliyev  (Ilham Aliyev in Oracle Advisory Group and Citizens' Labor Rights Protection League)",
        '  not evaluated: pollMarginOfError rests on an assumption (a sample size of 1000 assumed for ' +
          'oracle-advisory-group, which publishes none): a check passed on it is inconclusive',
        '  values:',
        '    pollMarginOfError = 2.1',
        '    pollGapSize = 1.85 ± 0.055',
        '    pollShare = 93.9 ± 0.05',
        '    authorityShare = 92.05 ± 0.005',
        '    pollSampleSize = 1000',
        '    pollSampleSizeBasis = "assumed: the dataset gives none"',
        '  conditions:',
        '    pollGapSize (1.85 ± 0.055) is greater, beyond what rounding explains, than pollMarginOfError (2.1): does not hold',
      ].join('\n'),
    );
  });

  it('a subject not evaluated for several reasons lists them under its verdict', () => {
    const dir = join(tempDir(), 'rules');
    mkdirSync(dir);
    const rule = {
      id: 'two-missing',
      meta: { title: 'Two missing', severity: 'warning', scope: 'release', rationale: 'r', message: 'm' },
      conditions: {
        all: [
          { fact: 'shareSum', operator: 'differsBeyondRounding', value: 100 },
          { fact: 'processedShare', operator: 'lessThan', value: 100 },
        ],
      },
    };
    writeFileSync(join(dir, `${rule.id}.json`), JSON.stringify(rule));
    const dataset = variant((d) => {
      delete d.releases[0]?.results[1]?.share;
      delete (d.releases[0] as { progress?: unknown }).progress;
    });
    const run = tallycheck(['explain', rule.id, '--rules', dir, '--dataset', dataset]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(
      '\n  not evaluated, because:\n    - shareSum: 1 result(s) of the release give no share\n' +
        '    - processedShare: cec-preliminary is preliminary and gives no share processed\n  conditions:\n',
    );
  });

  it('a rule on the rows of a table: unit counts, and each sampled unit with its own line and values', () => {
    const run = tallycheck([
      'explain',
      'vote-sum-within-ballots-cast',
      '--dataset',
      'tests/rules/vote-sum-within-ballots-cast/fail.json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.slice(run.stdout.indexOf('\nOn ') + 1)).toBe(
      [
        'On tests/rules/vote-sum-within-ballots-cast/fail.json: 4 unit(s) in 1 table(s): 1 passed, 2 failed, 1 not evaluated, 0 skipped',
        '',
        'table:t/units  (units of t)',
        '  failed: the conditions for a finding hold in 2 of the 4 units checked',
        '  units of table t (tests/rules/vote-sum-within-ballots-cast/fail.csv): 1 passed, 2 failed, 1 not evaluated (4 checked), 0 skipped',
        '  failed units (all 2):',
        '    2 (North / N2), line 3:',
        '      voteSumExcess = 5',
        '      protocolCast = 100',
        "      message: Unit 2 (North / N2): the candidates' votes exceed the 100 ballots cast by 5.",
        '    3 (South / S1), line 4:',
        '      voteSumExcess = 5',
        '      protocolCast = 45',
        "      message: Unit 3 (South / S1): the candidates' votes exceed the 45 ballots cast by 5.",
        '  units not evaluated (all 1):',
        '    4 (South / S2), line 5:',
        '      protocolCast = 40',
        '      why: voteSumExcess: 1 candidate vote cell(s) are missing',
        '  conditions, on unit 2 (line 3):',
        '    voteSumExcess (5) is greater than 0: holds',
        '  message: Candidate votes add up to no more than ballots cast: not so in 2 of the 4 units checked in t ' +
          "(1 others could not be checked). First: Unit 2 (North / N2): the candidates' votes exceed the 100 ballots cast by 5.",
        '',
      ].join('\n'),
    );
    // A repeated id: the unit's own line beside the line of the unit it repeats.
    const ids = tallycheck([
      'explain',
      'unit-ids-unique',
      '--dataset',
      'tests/rules/unit-ids-unique/fail.json',
    ]);
    expect(ids.stdout).toContain(
      '\nOn tests/rules/unit-ids-unique/fail.json: 3 unit(s) in 1 table(s): 2 passed, 1 failed, 0 not evaluated, 0 skipped\n',
    );
    expect(ids.stdout).toContain(
      '\n  failed units (all 1):\n    2 (South / S1), line 4:\n      duplicateOfLine = 3\n' +
        '      message: Unit 2 (South / S1) repeats the id of the unit on line 3; both rows are counted in the sums.\n' +
        '  conditions, on unit 2 (line 4):\n    duplicateOfLine (3) is greater than 0: holds\n',
    );
  });

  it('an unknown rule id exits 2 and names the closest known ids', () => {
    const run = tallycheck(['explain', 'release-share-sum-to-100']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('unknown rule "release-share-sum-to-100"');
    expect(run.stderr).toContain('Known rule ids with a similar name: "release-shares-sum-to-100"');
  });

  it('usage errors and help', () => {
    expect(tallycheck(['explain']).code).toBe(2);
    expect(tallycheck(['explain', RULE, '--dataset', 'no/such.json']).stderr).toContain('[file-not-found]');
    for (const args of [
      ['explain', '--help'],
      ['help', 'explain'],
    ]) {
      const run = tallycheck(args);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Usage: tallycheck explain RULE-ID');
    }
  });
});
