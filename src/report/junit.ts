/** The JUnit XML report for CI test views: a test suite per rule, a test case per rule and subject. */
import { importPackage } from '../load/import-package.js';
import { terminalText } from '../printable.js';
import type { ConditionEvidence, FailOn } from '../schema/report.js';
import type { Severity } from '../schema/rule.js';
import { formatHeld, formatMember, formatValue } from '../schema/values.js';
import {
  atOrAbove,
  type Finding,
  type Formatter,
  type Report,
  type RuleOutcome,
  type SourceRef,
} from './types.js';

/** Characters XML 1.0 cannot carry even escaped (C0 controls but tab and newlines, lone surrogates, U+FFFE/F). */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Control characters as visible escapes (line feeds and tabs kept, printable.ts), then what XML still cannot hold
 * (lone surrogates, U+FFFE/F) as U+FFFD; the builder then escapes & < > " '.
 */
function xmlChars(value: unknown): string {
  return terminalText(String(value)).replace(NOT_XML, '\uFFFD');
}

/** One line of text: XML parsers turn newlines in attribute values into spaces anyway, so do it visibly here. */
function attrChars(value: unknown): string {
  return xmlChars(String(value).replace(/\r\n|[\t\n\r]/g, ' '));
}

/** `file:line:column` when the line is known. */
function place(file: string, line: number | undefined, column: number | undefined): string {
  if (line === undefined) return file;
  return `${file}:${line}${column !== undefined ? `:${column}` : ''}`;
}

function conditionLine(c: ConditionEvidence): string {
  const fact = `${c.fact}${c.path ? `.${c.path}` : ''}${c.params ? ` ${formatHeld(c.params)}` : ''}`;
  // What the rule holds (its parameters, a constant compared with) shows as written in it, not rounded.
  const against = c.valueFact ? `${formatValue(c.value)} (${c.valueFact})` : formatHeld(c.value);
  const result =
    c.result === null
      ? `not evaluated: ${c.reason ?? 'unknown reason'}`
      : c.result
        ? 'holds'
        : 'does not hold';
  return `  - ${fact} = ${formatMember(c.factValue, c.fact)}; ${c.operator} ${against}: ${result}`;
}

function sourceLine(s: SourceRef, file: string): string {
  const printed = s.printed !== undefined ? `"${s.printed}" ` : '';
  const where = s.at ? `; ${s.publisher ?? s.at.source}, paragraph ${s.at.paragraph}` : '';
  const excerpt = s.excerpt ? `: "${s.excerpt}"` : '';
  return `  - ${printed}at ${s.pointer} (${place(file, s.line, s.column)})${where}${excerpt}`;
}

/** The failure text: the subject, the values compared and what they were compared with, and the sources. */
function evidenceText(f: Finding, file: string): string {
  const lines = [
    `${f.severity}: ${f.message}`,
    `Subject: ${f.subject.label} [${f.subject.id}] at ${f.subject.pointer || '/'} (${place(file, f.subject.line, f.subject.column)})`,
    `Rule: ${f.rule.file} at ${f.rule.pointer}`,
    `Fingerprint: ${f.fingerprint}`,
  ];
  if (f.reasons && f.reasons.length > 0) lines.push('Reasons:', ...f.reasons.map((r) => `  - ${r}`));
  if (f.evidence.conditions.length > 0)
    lines.push('Conditions:', ...f.evidence.conditions.map(conditionLine));
  // Values not already shown in a condition, as the fact compared or as the fact compared with.
  const compared = new Set(
    f.evidence.conditions.flatMap((c) => [c.fact, ...(c.valueFact ? [c.valueFact] : [])]),
  );
  const extra = Object.keys(f.evidence.values).filter((k) => !compared.has(k));
  if (extra.length > 0)
    lines.push('Values:', ...extra.map((k) => `  - ${k}: ${formatMember(f.evidence.values[k], k)}`));
  const details = Object.keys(f.evidence.details);
  if (details.length > 0)
    lines.push('Details:', ...details.map((k) => `  - ${k}: ${formatValue(f.evidence.details[k])}`));
  if (f.sources.length > 0) lines.push('Sources:', ...f.sources.map((s) => sourceLine(s, file)));
  return lines.join('\n');
}

/** A suppressed finding's skip message: who accepted it, where, and until when. */
function suppressedMessage(f: Finding): string {
  const s = f.suppression;
  if (!s) return '';
  const expires = s.expires ? `, expires ${s.expires}` : '';
  return `suppressed by baseline: ${s.justification} (${f.severity}; accepted by ${s.acceptedBy} in ${s.baseline}${expires})`;
}

type Kind = 'passed' | 'failure' | 'error' | 'skipped';

interface Case {
  kind: Kind;
  node: Record<string, unknown>;
}

/** Why a finding below --fail-on is not a failure, as the first line of its test case's output. */
function belowGate(failOn: FailOn): string {
  return failOn === 'never'
    ? 'Reported, but --fail-on never: it does not fail the gate.'
    : `Reported below --fail-on ${failOn}: it does not fail the gate.`;
}

/**
 * The test case of one outcome. It agrees with the gate: a finding at or above --fail-on is a <failure> (a failed
 * check) or an <error> (one not evaluated); below it, a failed check is a passing case and one not evaluated a
 * skip, never a pass. Every case with a finding carries its severity and outcome as properties and its evidence,
 * in the failure or error, else in <system-out>, so nothing the other formats show is lost.
 */
