/** The JUnit report parses back as well-formed XML with the counts, failures and escaped strings of the report. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { junit } from '../../src/report/junit.js';
import type { Report } from '../../src/report/types.js';
import { tallycheck, tempDir } from '../helpers/cli.js';
import { fixtureReport, HOSTILE } from '../helpers/report-fixture.js';

interface Problem {
  '@_type': string;
  '@_message': string;
  '#text': string;
}
interface TestCase {
  '@_classname': string;
  '@_name': string;
  '@_file': string;
  '@_line'?: string;
  properties?: { property: { '@_name': string; '@_value': string }[] };
  failure?: Problem;
  error?: Problem;
  skipped?: { '@_message': string };
  'system-out'?: string;
}
interface Counted {
  '@_tests': string;
  '@_failures': string;
  '@_errors': string;
  '@_skipped': string;
}
interface Suite extends Counted {
  '@_name': string;
  testcase?: TestCase[];
}

function parse(xml: string): Counted & { testsuite: Suite[] } {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
  });
  return parser.parse(xml).testsuites;
}

function counts(c: Counted) {
  return {
    tests: Number(c['@_tests']),
    failures: Number(c['@_failures']),
    errors: Number(c['@_errors']),
    skipped: Number(c['@_skipped']),
  };
}

/** The fixture report as the gate at `failOn` judges it. */
function failingOn(failOn: Report['summary']['failOn']): Report {
  const report = fixtureReport();
  report.summary.failOn = failOn;
  return report;
}

/** A test case's properties as name → value. */
function propertiesOf(c: TestCase): Record<string, string> {
  return Object.fromEntries((c.properties?.property ?? []).map((p) => [p['@_name'], p['@_value']]));
}

async function render(report: Report = fixtureReport()) {
  const xml = await junit.format(report);
  return { xml, suites: parse(xml) };
}

function testCase(suites: { testsuite: Suite[] }, rule: string, subjectId: string): TestCase {
  const suite = suites.testsuite.find((s) => s['@_name'] === rule);
  const found = suite?.testcase?.find((c) => c['@_name'].endsWith(`[${subjectId}]`));
  if (!found) throw new Error(`no test case for ${rule} ${subjectId}`);
  return found;
}

