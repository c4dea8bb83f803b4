/** The HTML report: one self-contained page with the gate, charts, filterable findings and checks by rule. */
import { contentSecurityPolicy, SCRIPT, STYLE } from './html-assets.js';
import { type CandidateChart, type ChartData, chartData } from './html-chart-data.js';
import { candidateSpec, reachableSpec, renderSvg } from './html-charts.js';
import { el, esc } from './html-escape.js';
import { findingArticle } from './html-findings.js';
import { tablesSection } from './html-precinct.js';
import { precinctChartsHtml } from './html-precinct-charts.js';
import { type Formatter, findingCount, type Report } from './types.js';

const SEVERITIES = ['error', 'warning', 'info'] as const;

function code(text: string): string {
  return `<code>${esc(text)}</code>`;
}

function header(report: Report): string {
  const { election, inputs } = report;
  const title = election.title ?? `${election.country}, ${election.office}, ${election.date}`;
  const meta = [
    `${esc(election.country)} · ${esc(election.office)} · ${esc(election.date)} (${esc(election.kind)})`,
    `dataset ${code(inputs.dataset.file)} (sha256 ${code(inputs.dataset.sha256.slice(0, 12))})`,
    `${report.rules.length} rules · tallycheck ${esc(report.tool.version)}`,
    report.generatedAt ? `generated ${esc(report.generatedAt)}` : '',
  ].filter(Boolean);
  return `<header><h1>${esc(title)}</h1><p class="meta-line">${meta.join(' · ')}</p></header>`;
}

function summary(report: Report): string {
  const { summary: s } = report;
  const tiles = SEVERITIES.map((sev) => {
    const extra =
      s.notEvaluated[sev] > 0 ? `<br><span class="muted">+${s.notEvaluated[sev]} not evaluated</span>` : '';
    return el(
      'div',
      { class: `card tile tile-${sev}`, 'data-severity': sev },
      `<span class="n">${s.findings[sev]}</span>${sev}${extra}`,
    );
  }).join('');
  const gate = el(
    'div',
    { class: 'card', id: 'gate', 'data-gate': s.gate },
    `<div class="gate gate-${s.gate}">Gate: ${s.gate === 'pass' ? 'pass' : 'fail'}</div>` +
      `<div class="muted">fails on ${esc(s.failOn)}${s.failOn === 'never' ? '' : ' and above'}</div>` +
      `<div class="muted">checks: ${s.outcomes.passed} passed, ${s.outcomes.failed} failed, ` +
      `${s.outcomes.notEvaluated} not evaluated, ${s.outcomes.skipped} skipped</div>`,
  );
  // Only a run with a baseline has suppressed counts; findings it accepted do not fail the gate.
  const accepted = s.suppressed;
  const rows = SEVERITIES.map(
    (sev) =>
      `<tr><td>${sev}</td><td class="num">${s.findings[sev]}</td><td class="num">${s.notEvaluated[sev]}</td>` +
      `${accepted ? `<td class="num">${accepted[sev]}</td>` : ''}</tr>`,
  ).join('');
  const b = report.baseline;
  const baseline = b
    ? `<p class="muted">Baseline ${code(b.file)}: ${b.entries} entries, ${b.matched} matched, ` +
      `${b.stale.length} stale, ${b.expired.length} expired` +
      `${b.notChecked?.length ? `, ${b.notChecked.length} not checked (rule not loaded in this run)` : ''}.</p>`
    : '';
  return (
    `<section id="summary"><h2>Summary</h2><div class="summary">${gate}${tiles}</div>` +
    `<table class="by-severity"><thead><tr><th>severity</th><th class="num">findings</th>` +
    `<th class="num">not evaluated</th>${accepted ? '<th class="num">accepted in baseline</th>' : ''}</tr></thead>` +
    `<tbody>${rows}</tbody></table>${baseline}</section>`
  );
}

/** What the margins of error rest on: one statement when all estimates share it, else one per estimate. */
function marginCaption(c: CandidateChart): string {
  const polls = c.polls.filter((p) => p.marginBasis);
  const bases = new Set(polls.map((p) => p.marginBasis));
  if (bases.size === 0) return '';
  if (bases.size === 1 && polls.length === c.polls.length)
    return ` Margins of error: ${polls[0]?.marginBasis}.`;
  return ` Margins of error: ${polls.map((p) => `${p.label}: ${p.marginBasis}`).join('; ')}.`;
}

/** Which bars rest on a sample size the rule assumed: drawn lighter and dashed, and said so. */
function assumedCaption(c: CandidateChart): string {
  if (!c.polls.some((p) => p.assumedSampleSize !== undefined)) return '';
  return ' Lighter, dashed bars: margins computed from a sample size the rule assumed, as the dataset gives none.';
}

