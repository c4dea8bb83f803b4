/** The diff command end to end through the compiled binary: figures compared, verdicts, exit codes, outputs. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Diff, DiffSchema } from '../../src/schema/diff.js';
import { filesIn, tallycheck, tempDir } from '../helpers/cli.js';

const DIR = 'tests/cli/diff';
const FEED_54 = `${DIR}/feed-54.json`;
const FEED_93 = `${DIR}/feed-93.json`;
const REVISED = `${DIR}/feed-93-revised.json`;
const SUCCESSIVE = `${DIR}/successive-releases.json`;
// A preliminary release with no as-of time, its source dated 6 May; updated on 7 May under the same id, replaced
// by a final release as of 7 May under a new id, or by one as of 6 May, the source's own day.
const ORDER_OLD = `${DIR}/order-old.json`;
const ORDER_MORE = `${DIR}/order-more.json`;
const ORDER_FINAL = `${DIR}/order-final.json`;
const ORDER_SAME_DAY = `${DIR}/order-same-day.json`;
const ORDER_RULE = 'release-order-rests-on-as-of-times';

function diffTo(args: string[]) {
  const out = tempDir();
  const run = tallycheck(['diff', ...args, '--out', out]);
  return { run, out };
}

function readDiff(out: string, name: string): Diff {
  return DiffSchema.parse(JSON.parse(readFileSync(join(out, `${name}.diff.json`), 'utf8')));
}

describe('tallycheck diff OLD NEW', () => {
  it('reports the figures a new release adds, and passes when the time rules find nothing', () => {
    const { run, out } = diffTo([FEED_54, FEED_93]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('figures: 0 changed, 7 added, 0 removed, 8 unchanged');
    expect(run.stdout).toContain('gate: pass (fail on error)');
    expect(filesIn(out)).toEqual(['feed-54--feed-93.diff.json', 'feed-54--feed-93.diff.md']);
    const diff = readDiff(out, 'feed-54--feed-93');
    expect(diff.mode).toBe('files');
    expect(diff.releases.map((r) => [r.release, r.change])).toEqual([
      ['r1', 'unchanged'],
      ['r2', 'added'],
    ]);
    expect(diff.figures.every((f) => f.change === 'added' && f.release === 'r2')).toBe(true);
    expect(diff.figures.find((f) => f.key === 'releases[r2]/results[b]/votes')).toMatchObject({
      candidate: 'b',
      field: 'votes',
      new: { value: 39100, printed: '39,100', pointer: '/releases/1/results/1/votes' },
    });
    expect(diff.verdicts.rules).toHaveLength(10);
    expect(diff.verdicts.findings).toEqual([]);
  });

  it('flags a silent revision and a fall in votes, with old and new values and pointers, and exits 1', () => {
    const { run, out } = diffTo([FEED_54, REVISED]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('gate: fail (fail on error)');
    const diff = readDiff(out, 'feed-54--feed-93-revised');
    const changed = diff.figures.filter((f) => f.change === 'changed');
    expect(changed).toEqual([
      {
        change: 'changed',
        key: 'releases[r1]/results[a]/votes',
        release: 'r1',
        candidate: 'a',
        field: 'votes',
        old: expect.objectContaining({
          value: 32400,
          printed: '32,400',
          pointer: '/releases/0/results/0/votes',
        }),
        new: expect.objectContaining({
          value: 32100,
          printed: '32,100',
          pointer: '/releases/0/results/0/votes',
        }),
        delta: -300,
        plusMinus: 0,
        withinRounding: false,
      },
    ]);
    const errors = diff.verdicts.findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => f.subject.id)).toEqual([
      'release:r1-previous/next:r1/candidate:a',
      'release:r1/next:r2/candidate:b',
    ]);
    // The revision's order is known by construction (old file, then new), though both give the same as-of time:
    // no warning that the pair's order rests on file order.
    expect(diff.verdicts.findings.map((f) => f.ruleId)).not.toContain('release-order-rests-on-as-of-times');
    // The silent revision compares the old file's r1 with the new file's r1.
    expect(errors[0]?.locations).toEqual(
      expect.arrayContaining([
        { side: 'old', file: FEED_54, pointer: '/releases/0/results/0/votes' },
        { side: 'new', file: REVISED, pointer: '/releases/0/results/0/votes' },
      ]),
    );
    expect(errors[1]?.message).toBe(
      'Candidate B falls from 21,600 votes in Testland Election Commission, preliminary as of 2024-05-05T22:00Z (r1) ' +
        'to 21,000 in Testland Election Commission, preliminary as of 2024-05-06T06:00Z (r2), and no cause is recorded.',
    );
    const md = readFileSync(join(out, 'feed-54--feed-93-revised.diff.md'), 'utf8');
    expect(md).toContain('| Candidate A | votes | 32,400 <sub>`/releases/0/results/0/votes` line 74</sub>');
    expect(md).toContain('| −300 |');
    expect(md).toContain('**error** `candidate-votes-never-fall-without-recorded-cause`');
  });

  it('exits 0 on the same findings with --fail-on never', () => {
    expect(diffTo([FEED_54, REVISED, '--fail-on', 'never']).run.code).toBe(0);
  });

  it('writes only the formats asked for, byte-identical across runs', () => {
    const a = diffTo([FEED_54, REVISED, '--format', 'md']);
    const b = diffTo([FEED_54, REVISED, '--format', 'markdown']);
    expect(filesIn(a.out)).toEqual(['feed-54--feed-93-revised.diff.md']);
    expect(readFileSync(join(a.out, 'feed-54--feed-93-revised.diff.md'), 'utf8')).toBe(
      readFileSync(join(b.out, 'feed-54--feed-93-revised.diff.md'), 'utf8'),
    );
  });
});

describe('tallycheck diff FILE --release A --release B', () => {
  it('compares two releases and quotes the recorded cause of a fall (a warning: exit 0 on error)', () => {
    const { run, out } = diffTo([SUCCESSIVE, '--release', 'r2', '--release', 'r3']);
    expect(run.code).toBe(0);
    const diff = readDiff(out, 'successive-releases.r2--r3');
    expect(diff.mode).toBe('releases');
    expect(diff.old.release).toBe('r2');
    expect(diff.new.release).toBe('r3');
    expect(diff.releases[0]?.recordedCauses.map((c) => c.kind)).toEqual(['annulment']);
    expect(diff.figures.find((f) => f.key === 'results[b]/votes')).toMatchObject({
      change: 'changed',
      delta: -200,
      old: { pointer: '/releases/1/results/1/votes' },
      new: { pointer: '/releases/2/results/1/votes' },
    });
    expect(diff.figures.find((f) => f.key === 'progress/share')?.change).toBe('removed');
    expect(diff.verdicts.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['candidate-votes-fall-explained-by-recorded-cause', 'warning'],
    ]);
    expect(diff.verdicts.findings[0]?.message).toContain('recorded cause: annulment recorded in r3');
  });

  it('exits 1 on the warning with --fail-on warning', () => {
    const { run } = diffTo([SUCCESSIVE, '--release', 'r2', '--release', 'r3', '--fail-on', 'warning']);
    expect(run.code).toBe(1);
  });
});

describe('tallycheck diff: release order', () => {
  it('orders a release without an as-of time by its source date, whether the next release keeps its id or not', () => {
    // Before: the new id warned ("r1 gives no usable as-of time"), the kept id did not (a revision).
    for (const next of [ORDER_MORE, ORDER_FINAL]) {
      const { run, out } = diffTo([ORDER_OLD, next]);
      expect(run.code).toBe(0);
      const diff = readDiff(out, `order-old--${next.slice(DIR.length + 1, -'.json'.length)}`);
      expect(diff.verdicts.findings).toEqual([]);
      expect(diff.verdicts.rules.find((r) => r.id === ORDER_RULE)?.counts).toEqual({
        passed: 1,
        failed: 0,
        notEvaluated: 0,
        skipped: 0,
      });
    }
  });

  it('warns when the source date does not come before the next as-of time, citing the old release and its source', () => {
    const { run, out } = diffTo([ORDER_OLD, ORDER_SAME_DAY]);
    expect(run.code).toBe(0);
    const diff = readDiff(out, 'order-old--order-same-day');
    expect(diff.verdicts.findings.map((f) => [f.ruleId, f.message, f.locations])).toEqual([
      [
        ORDER_RULE,
        'The order of Testland Election Commission, preliminary (r1) and Testland Election Commission, final as of ' +
          '2024-05-06 (r-final) is not established: r1 gives no as-of time, but its source is dated 2024-05-06, ' +
          "which is not before r-final's as-of time 2024-05-06, so the order rests on file order.",
        [
          { side: 'new', file: ORDER_SAME_DAY, pointer: '/releases/0' },
          { side: 'old', file: ORDER_OLD, pointer: '/releases/0' },
          { side: 'old', file: ORDER_OLD, pointer: '/sources/0/date' },
          { side: 'new', file: ORDER_SAME_DAY, pointer: '/releases/0/asOf' },
        ],
      ],
    ]);
  });
});

describe('tallycheck diff: what was checked', () => {
  it('counts checks by outcome in stdout, JSON and Markdown, and names the rules that applied to nothing', () => {
    const { run, out } = diffTo([ORDER_OLD, ORDER_MORE]);
    expect(run.stdout).toContain(
      '  verdicts (10 rules): 0 error(s), 0 warning(s), 0 info; not evaluated: 0\n' +
        '  checks: 13 passed, 0 failed, 0 not evaluated, 2 skipped\n',
    );
    const diff = readDiff(out, 'order-old--order-more');
    expect(diff.summary.outcomes).toEqual({ passed: 13, failed: 0, notEvaluated: 0, skipped: 2 });
    const md = readFileSync(join(out, 'order-old--order-more.diff.md'), 'utf8');
    expect(md.slice(md.indexOf('## Verdicts'))).toBe(
      '## Verdicts of the time rules\n\n' +
        "Run on 2 release(s): the new file's 1 and the old file's releases it lacks or revises, with 10 rule(s). " +
        'Checks: 13 passed, 0 failed, 0 not evaluated, 2 skipped (not applicable).\n\n' +
        'Applied to nothing here: `estimates-with-identical-samples-share-pollsters`, ' +
        '`processed-share-matches-its-stated-unit`.\n\n' +
        'No findings.\n',
    );
  });

  it('says so when nothing was checked, instead of "No findings"', () => {
    // One release on each side, unchanged: no pair for the order rule to check.
    const { run, out } = diffTo([ORDER_OLD, ORDER_OLD, '--rules', `rules/time/${ORDER_RULE}.json`]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('  checks: 0 passed, 0 failed, 0 not evaluated, 0 skipped\n');
    expect(run.stderr).toContain(
      'nothing was checked: no rule of the pack applies to anything in these releases',
    );
    const md = readFileSync(join(out, 'order-old--order-old.diff.md'), 'utf8');
    expect(md.slice(md.indexOf('## Verdicts'))).toBe(
      '## Verdicts of the time rules\n\n' +
        "Run on 1 release(s): the new file's 1 and the old file's releases it lacks or revises, with 1 rule(s). " +
        'Checks: 0 passed, 0 failed, 0 not evaluated, 0 skipped (not applicable).\n\n' +
        'Nothing was checked: no rule of the pack applies to anything in these releases.\n',
    );
  });
});

describe('tallycheck diff: changes within rounding', () => {
  it('gives each change its rounding uncertainty and says when the change is within it', () => {
    const { run, out } = diffTo([ORDER_OLD, ORDER_MORE]);
    expect(run.stdout).toContain(
      '  figures: 5 changed (1 within rounding), 0 added, 0 removed, 3 unchanged\n',
    );
    const diff = readDiff(out, 'order-old--order-more');
    expect(
      diff.figures.map((f) => [
        f.key,
        f.old?.printed,
        f.new?.printed,
        f.delta,
        f.plusMinus,
        f.withinRounding,
      ]),
    ).toEqual([
      ['releases[r1]/progress/share', '54.0', '80.0', 26, 0.1, false],
      ['releases[r1]/results[a]/votes', '32,400', '48,100', 15700, 0, false],
      ['releases[r1]/results[a]/share', '60.0', '60.2', 0.2, 0.1, false],
      ['releases[r1]/results[b]/votes', '21,600', '31,800', 10200, 0, false],
      ['releases[r1]/results[b]/share', 'forty percent', '39.8', -0.2, 0.55, true],
    ]);
    const md = readFileSync(join(out, 'order-old--order-more.diff.md'), 'utf8');
    const changes = md
      .split('\n')
      .filter((l) => l.startsWith('| ') && l.includes('<sub>'))
      .map((l) => l.split(' | ').at(-1));
    expect(changes).toEqual([
      '+26 ± 0.1 |',
      '+15,700 |',
      '+0.2 ± 0.1 |',
      '+10,200 |',
      '−0.2 ± 0.55, within rounding (not established) |',
    ]);
  });
});

describe('tallycheck diff: bad input exits 2 and writes nothing', () => {
  it.each([
    ['one file without --release', [FEED_54], /diff takes two dataset files/],
    ['three files', [FEED_54, FEED_93, REVISED], /diff takes two dataset files/],
    ['one --release', [SUCCESSIVE, '--release', 'r1'], /--release is given twice/],
    ['an unknown format', [FEED_54, FEED_93, '--format', 'pdf'], /unknown format "pdf"/],
    ['an unknown level', [FEED_54, FEED_93, '--fail-on', 'severe'], /--fail-on "severe"/],
    ['a missing file', [FEED_54, `${DIR}/no-such-file.json`], /no-such-file\.json/],
    ['an unknown release', [SUCCESSIVE, '--release', 'r1', '--release', 'r9'], /\[diff-unknown-release\]/],
  ])('%s', (_name, args, stderr) => {
    const { run, out } = diffTo(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(stderr);
    expect(run.stdout).toBe('');
    expect(filesIn(out)).toEqual([]);
  });

  it('has help', () => {
    const run = tallycheck(['diff', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Usage:\n {2}tallycheck diff OLD NEW/);
    expect(tallycheck(['help', 'diff']).stdout).toContain('--release ID');
  });
});
