/** Plain-words text for `tallycheck explain`: a rule's conditions, and one subject's outcome under it. */
import { factsById } from '../facts/index.js';
import { operatorsByName } from '../operators/index.js';
import { groupResult, resultWords } from '../report/condition-tree.js';
import type { ConditionEvidence, RuleOutcome, UnitEvidence } from '../schema/report.js';
import type { Condition, LeafCondition } from '../schema/rule.js';
import { formatHeld, formatValue } from '../schema/values.js';

const INDENT = '  ';

/** Wraps text to a width, each line starting with the indent. */
export function wrap(text: string, indent: string, width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(`${indent}${line}`);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(`${indent}${line}`);
  return lines;
}

function paramsText(params: Record<string, unknown> | undefined): string {
  if (!params || Object.keys(params).length === 0) return '';
  return `, with params ${Object.entries(params)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ')}`;
}

/**
 * A fact as a reader meets it: "id.path (its description, with params a=1)". With `described`, a fact
 * already described shows only its parameters, so a long tree does not repeat the same sentence.
 */
export function factText(
  fact: string,
  params?: Record<string, unknown>,
  path?: string,
  described?: Set<string>,
): string {
  const name = `${fact}${path ? `.${path}` : ''}`;
  if (described?.has(fact)) {
    const extra = paramsText(params);
    return extra ? `${name} (${extra.slice(2)})` : name;
  }
  described?.add(fact);
  const description = factsById.get(fact)?.description.replace(/\.\s*$/, '') ?? 'unknown fact';
  return `${name} (${description}${paramsText(params)})`;
}

/** How an operator reads between a fact and a value ("is less than"). */
export function operatorWords(operator: string): string {
  return operatorsByName.get(operator)?.words ?? operator;
}

/** A leaf condition in plain words; `described` as for factText. */
export function leafText(leaf: LeafCondition, described?: Set<string>): string {
  const subject = factText(leaf.fact, leaf.params, leaf.path, described);
  const v = leaf.value;
  const value =
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? factText(v.fact, v.params, v.path, described)
      : JSON.stringify(v);
  return `${subject} ${operatorWords(leaf.operator)} ${value}`;
}

/**
 * A condition tree as indented lines: "all of", "any of" and "not" head their children one level deeper.
 * An all/any of a single condition is that condition.
 */
export function conditionLines(c: Condition, depth = 0, described = new Set<string>()): string[] {
  const pad = INDENT.repeat(depth);
  if ('all' in c || 'any' in c) {
    const children = 'all' in c ? c.all : c.any;
    if (children.length === 1) return conditionLines(children[0] as Condition, depth, described);
    return [
      `${pad}${'all' in c ? 'all of' : 'any of'}:`,
      ...children.flatMap((x) => conditionLines(x, depth + 1, described)),
    ];
  }
  if ('not' in c) return [`${pad}not:`, ...conditionLines(c.not, depth + 1, described)];
  return [`${pad}${leafText(c, described)}`];
}

/**
 * The whole "finding when" block: a single condition on the heading line, a tree below it otherwise.
 * Each fact is described at its first mention; `described` collects them for later sections.
 */
export function findingWhen(conditions: Condition, described = new Set<string>()): string[] {
  const lines = conditionLines(conditions, 2, described);
  if (lines.length === 1) return [`Finding when: ${lines[0]?.trim()}`];
  return ['Finding when:', ...lines.map((l) => l.slice(INDENT.length))];
}

/** A compared value: text quoted and booleans as written in rules, so they read as in the conditions. */
function shown(x: unknown, format: (x: unknown) => string = formatValue): string {
  return typeof x === 'string' || typeof x === 'boolean' ? JSON.stringify(x) : format(x);
}

function conditionResult(c: ConditionEvidence): string {
  const fact = `${c.fact}${c.path ? `.${c.path}` : ''} (${shown(c.factValue)})`;
  // A constant compared with is what the rule holds: as written in it ("Finding when" quotes it so too).
  const against = c.valueFact ? `${c.valueFact} (${shown(c.value)})` : shown(c.value, formatHeld);
  const result = c.result === null ? `not evaluated: ${c.reason ?? 'unknown reason'}` : resultWords(c.result);
  return `${fact} ${operatorWords(c.operator)} ${against}: ${result}`;
}

