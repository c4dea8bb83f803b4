/** The JUnit report parses back as well-formed XML with the counts, failures and escaped strings of the report. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { junit } from '../../src/report/junit.js';
import type { Report } from '../../src/report/types.js';
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
  failure?: Problem;
  error?: Problem;
  skipped?: { '@_message': string };
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
    expect(counts(suites)).toEqual({ tests: 9, failures: 3, errors: 1, skipped: 2 });
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

  it('maps failed findings to <failure> typed by severity, with the evidence and located sources', async () => {
    const { suites } = await render();
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
    expect(testCase(suites, 'partial-count-caveat', 'release:r1').failure?.['@_type']).toBe('info');
    const passed = testCase(suites, 'exit-poll-gap-exceeds-margin-of-error', 'estimate:ep1/candidate:b');
    expect(passed.failure ?? passed.error ?? passed.skipped).toBeUndefined();
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
