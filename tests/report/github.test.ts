/** GitHub workflow commands: one line per unsuppressed finding, with messages and properties escaped. */
import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, github } from '../../src/report/github.js';
import { fixtureReport, HOSTILE } from '../helpers/report-fixture.js';

/** Reads a command line back the way the Actions runner does: split, then unescape. */
function parseCommand(line: string) {
  const match = /^::(\w+) ([^:]*)::(.*)$/.exec(line);
  if (!match) throw new Error(`not a workflow command: ${line}`);
  const unescapeValue = (s: string) =>
    s
      .replace(/%3A/g, ':')
      .replace(/%2C/g, ',')
      .replace(/%0D/g, '\r')
      .replace(/%0A/g, '\n')
      .replace(/%25/g, '%');
  const properties = Object.fromEntries(
    (match[2] ?? '')
      .split(',')
      .map((p) => [p.slice(0, p.indexOf('=')), unescapeValue(p.slice(p.indexOf('=') + 1))]),
  );
  return { command: match[1], properties, message: unescapeValue(match[3] ?? '') };
}

describe('github annotations', () => {
  it.each([
    ['100%', '100%25', '100%25'],
    ['a\r\nb', 'a%0D%0Ab', 'a%0D%0Ab'],
    ['file,line=1', 'file,line=1', 'file%2Cline=1'],
    ['::error::x', '::error::x', '%3A%3Aerror%3A%3Ax'],
    ['%0A', '%250A', '%250A'],
    [
      HOSTILE,
      '<script>alert(1)</script> & "quotes" , : %25',
      '<script>alert(1)</script> & "quotes" %2C %3A %25',
    ],
  ])('escapes %j as data %j and as a property %j', (raw, data, property) => {
    expect(escapeData(raw)).toBe(data);
    expect(escapeProperty(raw)).toBe(property);
  });

  it('writes one command per unsuppressed finding, by severity, at the offending figure', async () => {
    const report = fixtureReport();
    const lines = (await github.format(report)).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => parseCommand(l))).toEqual([
      {
        command: 'warning',
        properties: {
          file: 'tests/report/fixtures/dataset.json',
          line: '59',
          col: '20',
          title: 'exit-poll-gap-exceeds-margin-of-error',
        },
        message: report.findings[0]?.message,
      },
      {
        command: 'notice',
        properties: {
          file: 'tests/report/fixtures/dataset.json',
          line: '22',
          col: '5',
          title: 'partial-count-caveat',
        },
        message: report.findings[1]?.message,
      },
      {
        command: 'error',
        properties: {
          file: 'tests/report/fixtures/dataset.json',
          line: '35',
          col: '20',
          title: 'release-shares-sum-to-100',
        },
        message: report.findings[2]?.message,
      },
      {
        command: 'error',
        properties: {
          file: 'tests/report/fixtures/dataset.json',
          line: '39',
          col: '20',
          title: 'share-matches-votes',
        },
        message: report.findings[3]?.message,
      },
    ]);
  });

  it('cannot be made to inject a command, and round-trips hostile text', async () => {
    const report = fixtureReport();
    const finding = report.findings[2];
    if (!finding) throw new Error('fixture changed');
    finding.message = `${HOSTILE}\r\n::error file=x,line=1::injected\n%0A`;
    finding.ruleId = `rule,title=${HOSTILE}`;
    report.inputs.dataset.file = 'data/a,b: c%.json';
    const lines = (await github.format(report)).trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines.filter((l) => l.startsWith('::error'))).toHaveLength(2);
    const parsed = parseCommand(lines[2] ?? '');
    // Control characters show as escapes (printable.ts), so the message stays one line in the job log too.
    expect(parsed.message).toBe(`${HOSTILE}\\r\\n::error file=x,line=1::injected\\n%0A`);
    expect(parsed.properties).toEqual({
      file: 'data/a,b: c%.json',
      line: '35',
      col: '20',
      title: finding.ruleId,
    });
  });

  it('leaves out line and column when the finding has no position, and writes nothing for no findings', async () => {
    const report = fixtureReport();
    const finding = report.findings[0];
    if (!finding) throw new Error('fixture changed');
    finding.sources = finding.sources.map(({ line: _l, column: _c, ...s }) => s);
    finding.subject = { ...finding.subject, line: undefined, column: undefined };
    const first = (await github.format(report)).split('\n')[0] ?? '';
    expect(parseCommand(first).properties).toEqual({
      file: 'tests/report/fixtures/dataset.json',
      title: 'exit-poll-gap-exceeds-margin-of-error',
    });
    expect(await github.format({ ...report, findings: [] })).toBe('');
  });
});