/**
 * A subject's condition results in the rule's tree: "all of", "any of" and "not" head their children one
 * level deeper with the group's own result (three-valued, as the runner reads it), so an "any" does not read
 * as an "all". An all/any of a single condition is that condition, as in the "Finding when" block. Each leaf
 * is matched to its evidence by JSON pointer.
 */
export function resultLines(
  c: Condition,
  byPointer: ReadonlyMap<string, ConditionEvidence>,
  depth: number,
  pointer = '/conditions',
): { lines: string[]; result: boolean | null } {
  const pad = INDENT.repeat(depth);
  if ('all' in c || 'any' in c) {
    const key = 'all' in c ? 'all' : 'any';
    const children = 'all' in c ? c.all : c.any;
    if (children.length === 1)
      return resultLines(children[0] as Condition, byPointer, depth, `${pointer}/${key}/0`);
    const parts = children.map((x, i) => resultLines(x, byPointer, depth + 1, `${pointer}/${key}/${i}`));
    const result = groupResult(
      key,
      parts.map((p) => p.result),
    );
    return {
      lines: [`${pad}${key} of: ${resultWords(result)}`, ...parts.flatMap((p) => p.lines)],
      result,
    };
  }
  if ('not' in c) {
    const inner = resultLines(c.not, byPointer, depth + 1, `${pointer}/not`);
    const result = inner.result === null ? null : !inner.result;
    return { lines: [`${pad}not: ${resultWords(result)}`, ...inner.lines], result };
  }
  const evidence = byPointer.get(pointer);
  if (!evidence) return { lines: [`${pad}${leafText(c)}: not recorded`], result: null };
  return { lines: [`${pad}${conditionResult(evidence)}`], result: evidence.result };
}

const WHY: Record<RuleOutcome['outcome'], string> = {
  passed: 'passed: the conditions for a finding do not hold',
  failed: 'failed: the conditions for a finding hold',
  notEvaluated: 'not evaluated: a value the rule needs is missing or cannot be compared',
  skipped: 'skipped: the rule does not apply to this subject',
};

/** "the first 10 of 14", or "all 2" when the sample holds every one. */
function sampled(listed: number, total: number): string {
  return listed === total ? `all ${total}` : `the first ${listed} of ${total}`;
}

/**
 * The verdict line(s): the outcome's own reasons when it has them (not evaluated, skipped), the unit counts for a
 * rule on the rows of a table, the generic words otherwise.
 */
function verdictLines(o: RuleOutcome): string[] {
  const units = o.evidence?.units;
  if (units && o.outcome !== 'skipped') {
    const verdict = {
      failed: `failed: the conditions for a finding hold in ${units.failed} of the ${units.checked} units checked`,
      notEvaluated: `not evaluated: ${units.notEvaluated} of the ${units.checked} units could not be checked, and none failed`,
      passed: `passed: the conditions for a finding hold in none of the ${units.checked} units checked`,
    }[o.outcome];
    return [`${INDENT}${verdict}`];
  }
  const reasons = o.reasons ?? [];
  if (reasons.length === 0) return [`${INDENT}${WHY[o.outcome]}`];
  const word = o.outcome === 'skipped' ? 'skipped' : 'not evaluated';
  if (reasons.length === 1) return [`${INDENT}${word}: ${reasons[0]}`];
  return [`${INDENT}${word}, because:`, ...reasons.map((r) => `${INDENT.repeat(2)}- ${r}`)];
}

