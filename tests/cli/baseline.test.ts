/** Baselines through the CLI: accepted findings stop failing the gate, and come back when their values change. */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Baseline } from '../../src/schema/baseline.js';
import type { Report } from '../../src/schema/report.js';
import { filesIn, tallycheck, tempDir } from '../helpers/cli.js';

const AZ = 'data/azerbaijan-2024-presidential.json';
const STEM = 'azerbaijan-2024-presidential.report';
const POLL = 'estimate:ray-monitoring-center/candidate:ilham-aliyev';
const OTHER_POLL = 'estimate:oracle-advisory-group/candidate:ilham-aliyev';

/** A temp dir holding a baseline accepting every finding of the bundled dataset at --fail-on info. */
function accepted() {
  const dir = tempDir();
  const file = join(dir, 'baseline.json');
  const run = tallycheck([
    'audit',
    AZ,
    '--out',
    join(dir, 'first'),
    '--fail-on',
    'info',
    '--baseline',
    file,
    '--update-baseline',
    '--accepted-by',
    'A. Reviewer',
  ]);
  return { dir, file, run, read: () => JSON.parse(readFileSync(file, 'utf8')) as Baseline };
}

/** Audits a dataset at --fail-on info against a baseline; returns the run and the JSON report. */
function auditWith(dataset: string, baseline: string, out = tempDir()) {
  const run = tallycheck(['audit', dataset, '--out', out, '--fail-on', 'info', '--baseline', baseline]);
  const reportFile = join(out, `${stemOf(dataset)}.report.json`);
  const report = filesIn(out).length > 0 ? (JSON.parse(readFileSync(reportFile, 'utf8')) as Report) : null;
  return { run, report, out };
}

function stemOf(dataset: string): string {
  return (dataset.split('/').pop() as string).replace(/\.json$/, '');
}

function findingsOn(report: Report | null, subject: string) {
  return (report?.findings ?? []).filter((f) => f.subject.id === subject);
}

