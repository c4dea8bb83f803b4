/** HTML of the findings: message, evidence (values compared, compared with, result) and source locators. */
import { formatHeld, formatMember, formatValue } from '../schema/values.js';
import { type TreeRow, treeRows } from './condition-tree.js';
import { el, esc, escLines } from './html-escape.js';
import { unitsBlock } from './html-precinct.js';
import type { Finding, SourceRef } from './types.js';

type Condition = Finding['evidence']['conditions'][number];

function code(text: string): string {
  return `<code>${esc(text)}</code>`;
}

/** A position in the dataset file: the JSON pointer, and the line (and column) when the loader knew it. */
function position(pointer: string, line?: number, column?: number): string {
  const at = line !== undefined ? ` line ${line}${column !== undefined ? `, column ${column}` : ''}` : '';
  return `${code(pointer || '/')}${esc(at)}`;
}

function resultCell(result: boolean | null, reason?: string): string {
  if (result === null)
    return el('td', { class: 'result-unknown' }, esc(`not evaluated${reason ? `: ${reason}` : ''}`));
  // Conditions describe the violation, so a condition that holds is the problem.
  return result
    ? el('td', { class: 'result-holds' }, 'holds')
    : el('td', { class: 'result-not' }, 'does not hold');
}

/** A leaf condition's cells; in a tree, its outline number first, its fact indented to its depth. */
function conditionRow(c: Condition, row?: TreeRow): string {
  const fact = `${c.fact}${c.path ? `.${c.path}` : ''}`;
  // What the rule holds (its parameters, a constant compared with) shows as written in it, not rounded.
  const params = c.params ? ` <span class="muted">${esc(formatHeld(c.params))}</span>` : '';
  const against = c.valueFact
    ? `${esc(formatValue(c.value))} <span class="muted">(${code(c.valueFact)})</span>`
    : esc(formatHeld(c.value));
  const outline = row ? el('td', { class: 'outline' }, esc(row.outline)) : '';
  return (
    `<tr>${outline}${el('td', row ? { class: depthClass(row.depth) } : {}, code(fact) + params)}` +
    `${el('td', { class: 'num' }, esc(formatMember(c.factValue, c.fact)))}` +
    `${el('td', {}, code(c.operator))}${el('td', { class: 'num' }, against)}${resultCell(c.result, c.reason)}</tr>`
  );
}

function depthClass(depth: number): string {
  return `depth-${Math.min(depth, 4)}`;
}

/** A group of the rule's tree ("all of", "any of", "not") with its result; the conditions under it follow. */
function groupRow(row: TreeRow): string {
  return (
    `<tr class="group">${el('td', { class: 'outline' }, esc(row.outline))}` +
    `${el('td', { class: depthClass(row.depth), colspan: '4' }, `${esc(row.group ?? '')}:`)}${resultCell(row.result)}</tr>`
  );
}