/** Each sampled unit of a table rule with an outcome: id, levels, own line, its values and message. */
function unitSampleLines(units: UnitEvidence, outcome: 'failed' | 'notEvaluated'): string[] {
  const listed = units.sample.filter((u) => u.outcome === outcome);
  if (listed.length === 0) return [];
  const total = outcome === 'failed' ? units.failed : units.notEvaluated;
  const lines = [
    `${INDENT}${outcome === 'failed' ? 'failed units' : 'units not evaluated'} (${sampled(listed.length, total)}):`,
  ];
  for (const u of listed) {
    const levels = u.levels.length > 0 ? ` (${u.levels.join(' / ')})` : '';
    lines.push(`${INDENT.repeat(2)}${u.unit}${levels}, line ${u.line}:`);
    for (const [k, v] of Object.entries(u.values)) lines.push(`${INDENT.repeat(3)}${k} = ${shown(v)}`);
    // A unit's message says why it could not be checked after its label, which the line above gives already.
    const why = u.message.replace(`Not evaluated for unit ${u.unit} (line ${u.line}): `, '');
    lines.push(`${INDENT.repeat(3)}${outcome === 'failed' ? 'message' : 'why'}: ${why}`);
  }
  return lines;
}

/**
 * One subject's outcome: the verdict (with its reasons), its fact values, each condition's result in the rule's
 * all/any/not tree, and the message. A rule on the rows of a precinct table has one subject per table: its unit
 * counts, and the sampled units that failed or could not be checked, each with its own line and values.
 */
export function outcomeLines(
  o: RuleOutcome,
  conditionTree: Condition,
  message: string | undefined,
): string[] {
  const lines = [`${o.subject.id}  (${o.subject.label})`, ...verdictLines(o)];
  const units = o.evidence?.units;
  const conditions = o.evidence?.conditions ?? [];
  const byPointer = new Map(conditions.map((c) => [c.pointer, c]));
  if (units) {
    lines.push(
      `${INDENT}units of table ${units.table} (${units.file}): ${units.passed} passed, ${units.failed} failed, ` +
        `${units.notEvaluated} not evaluated (${units.checked} checked), ${units.skipped} skipped`,
      ...unitSampleLines(units, 'failed'),
      ...unitSampleLines(units, 'notEvaluated'),
    );
    // The conditions recorded are those of the first unit listed (table-run.ts explains it first).
    const first = units.sample[0];
    if (first && conditions.length > 0) {
      lines.push(`${INDENT}conditions, on unit ${first.unit} (line ${first.line}):`);
      lines.push(...resultLines(conditionTree, byPointer, 2).lines);
    }
  } else {
    const values = Object.entries(o.evidence?.values ?? {});
    if (values.length > 0) {
      lines.push(`${INDENT}values:`);
      for (const [k, v] of values) lines.push(`${INDENT.repeat(2)}${k} = ${shown(v)}`);
    }
    if (conditions.length > 0) {
      lines.push(`${INDENT}conditions:`);
      lines.push(...resultLines(conditionTree, byPointer, 2).lines);
    }
  }
  if (message) lines.push(`${INDENT}message: ${message}`);
  return lines;
}

/**
 * The count line over a dataset's subjects. A rule on the rows of precinct tables has one subject per table, so it
 * counts units over the tables (a table the rule skipped whole is counted apart), not the per-table subjects.
 */
export function countLine(file: string, scope: string, outcomes: readonly RuleOutcome[]): string {
  const counts = { passed: 0, failed: 0, notEvaluated: 0, skipped: 0 };
  const perTable = scope === 'unit';
  let tables = 0;
  let tablesSkipped = 0;
  for (const o of outcomes) {
    const units = o.evidence?.units;
    if (!perTable) counts[o.outcome] += 1;
    else if (units) {
      tables += 1;
      for (const k of ['passed', 'failed', 'notEvaluated', 'skipped'] as const) counts[k] += units[k];
    } else tablesSkipped += 1;
  }
  const list = `${counts.passed} passed, ${counts.failed} failed, ${counts.notEvaluated} not evaluated, ${counts.skipped} skipped`;
  if (!perTable) return `On ${file}: ${outcomes.length} ${scope} subject(s): ${list}`;
  const total = counts.passed + counts.failed + counts.notEvaluated + counts.skipped;
  const skippedWhole = tablesSkipped > 0 ? `; ${tablesSkipped} table(s) skipped whole` : '';
  if (tables === 0) return `On ${file}: ${tablesSkipped} table(s), each skipped whole`;
  return `On ${file}: ${total} unit(s) in ${tables} table(s): ${list}${skippedWhole}`;
}