describe('--update-baseline, then --baseline', () => {
  it('accepts every current finding: the gate that failed now passes', () => {
    expect(tallycheck(['audit', AZ, '--out', tempDir(), '--fail-on', 'info']).code).toBe(1);
    const { run, read, file } = accepted();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /baseline written: .*baseline\.json, \d+ entries \(0 kept, \d+ new, 0 stale dropped\)/,
    );
    const baseline = read();
    expect(baseline.baselineVersion).toBe(1);
    expect(baseline.entries.length).toBeGreaterThan(0);
    for (const e of baseline.entries) {
      expect(e).toMatchObject({ justification: 'TODO: justify', acceptedBy: 'A. Reviewer' });
      expect(e.evidenceHash).toMatch(/^[0-9a-f]{64}$/);
    }

    const { run: again, report } = auditWith(AZ, file);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('gate: pass (fail on info)');
    expect(again.stdout).toMatch(
      new RegExp(
        `baseline .*baseline\\.json: ${baseline.entries.length} finding\\(s\\) suppressed .*, 0 stale, 0 expired`,
      ),
    );
    expect(report?.findings.length).toBe(baseline.entries.length);
  });

  it('marks suppressed findings in the JSON report instead of dropping them, and counts them', () => {
    const { file, read } = accepted();
    const { report, out } = auditWith(AZ, file);
    if (!report) throw new Error('no report');
    for (const f of report.findings) {
      expect(f.suppression).toEqual({
        baseline: file,
        justification: 'TODO: justify',
        acceptedBy: 'A. Reviewer',
      });
    }
    const s = report.summary.suppressed;
    expect(s && s.error + s.warning + s.info).toBe(report.findings.length);
    expect(report.baseline).toMatchObject({ file, entries: read().entries.length, stale: [], expired: [] });
    expect(report.baseline?.matched).toBe(report.findings.length);
    const md = readFileSync(join(out, `${STEM}.md`), 'utf8');
    expect(md).toContain('## Baseline');
    expect(md).toContain('- Accepted in the baseline by A. Reviewer: TODO: justify');
  });

  it('leaves the reports unchanged when no baseline is used', () => {
    const out = tempDir();
    tallycheck(['audit', AZ, '--out', out]);
    const report = JSON.parse(readFileSync(join(out, `${STEM}.json`), 'utf8')) as Report;
    expect(report.baseline).toBeUndefined();
    expect(report.summary.suppressed).toBeUndefined();
    expect(readFileSync(join(out, `${STEM}.md`), 'utf8')).not.toContain('Baseline');
  });

  it('brings a finding back when a figure behind it changes (a poll share)', () => {
    const { dir, file } = accepted();
    const data = JSON.parse(readFileSync(AZ, 'utf8'));
    const estimate = data.estimates.find((e: { id: string }) => e.id === 'ray-monitoring-center');
    estimate.shares[0].share.value = 92.9;
    estimate.shares[0].share.printed = '92.9';
    // The article prints no "92.9": without its text, the loader has no paragraph to find it in.
    for (const source of data.sources) delete source.file;
    const changed = join(dir, 'azerbaijan-2024-presidential.json');
    writeFileSync(changed, JSON.stringify(data, null, 2));

    const { run, report } = auditWith(changed, file);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('gate: fail (fail on info)');
    const back = findingsOn(report, POLL);
    expect(back.length).toBeGreaterThan(0);
    for (const f of back) expect(f.suppression).toBeUndefined();
    const still = findingsOn(report, OTHER_POLL);
    expect(still.length).toBeGreaterThan(0);
    for (const f of still) expect(f.suppression).toBeDefined();
    // The entries accepted with the old value no longer match anything.
    expect(report?.baseline?.stale.map((e) => e.subject)).toContain(POLL);
  });

  it('an expired entry suppresses nothing and is reported; an unexpired one carries its date', () => {
    const { file, read } = accepted();
    const baseline = read();
    baseline.entries[0] = { ...(baseline.entries[0] as Baseline['entries'][0]), expires: '2000-01-01' };
    baseline.entries[1] = { ...(baseline.entries[1] as Baseline['entries'][0]), expires: '2999-12-31' };
    writeFileSync(file, JSON.stringify(baseline, null, 2));
    const { run, report } = auditWith(AZ, file);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/0 stale, 1 expired/);
    expect(run.stdout).toMatch(/expired \/entries\/0: .* expired 2000-01-01; its finding counts again/);
    const [first, second] = baseline.entries;
    expect(report?.baseline?.expired).toEqual([
      expect.objectContaining({ pointer: '/entries/0', expires: '2000-01-01', matchesFinding: true }),
    ]);
    const byEntry = (e: typeof first) =>
      report?.findings.find((f) => f.ruleId === e?.ruleId && f.subject.id === e?.subject);
    expect(byEntry(first)?.suppression).toBeUndefined();
    expect(byEntry(second)?.suppression?.expires).toBe('2999-12-31');
  });

  it('a stale entry is reported with its place in the file, and does not fail the gate', () => {
    const { file, read } = accepted();
    const baseline = read();
    const stale = {
      ruleId: 'release-shares-sum-to-100',
      subject: 'release:cec-preliminary',
      evidenceHash: '0'.repeat(64),
      justification: 'Accepted before the correction.',
      acceptedBy: 'B. Reviewer',
    };
    baseline.entries.push(stale);
    writeFileSync(file, JSON.stringify(baseline, null, 2));
    const { run, report } = auditWith(AZ, file);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/1 stale, 0 expired/);
    const pointer = `/entries/${baseline.entries.length - 1}`;
    expect(run.stdout).toContain(`stale   ${pointer}: release-shares-sum-to-100 on release:cec-preliminary`);
    expect(report?.baseline?.stale).toEqual([{ ...stale, pointer, line: expect.any(Number) }]);
  });

  it('updating keeps reviewed words, drops stale entries, and exits 0', () => {
    const { file, read, dir } = accepted();
    const baseline = read();
    baseline.entries[0] = {
      ...(baseline.entries[0] as Baseline['entries'][0]),
      justification: 'The poll is an outlier the report discusses.',
      acceptedBy: 'C. Reviewer',
      expires: '2999-01-01',
    };
    baseline.entries.push({
      ...(baseline.entries[1] as Baseline['entries'][0]),
      evidenceHash: 'f'.repeat(64),
    });
    writeFileSync(file, JSON.stringify(baseline, null, 2));
    const run = tallycheck([
      'audit',
      AZ,
      '--out',
      join(dir, 'second'),
      '--fail-on',
      'info',
      '--baseline',
      file,
      '--update-baseline',
      '--accepted-by',
      'D. Reviewer',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\(\d+ kept, 0 new, 1 stale dropped\)/);
    const updated = read();
    expect(updated.entries).toHaveLength(baseline.entries.length - 1);
    expect(updated.entries).toContainEqual(baseline.entries[0]);
    expect(updated.entries.some((e) => e.acceptedBy === 'D. Reviewer')).toBe(false);
    expect(filesIn(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('updating keeps an expired entry without renewing it: its finding fails the gate, and the exit code says so', () => {
    const { file, read, dir } = accepted();
    const baseline = read();
    const lapsed = { ...(baseline.entries[0] as Baseline['entries'][0]), expires: '2000-01-01' };
    baseline.entries[0] = lapsed;
    writeFileSync(file, JSON.stringify(baseline, null, 2));
    const out = join(dir, 'second');
    const run = tallycheck([
      'audit',
      AZ,
      '--out',
      out,
      '--fail-on',
      'info',
      '--baseline',
      file,
      '--update-baseline',
      '--accepted-by',
      'D. Reviewer',
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('gate: fail (fail on info)');
    expect(run.stdout).toContain('1 kept entries are expired, so their findings count toward the gate');
    const report = JSON.parse(readFileSync(join(out, `${STEM}.json`), 'utf8')) as Report;
    expect(report.summary.gate).toBe('fail');
    expect(report.baseline?.expired).toEqual([expect.objectContaining({ matchesFinding: true })]);
    // The file is written all the same, with the entry kept as it was.
    expect(read().entries).toContainEqual(lapsed);
  });
});

describe('a baseline shared by runs of different packs', () => {
  /** Audits AZ with one pack at --fail-on info against `file`, updating it when asked. */
  function auditPack(pack: string, file: string, update = false) {
    const out = tempDir();
    const run = tallycheck([
      'audit',
      AZ,
      '--rules',
      pack,
      '--out',
      out,
      '--fail-on',
      'info',
      '--baseline',
      file,
      ...(update ? ['--update-baseline', '--accepted-by', 'E. Reviewer'] : []),
    ]);
    const report = JSON.parse(readFileSync(join(out, `${STEM}.json`), 'utf8')) as Report;
    return { run, report, md: readFileSync(join(out, `${STEM}.md`), 'utf8') };
  }

  it("keeps and reports, not as stale, the entries of the pack that did not run; drops that pack's stale ones", () => {
    const file = join(tempDir(), 'baseline.json');
    expect(auditPack('rules/core', file, true).run.code).toBe(0);
    const baseline = JSON.parse(readFileSync(file, 'utf8')) as Baseline;
    const core = baseline.entries.length;
    expect(core).toBeGreaterThan(0);
    baseline.entries[0] = {
      ...(baseline.entries[0] as Baseline['entries'][0]),
      justification: 'Reviewed: the poll is discussed in the report.',
    };
    // An entry of a time rule whose subject no longer exists: stale whenever the time pack runs.
    const timeStale = {
      ruleId: 'processed-share-never-falls',
      subject: 'release:withdrawn',
      evidenceHash: '0'.repeat(64),
      justification: 'Accepted before the release was withdrawn.',
      acceptedBy: 'B. Reviewer',
    };
    baseline.entries.push(timeStale);
    writeFileSync(file, `${JSON.stringify(baseline, null, 2)}\n`);

    // The time pack: the core entries are not checked; the time entry of a gone subject is stale.
    const time = auditPack('rules/time', file);
    expect(time.run.code).toBe(0);
    expect(time.run.stdout).toMatch(/, 1 stale, 0 expired, \d+ not checked/);
    expect(time.run.stdout).toContain(`not checked: ${core} entries of `);
    expect(time.report.baseline?.stale.map((e) => e.subject)).toEqual(['release:withdrawn']);
    expect(time.report.baseline?.notChecked).toHaveLength(core);
    expect(time.md).toContain(`Entries not checked (${core})`);

    // Updating with the time pack drops that stale entry and keeps every core entry as it was.
    const update = auditPack('rules/time', file, true);
    expect(update.run.code).toBe(0);
    expect(update.run.stdout).toContain(
      `(0 kept, 0 new, 1 stale dropped, ${core} not checked kept as they are)`,
    );
    const after = JSON.parse(readFileSync(file, 'utf8')) as Baseline;
    expect(after.entries).toEqual(baseline.entries.slice(0, core));

    // The core pack again: every reviewed acceptance still holds.
    const again = auditPack('rules/core', file);
    expect(again.run.code).toBe(0);
    expect(again.run.stdout).toContain('gate: pass (fail on info)');
    expect(again.report.baseline).toMatchObject({ matched: core, stale: [], expired: [], notChecked: [] });
    expect(again.report.findings.map((f) => f.suppression?.justification)).toContain(
      'Reviewed: the poll is discussed in the report.',
    );
  });
});

describe('bad baselines', () => {
  function badBaseline(text: string) {
    const dir = tempDir();
    const file = join(dir, 'baseline.json');
    writeFileSync(file, text);
    const out = join(dir, 'out');
    return { run: tallycheck(['audit', AZ, '--out', out, '--baseline', file]), file, written: filesIn(out) };
  }

  it('an invalid entry: exit 2, file, line and pointer, nothing written', () => {
    const { run, file, written } = badBaseline(
      '{\n  "baselineVersion": 1,\n  "entries": [\n    { "ruleId": "x", "subject": "y", "evidenceHash": "abc",\n      "acceptedBy": "me", "justfication": "typo" }\n  ]\n}\n',
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(`${file}:4:\\d+ at /entries/0/evidenceHash: .*\\[baseline-invalid\\]`),
    );
    expect(run.stderr).toContain('found string "abc"');
    expect(run.stderr).toMatch(
      /at \/entries\/0\/justfication: unknown key "justfication" \[baseline-unknown-key\]/,
    );
    expect(run.stderr).toMatch(/at \/entries\/0\/justification: required value is missing/);
    expect(written).toEqual([]);
  });

  it('malformed JSON, with line and column', () => {
    const { run, file } = badBaseline('{ "baselineVersion": 1,\n  "entries": [ }\n');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}:2:`);
    expect(run.stderr).toContain('[json-syntax]');
  });

  it('a wrong version, an entry given twice, and a missing file', () => {
    const entry = {
      ruleId: 'x',
      subject: 'y',
      evidenceHash: 'a'.repeat(64),
      justification: 'j',
      acceptedBy: 'me',
    };
    const twice = badBaseline(JSON.stringify({ baselineVersion: 1, entries: [entry, entry] }, null, 2));
    expect(twice.run.code).toBe(2);
    expect(twice.run.stderr).toMatch(
      /at \/entries\/1: the entry repeats \/entries\/0 .*\[baseline-duplicate-entry\]/,
    );
    const version = badBaseline(JSON.stringify({ baselineVersion: 2, entries: [] }));
    expect(version.run.code).toBe(2);
    expect(version.run.stderr).toMatch(/at \/baselineVersion: .*\[baseline-invalid\]/);
    const missing = tallycheck(['audit', AZ, '--out', tempDir(), '--baseline', 'no/such/baseline.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no/such/baseline.json: file not found [file-not-found]');
  });

  it('--update-baseline needs --baseline', () => {
    const run = tallycheck(['audit', AZ, '--out', tempDir(), '--update-baseline']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--update-baseline needs --baseline FILE');
  });
});

describe('the baseline path in reports', () => {
  /** In a fresh folder as working directory: accept the shares finding, then audit against the baseline. */
  function auditIn(baselineArg: (dir: string) => string) {
    const dir = tempDir();
    copyFileSync('tests/rules/release-shares-sum-to-100/fail.json', join(dir, 'd.json'));
    const baseline = baselineArg(dir);
    const accept = ['--baseline', baseline, '--update-baseline', '--accepted-by', 'A. Reviewer'];
    expect(tallycheck(['audit', 'd.json', '--out', 'first', '-q', ...accept], dir).code).toBe(0);
    const run = tallycheck(
      ['audit', 'd.json', '--format', 'json,sarif', '--out', 'r', '--baseline', baseline],
      dir,
    );
    expect(run.code).toBe(0);
    const text = (ext: string) => readFileSync(join(dir, 'r', `d.report.${ext}`), 'utf8');
    return { run, json: text('json'), sarif: text('sarif.json') };
  }

  it('is relative to the working directory, like the dataset, when --baseline is an absolute path under it', () => {
    const absolute = auditIn((dir) => join(dir, 'bl.json'));
    expect(absolute.run.stdout).toContain('  baseline bl.json: 1 finding(s) suppressed');
    const report = JSON.parse(absolute.json) as Report;
    expect(report.baseline?.file).toBe('bl.json');
    expect(
      report.findings.flatMap((f) => (f.suppression ? [[f.ruleId, f.suppression.baseline]] : [])),
    ).toEqual([['release-shares-sum-to-100', 'bl.json']]);
    const run = JSON.parse(absolute.sarif).runs[0];
    expect(run.artifacts[0].location.uri).toBe('d.json');
    const suppressed = run.results.find((r: { ruleId: string }) => r.ruleId === 'release-shares-sum-to-100');
    expect(suppressed.suppressions[0].location).toEqual({
      physicalLocation: { artifactLocation: { uri: 'bl.json' } },
    });
    // Typed relative, or in another folder: the same bytes.
    const relative = auditIn(() => 'bl.json');
    expect([relative.json, relative.sarif]).toEqual([absolute.json, absolute.sarif]);
  });
});
