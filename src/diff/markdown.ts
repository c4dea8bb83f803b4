/** Renders a diff as Markdown: summary, releases, changed figures grouped by release or estimate, verdicts. */

import { cellCode, code, mdText } from '../report/markdown.js';
import type { Diff, FigureChange, FigureState } from '../schema/diff.js';
import { groupThousands } from '../schema/values.js';

/** Text from the datasets in a table cell: escaped as the audit's Markdown escapes it (markdown.ts). */
const cell = mdText;

function figure(s: FigureState | undefined): string {
  if (!s) return '—';
  return `${cell(s.printed)} <sub>${cellCode(s.pointer)}${s.line ? ` line ${s.line}` : ''}</sub>`;
}

function delta(c: FigureChange): string {
  if (c.change !== 'changed' || c.delta === undefined) return c.change;
  if (c.delta === 0) return 'printed form changed';
  const sign = c.delta > 0 ? '+' : '−';
  const rounding = c.plusMinus ? ` ± ${groupThousands(c.plusMinus)}` : '';
  const within = c.withinRounding ? ', within rounding (not established)' : '';
  return `${sign}${groupThousands(Math.abs(c.delta))}${rounding}${within}`;
}

/** The group a figure belongs to, as a heading: its release, its estimate, or the rest of the dataset. */
function group(c: FigureChange, mode: Diff['mode']): string {
  if (c.release) return `Release ${code(c.release)}`;
  if (c.estimate) return `Estimate ${code(c.estimate)}`;
  return mode === 'releases' ? 'Release figures' : 'Other figures';
}

/** The Markdown text of a diff; `names` gives candidate names by id. */
export function diffMarkdown(diff: Diff, names: ReadonlyMap<string, string>): string {
  const lines: string[] = [];
  const side = (s: Diff['old']) => `${code(s.file)}${s.release ? ` release ${code(s.release)}` : ''}`;
  const { summary } = diff;
  lines.push(`# tallycheck diff: ${side(diff.old)} → ${side(diff.new)}`, '');
  lines.push(
    `Gate: **${summary.gate}** (fail on ${summary.failOn}). ` +
      `Verdicts: ${summary.findings.error} error(s), ${summary.findings.warning} warning(s), ` +
      `${summary.findings.info} info; not evaluated: ` +
      `${summary.notEvaluated.error + summary.notEvaluated.warning + summary.notEvaluated.info}.`,
    '',
  );
  lines.push('| | added | removed | changed | unchanged |', '|---|---:|---:|---:|---:|');
  const counts = (label: string, c: Diff['summary']['figures']) =>
    lines.push(`| ${label} | ${c.added} | ${c.removed} | ${c.changed} | ${c.unchanged} |`);
  counts('figures', summary.figures);
  if (diff.mode === 'files') counts('releases', summary.releases);
  lines.push('');

  if (diff.releases.length > 0) {
    lines.push('## Releases', '', '| release | change | old | new | causes recorded in the new file |');
    lines.push('|---|---|---|---|---|');
    for (const r of diff.releases) {
      const st = (s: typeof r.old) => (s ? `${s.status}${s.asOf ? `, as of ${s.asOf}` : ''}` : '—');
      const causes = r.recordedCauses.map((c) => `${c.kind}: ${JSON.stringify(c.description)}`).join('; ');
      lines.push(
        `| ${cellCode(r.release)} | ${r.change} | ${cell(st(r.old))} | ${cell(st(r.new))} | ${cell(causes || '—')} |`,
      );
    }
    lines.push('');
  }

  lines.push('## Figures', '');
  if (diff.figures.length === 0) lines.push('No figure was added, removed or changed.', '');
  const groups = new Map<string, FigureChange[]>();
  for (const c of diff.figures) {
    const g = group(c, diff.mode);
    groups.set(g, [...(groups.get(g) ?? []), c]);
  }
  for (const [heading, changes] of groups) {
    lines.push(`### ${heading}`, '', '| candidate | figure | old | new | change |', '|---|---|---|---|---|');
    for (const c of changes) {
      const who = c.candidate ? cell(names.get(c.candidate) ?? c.candidate) : '';
      lines.push(`| ${who} | ${cell(c.field)} | ${figure(c.old)} | ${figure(c.new)} | ${delta(c)} |`);
    }
    lines.push('');
  }

  lines.push('## Verdicts of the time rules', '');
  const checks = summary.outcomes;
  lines.push(
    `Run on ${diff.verdicts.combined}, with ${diff.verdicts.rules.length} rule(s). ` +
      `Checks: ${checks.passed} passed, ${checks.failed} failed, ${checks.notEvaluated} not evaluated, ` +
      `${checks.skipped} skipped (not applicable).`,
    '',
  );
  const idle = diff.verdicts.rules.filter(
    (r) => r.counts.passed + r.counts.failed + r.counts.notEvaluated === 0,
  );
  if (idle.length > 0 && idle.length < diff.verdicts.rules.length)
    lines.push(`Applied to nothing here: ${idle.map((r) => code(r.id)).join(', ')}.`, '');
  if (checks.passed + checks.failed + checks.notEvaluated === 0)
    lines.push('Nothing was checked: no rule of the pack applies to anything in these releases.');
  else if (diff.verdicts.findings.length === 0) lines.push('No findings.');
  for (const f of diff.verdicts.findings) {
    const where = f.locations
      .slice(0, 3)
      .map((l) => `${l.side} ${code(l.pointer)}`)
      .join(', ');
    const what = f.outcome === 'notEvaluated' ? `${f.severity}, not evaluated` : f.severity;
    lines.push(`- **${what}** ${code(f.ruleId)}: ${mdText(f.message)}${where ? ` (${where})` : ''}`);
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
