/** The Markdown report shows hostile strings from a dataset as text, and lays out findings with their evidence. */
import { describe, expect, it } from 'vitest';
import { runRules } from '../../src/engine/run.js';
import { datasetContext } from '../../src/engine/subjects.js';
import { buildReport } from '../../src/report/build.js';
import { html } from '../../src/report/html.js';
import { cellCode, code, markdown, mdText } from '../../src/report/markdown.js';
import { findingCount } from '../../src/report/types.js';
import { DatasetSchema } from '../../src/schema/dataset.js';
import { ReportSchema } from '../../src/schema/report.js';
import { bundledRules } from '../helpers/audit.js';
import { fixtureReport } from '../helpers/report-fixture.js';

const HOSTILE = '<script>alert(1)</script> | **bold** [link](http://x) `code`';

describe('markdown code spans', () => {
  // Each shows the text as written: CommonMark ends a span only at a run of as many backticks as opened it, and
  // takes one space off each end when both ends have one.
  it.each([
    ['a`b|c', '``a`b|c``', '``a`b\\|c``'],
    ['R01/R01-D01/a`b|c', '``R01/R01-D01/a`b|c``', '``R01/R01-D01/a`b\\|c``'],
    ['`', '`` ` ``', '`` ` ``'],
    ['a``b`', '``` a``b` ```', '``` a``b` ```'],
    [' a ', '`  a  `', '`  a  `'],
    ['  ', '`  `', '`  `'],
    ['<b>&amp; *x* \\', '`<b>&amp; *x* \\`', '`<b>&amp; *x* \\`'],
    ['line\nbreak\u001b', '`line\\nbreak\\u001b`', '`line\\nbreak\\u001b`'],
    ['', '` `', '` `'],
  ])('%j as %s, in a table cell %s', (text, inline, cell) => {
    expect(code(text)).toBe(inline);
    expect(cellCode(text)).toBe(cell);
  });
});

describe('finding numbers and counts', () => {
  it("are the JSON report's order in Markdown and HTML alike, whatever the severity", async () => {
    const report = fixtureReport();
    const expected = report.findings.map((f, i) => `${i + 1}. ${f.ruleId}`);
    // The fixture lists a warning, an info, then errors: grouping by severity would renumber them.
    expect(expected).toEqual([
      '1. exit-poll-gap-exceeds-margin-of-error',
      '2. partial-count-caveat',
      '3. release-shares-sum-to-100',
      '4. share-matches-votes',
      '5. source-after-polls-closed',
    ]);
    const md = await markdown.format(report);
    expect([...md.matchAll(/^### (\d+\. [a-z0-9-]+) /gm)].map((m) => m[1])).toEqual(expected);
    const page = await html.format(report);
    expect([...page.matchAll(/<h3>(\d+\. )<code>([^<]+)<\/code>/g)].map((m) => `${m[1]}${m[2]}`)).toEqual(
      expected,
    );
  });

  it('give failed and not evaluated apart, as the summary does', async () => {
    const report = fixtureReport();
    expect(report.summary.findings).toEqual({ error: 2, warning: 1, info: 1 });
    expect(report.summary.notEvaluated).toEqual({ error: 1, warning: 0, info: 0 });
    const md = await markdown.format(report);
    expect(md.split('\n').filter((l) => l.startsWith('## '))).toEqual([
      '## Summary',
      '## Baseline',
      '## Findings (4, plus 1 not evaluated)',
      '## Checks by rule',
    ]);
    expect(md).toContain('### 4. share-matches-votes (error, not evaluated): Candidate B in r1');
    const page = await html.format(report);
    expect(page).toContain('<h2>Findings (4, plus 1 not evaluated)</h2>');
    expect([...page.matchAll(/ (error|warning|info) \(([^)]*)\)<\/label>/g)].map((m) => m.slice(1))).toEqual([
      ['error', '2, plus 1 not evaluated'],
      ['warning', '1'],
      ['info', '1'],
    ]);
    expect(findingCount([])).toBe('0');
    expect(await markdown.format({ ...report, findings: [] })).toContain('## Findings (0)\n\nNone.\n');
  });
});

describe('markdown precinct problems', () => {
  it('show what was found, as a code span, and what was expected, escaped', async () => {
    const report = fixtureReport();
    report.inputs.tables = [
      {
        id: 't',
        file: 't.csv',
        mapping: 't.mapping.json',
        sha256: '0'.repeat(64),
        rows: 2,
        used: 1,
        rejected: 1,
        cellsMissing: 0,
        problemsTotal: 1,
        problems: [
          {
            code: 'precinct-invalid-number',
            line: 6,
            column: 'registered',
            message: 'column "registered" does not hold a number; the row is left out',
            found: '"a`b|c"',
            expected: 'a number such as 1204 <not | this>',
          },
        ],
      },
    ];
    const md = await markdown.format(report);
    expect(md).toContain(
      '| line | column | problem | found | expected |\n|---:|---|---|---|---|\n' +
        '| 6 | `registered` | column "registered" does not hold a number; the row is left out ' +
        '[precinct-invalid-number] | ``"a`b\\|c"`` | a number such as 1204 &lt;not \\| this&gt; |\n',
    );
  });
});

describe('markdown report', () => {
  it('escapes Markdown and HTML in dataset strings', () => {
    expect(mdText('<b>|*_`')).toBe('&lt;b&gt;\\|\\*\\_\\`');
  });

  it('renders a finding on hostile input as plain text', async () => {
    const at = { source: 's', paragraph: 1 };
    const data = DatasetSchema.parse({
      schemaVersion: 1,
      id: 'hostile',
      election: { country: HOSTILE, office: 'P', date: '2024-01-01', kind: 'regular' },
      sources: [{ id: 's', publisher: HOSTILE }],
      candidates: [
        { id: 'a', name: HOSTILE },
        { id: 'b', name: 'B' },
      ],
      releases: [
        {
          id: 'r',
          authority: HOSTILE,
          source: 's',
          status: 'final',
          results: [
            { candidate: 'a', share: { value: 50, printed: '50', at } },
            { candidate: 'b', share: { value: 40, printed: '40', at } },
          ],
        },
      ],
    });
    const rules = bundledRules().filter((r) => r.rule.id === 'release-shares-sum-to-100');
    const run = await runRules(rules, datasetContext(data));
    const report = ReportSchema.parse(
      buildReport(run, {
        toolVersion: '0.0.0',
        datasetFile: 'hostile.json',
        datasetSha256: '0'.repeat(64),
        dataset: data,
        rules,
        failOn: 'error',
      }),
    );
    expect(report.summary.gate).toBe('fail');
    const md = await markdown.format(report);
    expect(md).not.toContain('<script>');
    expect(md).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt; \\| \\*\\*bold\\*\\* \\[link\\](http://x) \\`code\\`',
    );
    expect(md).toContain('sum to 90 ± 1%');
    expect(md).toContain('| `shareSum` | 90 ± 1 | `differsBeyondRounding` | 100 | holds |');
  });
});
