/** The inline stylesheet and filter script of the HTML report: fixed text, no report data in them. */
import { createHash } from 'node:crypto';

/**
 * The report's stylesheet: system fonts only, so nothing is fetched when the file is opened. Codes wrap anywhere
 * (long ids), but not in the units' and problems' tables, where that made the table squeeze short ones
 * ("registere d").
 */
export const STYLE = `
:root { color-scheme: light; --fg: #1d1d1f; --muted: #5f6368; --line: #dadce0; --bg: #f7f7f8;
  --error: #b3261e; --warning: #9a5b00; --info: #1a5fb4; --pass: #1e7d34; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
  background: var(--bg); }
main { max-width: 1060px; margin: 0 auto; padding: 24px 20px 64px; }
h1 { font-size: 1.5rem; line-height: 1.3; margin: 0 0 6px; }
h2 { font-size: 1.2rem; margin: 32px 0 12px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 0; }
h4 { font-size: 0.9rem; margin: 14px 0 4px; color: var(--muted); }
code { font: 0.85em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #eef0f3;
  padding: 1px 4px; border-radius: 3px; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
.meta-line { color: var(--muted); font-size: 0.9rem; margin: 0; }
.summary { display: flex; flex-wrap: wrap; gap: 12px; align-items: stretch; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
.gate { font-size: 1.1rem; font-weight: 600; }
.gate-pass { color: var(--pass); } .gate-fail { color: var(--error); }
.by-severity { margin-top: 12px; max-width: 480px; }
.tile { min-width: 120px; text-align: center; }
.tile .n { display: block; font-size: 1.8rem; font-weight: 700; line-height: 1.2; }
.tile-error .n { color: var(--error); } .tile-warning .n { color: var(--warning); } .tile-info .n { color: var(--info); }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: 0.9rem; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f1f3f4; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.charts { display: grid; gap: 16px; }
figure.chart { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px;
  overflow-x: auto; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
figcaption { font-size: 0.85rem; color: var(--muted); margin-top: 6px; }
.filters { display: flex; flex-wrap: wrap; gap: 8px 20px; align-items: center; background: #fff;
  border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; margin-bottom: 12px;
  position: sticky; top: 0; z-index: 1; }
.filters fieldset { border: 0; margin: 0; padding: 0; display: flex; gap: 12px; align-items: center; }
.filters legend { float: left; margin-right: 8px; font-weight: 600; }
.filters label { white-space: nowrap; }
.finding { background: #fff; border: 1px solid var(--line); border-left: 5px solid var(--line);
  border-radius: 8px; padding: 12px 16px; margin-bottom: 12px; }
.finding.sev-error { border-left-color: var(--error); } .finding.sev-warning { border-left-color: var(--warning); }
.finding.sev-info { border-left-color: var(--info); }
.finding header { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: baseline; }
.badge { display: inline-block; font-size: 0.75rem; font-weight: 700; text-transform: uppercase;
  letter-spacing: 0.03em; color: #fff; border-radius: 4px; padding: 1px 6px; }
.badge.sev-error { background: var(--error); } .badge.sev-warning { background: var(--warning); }
.badge.sev-info { background: var(--info); } .badge.not-evaluated { background: #6b6b6b; }
.badge.suppressed { background: #8a8a8a; }
.message { margin: 8px 0; font-size: 1rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0; font-size: 0.9rem; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.result-holds { color: var(--error); font-weight: 600; } .result-not { color: var(--pass); }
.result-unknown { color: var(--warning); font-weight: 600; }
table.conditions tr.group td { font-weight: 600; } table.conditions td.outline { color: var(--muted); }
table.conditions td.depth-1 { padding-left: 1.2em; } table.conditions td.depth-2 { padding-left: 2.4em; }
table.conditions td.depth-3 { padding-left: 3.6em; } table.conditions td.depth-4 { padding-left: 4.8em; }
ul.sources { list-style: none; padding: 0; margin: 0; }
ul.sources li { border-top: 1px dashed var(--line); padding: 6px 0; font-size: 0.9rem; }
blockquote { margin: 4px 0 0; padding: 4px 10px; border-left: 3px solid var(--line); color: #333; background: #fafafa; }
mark { background: #fff1a8; padding: 0 1px; }
details summary { cursor: pointer; color: var(--muted); font-size: 0.9rem; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.8rem; background: #f6f8fa; padding: 8px; margin: 4px 0; }
.empty { color: var(--muted); font-style: italic; }
.charts-precinct { grid-template-columns: repeat(auto-fit, minmax(min(470px, 100%), 1fr)); margin-bottom: 8px; }
h3.chart-group { margin: 20px 0 8px; }
.precinct-table { margin-bottom: 12px; }
.precinct-table h3 { margin-bottom: 4px; }
.table-counts { width: auto; margin: 8px 0; }
.scroll { max-height: 480px; overflow: auto; border: 1px solid var(--line); }
.scroll table { border: 0; }
.scroll thead th { position: sticky; top: 0; }
table.units td, table.problems td { font-size: 0.85rem; }
table.units code, table.problems code { overflow-wrap: break-word; }
table.units td:first-child { min-width: 12em; }
td.unit-values { color: var(--muted); min-width: 11em; }
`;

/**
 * The filter script. It reads the choices from the form and each finding's data-severity and data-rule
 * attributes, and hides what does not match; no report text is ever part of the script.
 */
export const SCRIPT = `
(function () {
  var form = document.getElementById('filters');
  if (!form) return;
  var findings = Array.prototype.slice.call(document.querySelectorAll('#findings .finding'));
  var shown = document.getElementById('shown-count');
  var empty = document.getElementById('no-match');
  function apply() {
    var severities = {};
    Array.prototype.forEach.call(form.querySelectorAll('input[name="severity"]'), function (box) {
      severities[box.value] = box.checked;
    });
    var rule = form.querySelector('select[name="rule"]').value;
    var count = 0;
    findings.forEach(function (f) {
      var visible = severities[f.getAttribute('data-severity')] === true &&
        (rule === '' || f.getAttribute('data-rule') === rule);
      f.hidden = !visible;
      if (visible) count += 1;
    });
    shown.textContent = String(count);
    empty.hidden = count !== 0 || findings.length === 0;
  }
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (event) { event.preventDefault(); });
  form.hidden = false;
  apply();
})();
`;

/** The page's Content-Security-Policy: nothing may load from anywhere, and only the filter script may run. */
export function contentSecurityPolicy(): string {
  const hash = createHash('sha256').update(SCRIPT, 'utf8').digest('base64');
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `script-src 'sha256-${hash}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