describe('junit report', () => {
  it('has a suite per rule and a case per outcome; suppressed findings are skips, not failures', async () => {
    const report = fixtureReport();
    const { suites } = await render(report);
    // --fail-on error: the error finding fails, the one not evaluated errs; the warning and the info pass.
    expect(counts(suites)).toEqual({ tests: 9, failures: 1, errors: 1, skipped: 2 });
    expect(suites.testsuite.map((s) => s['@_name'])).toEqual(report.rules.map((r) => r.id));
    for (const suite of suites.testsuite) {
      const cases = suite.testcase ?? [];
      expect(counts(suite), suite['@_name']).toEqual({
        tests: cases.length,
        failures: cases.filter((c) => c.failure).length,
        errors: cases.filter((c) => c.error).length,
        skipped: cases.filter((c) => c.skipped).length,
      });
      for (const c of cases) expect(c['@_classname']).toBe(suite['@_name']);
    }
    expect(counts(suites.testsuite[4] as Suite)).toEqual({ tests: 2, failures: 0, errors: 0, skipped: 1 });
  });

  it('maps findings at or above --fail-on to <failure> typed by severity, with the evidence and sources', async () => {
    const { suites } = await render(failingOn('info'));
    expect(counts(suites)).toEqual({ tests: 9, failures: 3, errors: 1, skipped: 2 });
    const error = testCase(suites, 'release-shares-sum-to-100', 'release:r1').failure as Problem;
    expect(error['@_type']).toBe('error');
    expect(error['@_message']).toBe(
      `The shares published in ${HOSTILE}, preliminary (r1) sum to 98.5 ± 0.6%, which rounding cannot bring to 100%.`,
    );
    expect(error['#text']).toContain('shareSum = 98.5 ± 0.6; differsBeyondRounding 100: holds');
    expect(error['#text']).toContain(
      `"thirty percent" at /releases/0/results/1/share (tests/report/fixtures/dataset.json:40:20); ${HOSTILE}, paragraph 3`,
    );
    const warning = testCase(suites, 'exit-poll-gap-exceeds-margin-of-error', 'estimate:ep1/candidate:a');
    expect(warning.failure?.['@_type']).toBe('warning');
    expect(warning.failure?.['#text']).toContain('greaterThanBeyondRounding 3.95 (pollMarginOfError): holds');
    expect(warning['system-out']).toBeUndefined();
    expect(propertiesOf(warning)).toEqual({ severity: 'warning', outcome: 'failed' });
    expect(testCase(suites, 'partial-count-caveat', 'release:r1').failure?.['@_type']).toBe('info');
    const passed = testCase(suites, 'exit-poll-gap-exceeds-margin-of-error', 'estimate:ep1/candidate:b');
    expect(passed.failure ?? passed.error ?? passed.skipped ?? passed.properties).toBeUndefined();
  });

  it('makes a finding below --fail-on a passing case that keeps its severity and evidence', async () => {
    const { suites } = await render(failingOn('error'));
    const warning = testCase(suites, 'exit-poll-gap-exceeds-margin-of-error', 'estimate:ep1/candidate:a');
    expect(warning.failure ?? warning.error ?? warning.skipped).toBeUndefined();
    expect(propertiesOf(warning)).toEqual({ severity: 'warning', outcome: 'failed' });
    expect(warning['system-out']?.split('\n').slice(0, 2)).toEqual([
      'Reported below --fail-on error: it does not fail the gate.',
      `warning: The estimate by Test Polling gives Candidate A 58%, 7.9 points from the 50.1% given by ${HOSTILE}: more than its margin of error of 3.95 points (sample size 1200, as printed).`,
    ]);
    const info = testCase(suites, 'partial-count-caveat', 'release:r1');
    expect(info.failure ?? info.error ?? info.skipped).toBeUndefined();
    expect(info['system-out']).toBe(
      [
        'Reported below --fail-on error: it does not fail the gate.',
        `info: ${HOSTILE}, preliminary (r1): 93.35% of ballots processed, so its shares are those of a partial count and can still move.`,
        `Subject: ${HOSTILE}, preliminary (r1) [release:r1] at /releases/0 (tests/report/fixtures/dataset.json:22:5)`,
        'Rule: rules/core/partial-count-caveat.json at /conditions',
        'Fingerprint: 6bd1fa2db1051389cab46cb326327cde35ce2d59b13577028c5162664e10e039',
        'Conditions:',
        '  - releaseStatus = preliminary; equal preliminary: holds',
        '  - processedShare = 93.35; lessThan 100: holds',
        'Values:',
        '  - processedWords: 93.35% of ballots processed',
        'Sources:',
        `  - "93.35" at /releases/0/progress/share (tests/report/fixtures/dataset.json); ${HOSTILE}, paragraph 2`,
      ].join('\n'),
    );
  });

  it('never shows a check not evaluated as passed: below --fail-on it is a skip that says so', async () => {
    const { suites } = await render(failingOn('never'));
    // Nothing fails the gate, so nothing is a failure or an error; the check not evaluated is the third skip.
    expect(counts(suites)).toEqual({ tests: 9, failures: 0, errors: 0, skipped: 3 });
    const notEvaluated = testCase(suites, 'share-matches-votes', 'release:r1/candidate:b');
    expect(notEvaluated.error).toBeUndefined();
    expect(notEvaluated.skipped?.['@_message']).toBe(
      'not evaluated: shareVotesExcess: the share is printed in words ("thirty percent"), so its precision is unknown',
    );
    expect(propertiesOf(notEvaluated)).toEqual({ severity: 'error', outcome: 'notEvaluated' });
    expect(notEvaluated['system-out']?.split('\n').slice(0, 2)).toEqual([
      'Reported, but --fail-on never: it does not fail the gate.',
      'error: Not evaluated: shareVotesExcess: the share is printed in words ("thirty percent"), so its precision is unknown',
    ]);
    const error = testCase(suites, 'release-shares-sum-to-100', 'release:r1');
    expect(error.failure).toBeUndefined();
    expect(error['system-out']).toContain('shareSum = 98.5 ± 0.6; differsBeyondRounding 100: holds');
  });

  it('maps notEvaluated to <error>, skipped to <skipped/>, and a suppression to a skip that says why', async () => {
    const { suites } = await render();
    const notEvaluated = testCase(suites, 'share-matches-votes', 'release:r1/candidate:b');
    expect(notEvaluated.error?.['@_message']).toMatch(/^Not evaluated: shareVotesExcess: /);
    expect(notEvaluated.error?.['#text']).toContain('Reasons:');
    expect(testCase(suites, 'share-matches-votes', 'release:r1/candidate:c').skipped?.['@_message']).toBe(
      'not applicable: resultVotes: r1 publishes no votes for Candidate C',
    );
    const suppressed = testCase(suites, 'source-after-polls-closed', 'source:wire');
    expect(suppressed.failure).toBeUndefined();
    expect(suppressed.skipped?.['@_message']).toMatch(/^suppressed by baseline: The wire dates stories/);
    expect(suppressed.skipped?.['@_message']).toContain('accepted by Reviewer <reviewer@example.org>');
  });

  it('escapes hostile strings: no markup gets through, and they parse back unchanged', async () => {
    const { xml, suites } = await render();
    expect(xml).not.toContain('<script>');
    expect(testCase(suites, 'source-after-polls-closed', 'source:wire')['@_name']).toBe(
      `${HOSTILE} [source:wire]`,
    );
  });

  it('shows control characters as escapes, replaces what XML cannot carry, keeps attributes on one line', async () => {
    const report = fixtureReport();
    const finding = report.findings.find((f) => f.ruleId === 'release-shares-sum-to-100');
    if (!finding) throw new Error('fixture changed');
    finding.message = 'bell\u0007 nul\u0000 lone\uD800 ]]> line\r\nbreak \u001b[32mgate: pass\rover';
    const { xml, suites } = await render(report);
    const controls = [...xml].filter((c) => c < ' ' && !'\t\n'.includes(c));
    expect(controls).toEqual([]);
    const failure = testCase(suites, 'release-shares-sum-to-100', 'release:r1').failure as Problem;
    expect(failure['@_message']).toBe(
      'bell\\u0007 nul\\u0000 lone\uFFFD ]]> line break \\u001b[32mgate: pass over',
    );
    expect(failure['#text']).toContain(
      'bell\\u0007 nul\\u0000 lone\uFFFD ]]> line\\r\nbreak \\u001b[32mgate: pass\\rover',
    );
  });
});

