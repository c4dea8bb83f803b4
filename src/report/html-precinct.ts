/** HTML of precinct audits: what was read from each table, and the units a finding on table rows names. */
import { rejectedFirst } from '../precinct/problems.js';
import type { UnitEvidence } from '../schema/report.js';
import { formatValue } from '../schema/values.js';
import { el, esc } from './html-escape.js';
import type { Report } from './types.js';

type Table = NonNullable<Report['inputs']['tables']>[number];

function code(text: string): string {
  return `<code>${esc(text)}</code>`;
}

function num(n: number): string {
  return el('td', { class: 'num' }, esc(formatValue(n)));
}

function problemsTable(t: Table): string {
  if (t.problems.length === 0) return '<p class="empty">No problem met while reading the table.</p>';
  const rows = rejectedFirst(t.problems)
    .map(
      (p) =>
        `<tr>${el('td', { class: 'num' }, p.line !== undefined ? String(p.line) : '')}` +
        `${el('td', {}, p.column !== undefined ? code(p.column) : '')}` +
        `${el('td', {}, `${esc(p.message)} <span class="muted">${code(p.code)}</span>`)}` +
        `${el('td', {}, p.found !== undefined ? code(p.found) : '')}${el('td', {}, esc(p.expected ?? ''))}</tr>`,
    )
    .join('');
  const more =
    t.problemsTotal > t.problems.length
      ? `<p class="muted">The first ${t.problems.length} of ${t.problemsTotal} problems; the count covers all.</p>`
      : '';
  return (
    `<h4>Problems (${t.problemsTotal})</h4>` +
    '<p class="muted">Rows left out come first, then the others, each in file order.</p>' +
    '<div class="scroll"><table class="problems"><thead><tr>' +
    '<th class="num">line</th><th>column</th><th>problem</th><th>found</th><th>expected</th></tr></thead>' +
    `<tbody>${rows}</tbody></table></div>${more}`
  );
}

function tableArticle(t: Table): string {
  const counts =
    '<table class="table-counts"><thead><tr><th class="num">rows read</th><th class="num">used</th>' +
    '<th class="num">rejected</th><th class="num">cells missing</th><th class="num">problems</th></tr></thead>' +
    `<tbody><tr>${num(t.rows)}${num(t.used)}${num(t.rejected)}${num(t.cellsMissing)}${num(t.problemsTotal)}` +
    '</tr></tbody></table>';
  const zeros = t.cellsReadAsZero
    ? `<p class="zero-cells">Empty cells read as 0 votes, the mapping saying the candidate was not on the ballot there: ${t.cellsReadAsZero
        .map((z) => `${code(z.candidate)} (column ${code(z.column)}) ${esc(formatValue(z.cells))}`)
        .join(', ')}.</p>`
    : '';
  const meta =
    `<dl class="facts"><dt>File</dt><dd>${code(t.file)}</dd><dt>Mapping</dt><dd>${code(t.mapping)}</dd>` +
    `<dt>sha256</dt><dd>${code(t.sha256.slice(0, 12))}</dd></dl>`;
  return el(
    'article',
    { class: 'card precinct-table', 'data-table': t.id },
    `<h3>Table ${code(t.id)}</h3>${meta}${counts}${zeros}${problemsTable(t)}`,
  );
}

/** The "Precinct tables" section: per table its file, mapping, rows and first problems. Empty without tables. */
export function tablesSection(report: Report): string {
  const tables = report.inputs.tables ?? [];
  if (tables.length === 0) return '';
  return (
    `<section id="tables"><h2>Precinct tables (${tables.length})</h2>` +
    '<p class="muted">Rows left out are rejected with a reason among the problems; nothing is dropped silently.</p>' +
    `${tables.map(tableArticle).join('')}</section>`
  );
}

/** The units a finding on the rows of a table counts, and its capped sample of units as a table. */
export function unitsBlock(units: UnitEvidence | undefined): string {
  if (!units) return '';
  const counts =
    `${formatValue(units.checked)} checked, ${formatValue(units.passed)} passed, ` +
    `${formatValue(units.failed)} failed, ${formatValue(units.notEvaluated)} not evaluated, ` +
    `${formatValue(units.skipped)} skipped`;
  const head =
    `<h4>Units</h4><p class="unit-counts">Table ${code(units.table)} (${code(units.file)}): ${esc(counts)}.` +
    `${units.sample.length > 0 ? ` The first ${units.sampleCap} of each outcome:` : ''}</p>`;
  if (units.sample.length === 0) return head;
  const rows = units.sample
    .map((u) =>
      el(
        'tr',
        { 'data-outcome': u.outcome },
        `${el('td', {}, code(u.unit))}${el('td', { class: 'num' }, String(u.line))}` +
          `${el('td', {}, esc(u.levels.join(' / ')))}` +
          `${el('td', {}, esc(u.outcome === 'failed' ? 'failed' : 'not evaluated'))}` +
          `${el('td', {}, esc(u.message))}` +
          `${el('td', { class: 'unit-values' }, esc(formatValue(u.values)))}`,
      ),
    )
    .join('');
  return (
    `${head}<div class="scroll"><table class="units"><thead><tr><th>unit</th><th class="num">line</th>` +
    '<th>levels</th><th>outcome</th><th>finding</th><th>values</th></tr></thead>' +
    `<tbody>${rows}</tbody></table></div>`
  );
}