async function charts(data: ChartData, report: Report): Promise<string> {
  const figures: string[] = [];
  for (const c of data.candidates) {
    const svg = await renderSvg(candidateSpec(c));
    const basis = c.reachable?.basis ? ` Reachable interval: ${c.reachable.basis}.` : '';
    const margin = marginCaption(c);
    const gaps = c.gaps.length > 0 ? ` Not shown: ${c.gaps.join('; ')}.` : '';
    const caption =
      'Dots: shares; bars: the margin of error of each estimate and the rounding of the authority\u2019s share; ' +
      `dashed line: the authority\u2019s share.${assumedCaption(c)}${margin}${basis}${gaps}`;
    figures.push(
      el(
        'figure',
        { class: 'chart', 'data-chart': 'estimates', 'data-candidate': c.candidateId },
        svg + el('figcaption', {}, esc(caption)),
      ),
    );
  }
  for (const r of data.reachable) {
    const svg = await renderSvg(reachableSpec(r));
    const caption =
      'Each bar runs from the share a candidate keeps if every ballot still to count goes elsewhere to the share ' +
      'it reaches if all go to it; printed rounding widens both ends.';
    figures.push(
      el(
        'figure',
        { class: 'chart', 'data-chart': 'reachable', 'data-release': r.releaseId },
        svg + el('figcaption', {}, esc(caption)),
      ),
    );
  }
  const notes = data.notes.map((n) => el('p', { class: 'empty chart-note' }, esc(n))).join('');
  const precinct = await precinctChartsHtml(report);
  const body =
    figures.length > 0
      ? figures.join('')
      : precinct.figures > 0
        ? ''
        : '<p class="empty">No chart: the report holds no values to draw.</p>';
  const estimates = body ? `<div class="charts">${body}</div>` : '';
  return `<section id="charts"><h2>Charts</h2>${estimates}${notes}${precinct.html}</section>`;
}

function filters(report: Report): string {
  const boxes = SEVERITIES.map((sev) => {
    const n = findingCount(report.findings.filter((f) => f.severity === sev));
    return `<label>${el('input', { type: 'checkbox', name: 'severity', value: sev, checked: true })} ${sev} (${n})</label>`;
  }).join('');
  const ruleIds = [...new Set(report.findings.map((f) => f.ruleId))];
  const options = [
    el('option', { value: '' }, 'all rules'),
    ...ruleIds.map((id) => el('option', { value: id }, esc(id))),
  ].join('');
  return (
    // Hidden until the script runs: without it every finding shows and the controls would do nothing.
    `<form id="filters" class="filters" hidden><fieldset><legend>Severity</legend>${boxes}</fieldset>` +
    `<label>Rule ${el('select', { name: 'rule' }, options)}</label>` +
    `<span class="muted">showing <span id="shown-count">${report.findings.length}</span> of ` +
    `${report.findings.length}</span></form>`
  );
}

function findingsSection(report: Report): string {
  const list =
    report.findings.length > 0
      ? report.findings.map((f, i) => findingArticle(f, i + 1)).join('')
      : '<p class="empty">No findings.</p>';
  return (
    `<section id="findings-section"><h2>Findings (${findingCount(report.findings)})</h2>${filters(report)}` +
    `<p id="no-match" class="empty" hidden>No finding matches the filter.</p><div id="findings">${list}</div></section>`
  );
}

function rulesSection(report: Report): string {
  const rows = report.rules
    .map(
      (r) =>
        `<tr><td>${code(r.id)}<br>${esc(r.title)}<details><summary>rationale</summary>${esc(r.rationale)}</details></td>` +
        `<td>${esc(r.severity)}</td><td>${esc(r.scope)}</td><td class="num">${r.counts.passed}</td>` +
        `<td class="num">${r.counts.failed}</td><td class="num">${r.counts.notEvaluated}</td>` +
        `<td class="num">${r.counts.skipped}</td></tr>`,
    )
    .join('');
  return (
    '<section id="rules"><h2>Checks by rule</h2><table><thead><tr><th>rule</th><th>severity</th><th>runs on</th>' +
    '<th class="num">passed</th><th class="num">failed</th><th class="num">not evaluated</th>' +
    `<th class="num">skipped</th></tr></thead><tbody>${rows}</tbody></table></section>`
  );
}

/** Formats the report as one HTML file that opens offline: inline CSS and SVG charts, a filter script. */
export const html: Formatter = {
  name: 'html',
  extension: 'html',
  async format(report: Report): Promise<string> {
    const title = report.election.title ?? `${report.election.country}, ${report.election.office}`;
    return [
      '<!doctype html>',
      '<html lang="en">',
      '<head>',
      '<meta charset="utf-8">',
      el('meta', { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy() }),
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      '<link rel="icon" href="data:,">',
      `<title>tallycheck report: ${esc(title)}</title>`,
      `<style>${STYLE}</style>`,
      '</head>',
      '<body><main>',
      header(report),
      summary(report),
      // Only precinct audits have the section; other reports stay byte for byte as they were.
      ...[tablesSection(report)].filter(Boolean),
      await charts(chartData(report), report),
      findingsSection(report),
      rulesSection(report),
      '</main>',
      `<script>${SCRIPT}</script>`,
      '</body>',
      '</html>',
      '',
    ].join('\n');
  },
};