function testCase(
  o: RuleOutcome,
  finding: Finding | undefined,
  ruleSeverity: Severity,
  failOn: FailOn,
  file: string,
): Case {
  const node: Record<string, unknown> = {
    '@_classname': o.ruleId,
    '@_name': `${o.subject.label} [${o.subject.id}]`,
    '@_file': file,
    ...(o.subject.line !== undefined ? { '@_line': o.subject.line } : {}),
  };
  if (o.outcome === 'passed') return { kind: 'passed', node };
  if (o.outcome === 'skipped') {
    const why = o.reasons && o.reasons.length > 0 ? `: ${o.reasons.join('; ')}` : '';
    return { kind: 'skipped', node: { ...node, skipped: { '@_message': `not applicable${why}` } } };
  }
  const severity = finding?.severity ?? ruleSeverity;
  const message = finding?.message ?? o.message ?? (o.outcome === 'failed' ? 'failed' : 'not evaluated');
  const body = finding ? evidenceText(finding, file) : message;
  const properties = {
    property: [
      { '@_name': 'severity', '@_value': severity },
      { '@_name': 'outcome', '@_value': o.outcome },
    ],
  };
  const withFinding = { ...node, properties };
  // An accepted finding is shown but, like in the gate, does not count as a failure.
  if (finding?.suppression) {
    return {
      kind: 'skipped',
      node: { ...withFinding, skipped: { '@_message': suppressedMessage(finding) }, 'system-out': body },
    };
  }
  if (atOrAbove(severity, failOn)) {
    const kind = o.outcome === 'failed' ? 'failure' : 'error';
    return {
      kind,
      node: { ...withFinding, [kind]: { '@_type': severity, '@_message': message, '#text': body } },
    };
  }
  const output = `${belowGate(failOn)}\n${body}`;
  if (o.outcome === 'failed') return { kind: 'passed', node: { ...withFinding, 'system-out': output } };
  const why = finding?.reasons && finding.reasons.length > 0 ? finding.reasons.join('; ') : message;
  return {
    kind: 'skipped',
    node: { ...withFinding, skipped: { '@_message': `not evaluated: ${why}` }, 'system-out': output },
  };
}

interface Totals {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function totals(cases: Case[]): Totals {
  return {
    tests: cases.length,
    failures: cases.filter((c) => c.kind === 'failure').length,
    errors: cases.filter((c) => c.kind === 'error').length,
    skipped: cases.filter((c) => c.kind === 'skipped').length,
  };
}

function countAttributes(t: Totals): Record<string, number> {
  return { '@_tests': t.tests, '@_failures': t.failures, '@_errors': t.errors, '@_skipped': t.skipped };
}

/**
 * Formats the report as JUnit XML. Counts are those of the test cases written: failures and errors are the findings
 * that fail the gate, so a CI test view is red exactly when the gate fails; suppressed findings are skips.
 */
export const junit: Formatter = {
  name: 'junit',
  extension: 'junit.xml',
  async format(report: Report): Promise<string> {
    const file = report.inputs.dataset.file;
    const findings = new Map(report.findings.map((f) => [`${f.ruleId}\u0000${f.subject.id}`, f]));
    const rules = new Map(report.rules.map((r) => [r.id, r]));
    // Suites follow the report's rule order; an outcome of a rule the report does not list still gets one.
    const ids = [...new Set([...report.rules.map((r) => r.id), ...report.outcomes.map((o) => o.ruleId)])];
    const suites = ids.map((id) => {
      const rule = rules.get(id);
      const cases = report.outcomes
        .filter((o) => o.ruleId === id)
        .map((o) =>
          testCase(
            o,
            findings.get(`${o.ruleId}\u0000${o.subject.id}`),
            rule?.severity ?? 'error',
            report.summary.failOn,
            file,
          ),
        );
      const properties = rule
        ? [
            ['title', rule.title],
            ['severity', rule.severity],
            ['scope', rule.scope],
            ['file', rule.file],
          ].map(([name, value]) => ({ '@_name': name, '@_value': value }))
        : [];
      return {
        suite: {
          '@_name': id,
          ...countAttributes(totals(cases)),
          ...(properties.length > 0 ? { properties: { property: properties } } : {}),
          testcase: cases.map((c) => c.node),
        },
        totals: totals(cases),
      };
    });
    const sum = (key: keyof Totals) => suites.reduce((n, s) => n + s.totals[key], 0);
    // Loaded here, not at the top: most audits write no JUnit, and the XML library is ~15 ms of start-up.
    const { XMLBuilder } = await importPackage<typeof import('fast-xml-parser')>('fast-xml-parser');
    const builder = new XMLBuilder({
      ignoreAttributes: false,
      attributeNamePrefix: '@_',
      format: true,
      indentBy: '  ',
      suppressEmptyNode: true,
      tagValueProcessor: (_name, value) => xmlChars(value),
      attributeValueProcessor: (_name, value) => attrChars(value),
    });
    const xml = builder.build({
      '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
      testsuites: {
        '@_name': `tallycheck ${report.tool.version}: ${file}`,
        '@_tests': sum('tests'),
        '@_failures': sum('failures'),
        '@_errors': sum('errors'),
        '@_skipped': sum('skipped'),
        ...(report.generatedAt ? { '@_timestamp': report.generatedAt } : {}),
        testsuite: suites.map((s) => s.suite),
      },
    });
    return xml.endsWith('\n') ? xml : `${xml}\n`;
  },
};