describe('junit from an audit', () => {
  // The bundled audit has 1 warning and 13 info findings: CI's test view is red exactly when the gate fails.
  // The dataset's 14 failed checks (1 warning, 13 info) and 4 warnings not evaluated (no poll's sample size).
  it.each([
    ['error', 0, 0, 'pass', 0],
    ['warning', 1, 4, 'fail', 1],
    ['info', 14, 4, 'fail', 1],
    ['never', 0, 0, 'pass', 0],
  ])('--fail-on %s: %i failures, %i errors, gate %s', (failOn, failures, errors, gate, code) => {
    const out = tempDir();
    const run = tallycheck([
      'audit',
      'data/azerbaijan-2024-presidential.json',
      '--format',
      'junit',
      '--out',
      out,
      '--fail-on',
      failOn,
      '-q',
    ]);
    expect([run.code, run.stdout]).toEqual([code, `gate: ${gate} (fail on ${failOn})\n`]);
    const suites = parse(readFileSync(join(out, 'azerbaijan-2024-presidential.report.junit.xml'), 'utf8'));
    // Not evaluated below --fail-on: skipped, never passed, beside the 18 checks that do not apply.
    expect(counts(suites)).toEqual({ tests: 62, failures, errors, skipped: 18 + (4 - errors) });
    // Every finding that is no failure or error still carries its text.
    const withOutput = suites.testsuite.flatMap((s) => s.testcase ?? []).filter((c) => c['system-out']);
    expect(withOutput).toHaveLength(18 - failures - errors);
  });
});