function conditionsTable(conditions: Condition[]): string {
  if (conditions.length === 0) return '';
  const tree = treeRows(conditions);
  const head =
    `<tr>${tree ? '<th>condition</th>' : ''}<th>fact</th><th class="num">value</th><th>operator</th>` +
    '<th class="num">compared with</th><th>result</th></tr>';
  const rows = tree
    ? tree.map((r) => (r.leaf ? conditionRow(r.leaf, r) : groupRow(r)))
    : conditions.map((c) => conditionRow(c));
  return `<h4>Evidence</h4><table class="conditions"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Fact values the message or rule used beyond the conditions, and what each fact reported beside its value. */
function otherValues(f: Finding): string {
  const inConditions = new Set(f.evidence.conditions.flatMap((c) => [c.fact, c.valueFact ?? '']));
  const extra = Object.entries(f.evidence.values).filter(([k]) => !inConditions.has(k));
  const details = Object.entries(f.evidence.details);
  let html = '';
  if (extra.length > 0) {
    const rows = extra.map(([k, v]) => `<dt>${code(k)}</dt><dd>${esc(formatMember(v, k))}</dd>`).join('');
    html += `<h4>Other values</h4><dl class="facts">${rows}</dl>`;
  }
  if (details.length > 0) {
    const rows = details
      .map(([k, v]) => `<dt>${code(k)}</dt><dd><pre>${escLines(JSON.stringify(v, null, 2))}</pre></dd>`)
      .join('');
    html += `<details><summary>Fact details (${details.length})</summary><dl class="facts">${rows}</dl></details>`;
  }
  return html;
}

/** The excerpt with the printed figure marked where it occurs; both parts escaped separately. */
function excerptHtml(excerpt: string, printed: string | undefined): string {
  const at = printed ? excerpt.indexOf(printed) : -1;
  if (!printed || at < 0) return esc(excerpt);
  const end = at + printed.length;
  return `${esc(excerpt.slice(0, at))}<mark>${esc(printed)}</mark>${esc(excerpt.slice(end))}`;
}

/** One source locator: the printed figure, publisher and paragraph, the JSON pointer and line, the excerpt. */
export function sourceItem(s: SourceRef): string {
  const parts: string[] = [];
  if (s.printed !== undefined) parts.push(`printed “${esc(s.printed)}”`);
  if (s.at) {
    // The publisher names the source for a reader; the source id is what the dataset file uses.
    const who = s.publisher ? `${esc(s.publisher)}, ` : '';
    parts.push(`${who}paragraph ${s.at.paragraph} of source ${code(s.at.source)}`);
  }
  parts.push(`dataset ${position(s.pointer, s.line, s.column)}`);
  const quote = s.excerpt ? `<blockquote>${excerptHtml(s.excerpt, s.printed)}</blockquote>` : '';
  return `<li>${parts.join(' · ')}${quote}</li>`;
}

function suppression(f: Finding): string {
  const s = f.suppression;
  if (!s) return '';
  const expires = s.expires ? `, expires ${esc(s.expires)}` : '';
  return (
    `<p class="muted">Accepted in baseline ${code(s.baseline)} by ${esc(s.acceptedBy)}${expires}: ` +
    `${esc(s.justification)}</p>`
  );
}

/** One finding as an article carrying its severity and rule in data-* attributes for the filter. */
export function findingArticle(f: Finding, index: number): string {
  const notEvaluated = f.outcome === 'notEvaluated';
  const badges = [
    el('span', { class: `badge sev-${f.severity}` }, esc(f.severity)),
    notEvaluated ? el('span', { class: 'badge not-evaluated' }, 'not evaluated') : '',
    f.suppression ? el('span', { class: 'badge suppressed' }, 'accepted in baseline') : '',
  ].join('');
  const reasons =
    f.reasons && f.reasons.length > 0
      ? `<ul class="reasons">${f.reasons.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>`
      : '';
  const meta =
    `<dl class="facts"><dt>Subject</dt><dd>${esc(f.subject.label)} ${code(f.subject.id)} at ` +
    `${position(f.subject.pointer, f.subject.line, f.subject.column)}</dd>` +
    `<dt>Rule</dt><dd>${code(f.rule.file)} at ${code(f.rule.pointer)}</dd>` +
    `<dt>Fingerprint</dt><dd>${code(f.fingerprint.slice(0, 16))}</dd></dl>`;
  const sources =
    f.sources.length > 0
      ? `<h4>Sources</h4><ul class="sources">${f.sources.map(sourceItem).join('')}</ul>`
      : '<h4>Sources</h4><p class="empty">No source figure recorded.</p>';
  const body =
    `<header>${badges}<h3>${index}. ${code(f.ruleId)} ${esc(f.subject.label)}</h3></header>` +
    `<p class="message">${esc(f.message)}</p>${reasons}${suppression(f)}${meta}` +
    `${conditionsTable(f.evidence.conditions)}${unitsBlock(f.evidence.units)}${otherValues(f)}${sources}`;
  return el(
    'article',
    {
      class: `finding sev-${f.severity}`,
      id: `finding-${f.fingerprint.slice(0, 16)}`,
      'data-severity': f.severity,
      'data-rule': f.ruleId,
      'data-outcome': f.outcome,
    },
    body,
  );
}
