/** The Markdown report for a reviewer: the gate, a summary by severity, each finding with its evidence and sources. */

import { rejectedFirst } from '../precinct/problems.js';
import { printable } from '../printable.js';
import type { BaselineEntryRef, BaselineSection, ConditionEvidence } from '../schema/report.js';
import { formatHeld, formatMember, formatValue } from '../schema/values.js';
import { resultWords, treeRows } from './condition-tree.js';
import { type Finding, type Formatter, findingCount, type Report, type SourceRef } from './types.js';

/** Escapes text from inputs so Markdown and inline HTML in it show as written, and control characters as escapes. */
export function mdText(text: string): string {
  return (
    printable(text.replace(/\r?\n/g, ' '))
      // Brackets are escaped, so no link can form and parentheses may stay as written.
      .replace(/[\\`*_[\]|~]/g, '\\$&')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      // What would start a heading, list or quote at the start of a line.
      .replace(/^(\s*)([#+-])(?=\s|$)/, '$1\\$2')
      .replace(/^(\s*\d+)([.)])(?=\s|$)/, '$1\\$2')
  );
}

/**
 * Inline code that shows the text exactly as written, so an id can be searched for in the file it came from: the
 * fence is one backtick longer than the longest run of backticks in the text (CommonMark ends a code span only at
 * a run of the same length), and a space pads each end when the text starts or ends with a backtick or a space
 * (a parser takes one space off each end when both have one). Nothing else needs escaping: a code span reads no
 * Markdown, entity or HTML. Control characters show as escapes (printable.ts); the empty text, which no code span
 * can hold, shows as a span of one space.
 */
export function code(text: string): string {
  const shown = printable(text);
  if (shown === '') return '` `';
  const longest = (shown.match(/`+/g) ?? []).reduce((n, run) => Math.max(n, run.length), 0);
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(shown) && !/^ +$/.test(shown) ? ' ' : '';
  return `${fence}${pad}${shown}${pad}${fence}`;
}

/**
 * Inline code in a table cell: as {@link code}, with `|` as `\|`. GFM splits a row into cells before it reads code
 * spans, so a bare `|` in a unit id or column name would end the cell and add cells of its own; in a table, `\|`
 * is the pipe, inside code spans too (and outside a table it would show the backslash, hence two functions).
 */
export function cellCode(text: string): string {
  return code(text).replace(/\|/g, '\\|');
}

const SEVERITIES = ['error', 'warning', 'info'] as const;

function conditionRow(c: ConditionEvidence): string {
  const fact = `${c.fact}${c.path ? `.${c.path}` : ''}${c.params ? ` ${formatHeld(c.params)}` : ''}`;
  // What the rule holds (its parameters, a constant compared with) shows as written in it, not rounded.
  const against = c.valueFact ? `${formatValue(c.value)} (${c.valueFact})` : formatHeld(c.value);
  const result =
    c.result === null ? `not evaluated: ${c.reason ?? ''}` : c.result ? 'holds' : 'does not hold';
  return `| ${cellCode(fact)} | ${mdText(formatMember(c.factValue, c.fact))} | ${cellCode(c.operator)} | ${mdText(against)} | ${mdText(result)} |`;
}

function sourceLine(s: SourceRef): string {
  const where = s.at
    ? `${s.publisher ? mdText(s.publisher) : code(s.at.source)}, paragraph ${s.at.paragraph}`
    : '';
  const printed = s.printed !== undefined ? `"${mdText(s.printed)}"` : '';
  const excerpt = s.excerpt ? `: > ${mdText(s.excerpt)}` : '';
  return `- ${printed}${where ? ` (${where})` : ''} at ${code(s.pointer)}${excerpt}`;
}

function findingSection(f: Finding, index: number): string[] {
  const lines = [
    `### ${index}. ${mdText(f.ruleId)} (${f.severity}${f.outcome === 'notEvaluated' ? ', not evaluated' : ''}): ` +
      mdText(f.subject.label),
    '',
    mdText(f.message),
    '',
    `- Subject: ${code(f.subject.id)} at ${code(f.subject.pointer || '/')}`,
    `- Rule: ${code(f.rule.file)}`,
    `- Fingerprint: ${code(f.fingerprint.slice(0, 16))}`,
  ];
  if (f.suppression) {
    const { acceptedBy, justification, expires } = f.suppression;
    lines.push(
      `- Accepted in the baseline by ${mdText(acceptedBy)}${expires ? ` until ${expires}` : ''}: ${mdText(justification)}`,
    );
  }
  const tree = treeRows(f.evidence.conditions);
  if (tree) {
    // The rule's all/any/not: each group's row gives its result, the conditions under it are numbered in it.
    lines.push(
      '',
      '| condition | fact | value | operator | compared with | result |',
      '|---|---|---|---|---|---|',
      ...tree.map((r) =>
        r.leaf
          ? `| ${r.outline} ${conditionRow(r.leaf)}`
          : `| ${r.outline ? `${r.outline} ` : ''}${r.group}: | | | | | ${resultWords(r.result)} |`,
      ),
    );
  } else if (f.evidence.conditions.length > 0) {
    lines.push('', '| fact | value | operator | compared with | result |', '|---|---|---|---|---|');
    lines.push(...f.evidence.conditions.map(conditionRow));
  }
  const extra = Object.keys(f.evidence.values).filter(
    (k) => !f.evidence.conditions.some((c) => c.fact === k || c.valueFact === k),
  );
  const details = Object.keys(f.evidence.details);
  if (extra.length > 0 || details.length > 0) {
    lines.push('');
    for (const k of extra) lines.push(`- ${code(k)}: ${mdText(formatMember(f.evidence.values[k], k))}`);
    for (const k of details)
      lines.push(`- ${code(`${k} detail`)}: ${mdText(formatValue(f.evidence.details[k]))}`);
  }
  const units = f.evidence.units;
  if (units) {
    lines.push(
      '',
      `Units of ${code(units.table)} (${code(units.file)}): ${units.checked} checked, ${units.failed} failed, ` +
        `${units.notEvaluated} not evaluated, ${units.skipped} skipped. ` +
        `The first ${units.sampleCap} of each kind:`,
      '',
      '| unit | line | levels | finding |',
      '|---|---:|---|---|',
      ...units.sample.map(
        (u) => `| ${cellCode(u.unit)} | ${u.line} | ${mdText(u.levels.join(' / '))} | ${mdText(u.message)} |`,
      ),
    );
  }
  if (f.sources.length > 0) {
    lines.push('', 'Sources:', '', ...f.sources.map(sourceLine));
  }
  lines.push('');
  return lines;
}

function entryLine(e: BaselineEntryRef, note: string): string {
  return `- ${code(e.ruleId)} on ${code(e.subject)} (${code(e.pointer)}${e.line ? `, line ${e.line}` : ''}): ${note}`;
}

/** The baseline's effect, shown only when the run used one, so other reports stay as they were. */
function baselineSection(b: BaselineSection, suppressed: Report['summary']['suppressed']): string[] {
  const s = suppressed ?? { error: 0, warning: 0, info: 0 };
  const lines = [
    '## Baseline',
    '',
    `Baseline ${code(b.file)}: ${b.entries} ${b.entries === 1 ? 'entry' : 'entries'}, ${b.matched} matched. ` +
      `${s.error + s.warning + s.info} finding(s) accepted (${s.error} error, ${s.warning} warning, ${s.info} info) ` +
      'are listed below but do not fail the gate.',
    '',
  ];
  if (b.stale.length > 0) {
    lines.push(`Stale entries (${b.stale.length}), matching no finding (gone, or its values changed):`, '');
    lines.push(...b.stale.map((e) => entryLine(e, mdText(e.justification))), '');
  }
  const notChecked = b.notChecked ?? [];
  if (notChecked.length > 0) {
    lines.push(
      `Entries not checked (${notChecked.length}): their rule was not loaded in this run (another pack), ` +
        'so they are neither matched nor stale, and are kept as they are:',
      '',
    );
    lines.push(...notChecked.map((e) => entryLine(e, mdText(e.justification))), '');
  }
  if (b.expired.length > 0) {
    lines.push(`Expired entries (${b.expired.length}), accepting nothing until renewed:`, '');
    lines.push(
      ...b.expired.map((e) =>
        entryLine(e, `expired ${e.expires ?? ''}${e.matchesFinding ? '; its finding counts again' : ''}`),
      ),
      '',
    );
  }
  return lines;
}

/** Formats the report as Markdown. */
export const markdown: Formatter = {
  name: 'md',
  extension: 'md',
  format(report: Report): string {
    const { summary, election } = report;
    const lines: string[] = [
      `# tallycheck report: ${mdText(election.title ?? `${election.country}, ${election.office}, ${election.date}`)}`,
      '',
      `${mdText(election.country)} · ${mdText(election.office)} · ${election.date} (${mdText(election.kind)}) · ` +
        `dataset ${code(report.inputs.dataset.file)} (sha256 ${code(report.inputs.dataset.sha256.slice(0, 12))}) · ` +
        `${report.rules.length} rules · tallycheck ${report.tool.version}` +
        (report.generatedAt ? ` · generated ${report.generatedAt}` : ''),
      '',
      '## Summary',
      '',
      `Gate: **${summary.gate}** (fails on: ${summary.failOn}).`,
      '',
      '| severity | findings | not evaluated |',
      '|---|---:|---:|',
      ...SEVERITIES.map((s) => `| ${s} | ${summary.findings[s]} | ${summary.notEvaluated[s]} |`),
      '',
      `Checks: ${summary.outcomes.passed} passed, ${summary.outcomes.failed} failed, ` +
        `${summary.outcomes.notEvaluated} not evaluated, ${summary.outcomes.skipped} skipped (not applicable).`,
      '',
    ];
    if (report.baseline) lines.push(...baselineSection(report.baseline, summary.suppressed));
    for (const t of report.inputs.tables ?? []) {
      lines.push(
        `Precinct table ${code(t.id)} (${code(t.file)}, mapping ${code(t.mapping)}): ${t.rows} rows read, ` +
          `${t.used} used, ${t.rejected} rejected, ${t.cellsMissing} cells missing, ${t.problemsTotal} problems.`,
        '',
      );
      if (t.cellsReadAsZero) {
        const each = t.cellsReadAsZero.map(
          (z) => `${code(z.candidate)} (column ${code(z.column)}) ${formatValue(z.cells)}`,
        );
        lines.push(
          `Empty cells read as 0 votes, the mapping saying the candidate was not on the ballot there: ${each.join(', ')}.`,
          '',
        );
      }
      if (t.problems.length > 0) {
        lines.push('Rows left out come first, then the others, each in file order.', '');
        lines.push('| line | column | problem | found | expected |', '|---:|---|---|---|---|');
        for (const p of rejectedFirst(t.problems).slice(0, 20)) {
          lines.push(
            `| ${p.line ?? ''} | ${p.column ? cellCode(p.column) : ''} | ${mdText(p.message)} [${mdText(p.code)}] | ` +
              `${p.found !== undefined ? cellCode(p.found) : ''} | ${mdText(p.expected ?? '')} |`,
          );
        }
        if (t.problemsTotal > 20)
          lines.push('', `(${t.problemsTotal - 20} more problems in the JSON report or the table.)`);
        lines.push('');
      }
    }
    // One list in the report's order, not grouped by severity: finding 4 is then finding 4 in the JSON, HTML and
    // every other format, and the numbers run down the page. The severity is in each heading.
    lines.push(`## Findings (${findingCount(report.findings)})`, '');
    if (report.findings.length === 0) lines.push('None.', '');
    report.findings.forEach((f, i) => {
      lines.push(...findingSection(f, i + 1));
    });
    lines.push(
      '## Checks by rule',
      '',
      '| rule | severity | runs on | passed | failed | not evaluated | skipped |',
      '|---|---|---|---:|---:|---:|---:|',
      ...report.rules.map(
        (r) =>
          `| ${cellCode(r.id)} ${mdText(r.title)} | ${r.severity} | ${r.scope} | ${r.counts.passed} | ${r.counts.failed} | ` +
          `${r.counts.notEvaluated} | ${r.counts.skipped} |`,
      ),
      '',
    );
    return lines.join('\n');
  },
};
