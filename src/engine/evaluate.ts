/** Evaluates one rule on one subject with json-rules-engine, and reads its result in three-valued logic. */
import { Engine } from 'json-rules-engine';
import { isMissing, type Measurement } from '../facts/define.js';
import { factsById } from '../facts/index.js';
import { factUses, type LoadedRule } from '../load/rules.js';
import { type OperatorDefinition, operators, operatorsByName } from '../operators/index.js';
import type { ConditionEvidence } from '../schema/report.js';
import { missingReason, missingValue } from './missing.js';
import type { DatasetContext, Subject } from './subjects.js';

/** One fact measured for one subject with the parameters a rule gave it. */
export interface MeasuredUse {
  fact: string;
  params: Record<string, unknown>;
  measurement: Measurement;
}

/** What evaluating one rule on one subject gives, before it becomes a report entry. */
export interface Evaluation {
  /** true: the violation holds (a finding); false: it does not; null: it could not be decided. */
  result: boolean | null;
  conditions: ConditionEvidence[];
  measured: MeasuredUse[];
  error?: string;
}

/** Measures facts for one subject, each (fact, params) once. */
export class Measurer {
  readonly measured = new Map<string, MeasuredUse>();
  constructor(
    private readonly subject: Subject,
    private readonly ctx: DatasetContext,
  ) {}

  measure(factId: string, rawParams: Record<string, unknown> | undefined): MeasuredUse {
    const key = `${factId}\u0000${stableJson(rawParams ?? {})}`;
    const known = this.measured.get(key);
    if (known) return known;
    const fact = factsById.get(factId);
    let measurement: Measurement;
    let params: Record<string, unknown> = rawParams ?? {};
    if (!fact) {
      measurement = { missing: 'unknown', reason: `unknown fact "${factId}"` };
    } else {
      // Parameters were validated when the rule was loaded; parsing again applies the defaults.
      params = fact.params ? (fact.params.parse(params) as Record<string, unknown>) : {};
      measurement = fact.compute(this.subject, params, this.ctx);
    }
    const use = { fact: factId, params, measurement };
    this.measured.set(key, use);
    return use;
  }
}

/** JSON with sorted keys, for cache keys and hashes. */
export function stableJson(x: unknown): string {
  if (x === null || typeof x !== 'object') return JSON.stringify(x) ?? 'null';
  if (Array.isArray(x)) return `[${x.map(stableJson).join(',')}]`;
  const o = x as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .filter((k) => o[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
    .join(',')}}`;
}

/** Plain property access for condition `path`s; JSONPath is never evaluated. */
function resolvePath(value: unknown, path: string): unknown {
  if (missingReason(value) !== null) return value;
  let node = value;
  for (const key of path.replace(/^\$\.?/, '').split('.')) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) {
      return missingValue(`the fact value has no "${path}"`);
    }
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** The measurer of the run under way on each engine (one at a time: see buildEngine), which its facts read. */
const running = new WeakMap<Engine, { measurer: Measurer | undefined }>();

/**
 * Builds the engine for one rule. Each rule gets its own Engine and runs are awaited one after another:
 * concurrent run() calls on one Engine drop results (see ../shared/notes/json-rules-engine.md), and
 * evaluateRule refuses one. The facts read the subject's Measurer from the engine's slot, synchronously: as a
 * runtime fact it cost an almanac lookup (hashing its parameters for the cache key) and a promise per fact.
 */
export function buildEngine(loaded: LoadedRule): Engine {
  const engine = new Engine([], { allowUndefinedFacts: false, pathResolver: resolvePath });
  const slot: { measurer: Measurer | undefined } = { measurer: undefined };
  running.set(engine, slot);
  for (const op of operators) {
    // Operands the operator does not accept make the comparison false here; the result is then read as
    // "not evaluated" by evaluateRule, never as passed.
    engine.addOperator(op.name, (a: unknown, b: unknown) => op.accepts(a, b) === null && op.evaluate(a, b));
  }
  const { rule } = loaded;
  // Only the facts the rule names: engine.run adds every fact of its engine to a new almanac, and adding all
  // the registry's (over a hundred) took 30-40 ms of a million-row audit's 12,000 runs on level subjects.
  // Loading has rejected rules naming unknown facts; one that got here would fail its run ("undefined fact")
  // and be reported as not evaluated, as before.
  const named = new Set(factUses(rule).map((u) => u.fact));
  for (const id of factsById.keys()) {
    if (!named.has(id)) continue;
    // Uncached in the almanac: the Measurer caches each fact by its parameters already, and the almanac's cache
    // hashed the parameters twice on every lookup (a profile of a 1M-row audit: 17 ms in hash-it).
    engine.addFact(
      id,
      (params: Record<string, unknown> | undefined) => {
        const measurer = slot.measurer;
        if (!measurer) throw new Error(`fact ${id} asked for outside a run of its rule`);
        const { measurement } = measurer.measure(id, params);
        return isMissing(measurement) ? missingValue(measurement.reason) : measurement.value;
      },
      { cache: false },
    );
  }
  engine.addRule({
    name: rule.id,
    conditions: rule.conditions as never,
    event: rule.event as never,
    ...(rule.priority ? { priority: rule.priority } : {}),
  });
  return engine;
}

interface EngineCondition {
  all?: EngineCondition[];
  any?: EngineCondition[];
  not?: EngineCondition;
  fact?: string;
  operator?: string;
  value?: unknown;
  params?: Record<string, unknown>;
  path?: string;
  factResult?: unknown;
  valueResult?: unknown;
  result?: boolean;
}

/** Runs one rule's engine on one subject. */
export async function evaluateRule(
  engine: Engine,
  subject: Subject,
  ctx: DatasetContext,
): Promise<Evaluation & { measurer: Measurer }> {
  const measurer = new Measurer(subject, ctx);
  const slot = running.get(engine);
  if (!slot) throw new Error('evaluateRule: the engine was not built by buildEngine');
  if (slot.measurer)
    throw new Error('evaluateRule: a run of this rule is already under way (runs are sequential)');
  let outcome: { results: { conditions: unknown }[]; failureResults: { conditions: unknown }[] };
  slot.measurer = measurer;
  try {
    outcome = (await engine.run()) as never;
  } catch (error) {
    return {
      result: null,
      conditions: [],
      measured: [...measurer.measured.values()],
      measurer,
      error: String(error),
    };
  } finally {
    slot.measurer = undefined;
  }
  const ruleResult = outcome.results[0] ?? outcome.failureResults[0];
  const conditions: ConditionEvidence[] = [];
  const result = ruleResult
    ? readTree(ruleResult.conditions as EngineCondition, '/conditions', conditions, measurer)
    : null;
  return { result, conditions, measured: [...measurer.measured.values()], measurer };
}

/** A rule's conditions as its file gives them (validated by RuleFileSchema). */
type RuleCondition = {
  all?: RuleCondition[];
  any?: RuleCondition[];
  not?: RuleCondition;
  fact?: string;
  operator?: string;
  value?: unknown;
  params?: Record<string, unknown>;
  path?: string;
  priority?: number;
};

/** Whether a condition's value names another fact ({ fact, params?, path? }), as json-rules-engine reads it. */
function isFactRef(
  value: unknown,
): value is { fact: string; params?: Record<string, unknown>; path?: string } {
  return value !== null && typeof value === 'object' && Object.hasOwn(value, 'fact');
}

/** Whether {@link evaluateDirect} gives what the engine gives for a rule: true unless a condition has a priority. */
function directEvaluable(c: RuleCondition): boolean {
  if (c.all) return c.all.every(directEvaluable);
  if (c.any) return c.any.every(directEvaluable);
  if (c.not) return directEvaluable(c.not);
  return c.priority === undefined && (c.operator === undefined || operatorsByName.has(c.operator));
}

const evaluableRules = new WeakMap<LoadedRule, boolean>();

/**
 * Evaluates one rule on one subject without json-rules-engine, with the same result: the tree of fact values,
 * values and leaf results that an engine run (buildEngine, evaluateRule) leaves, read by the same readTree,
 * and the facts measured in the order the engine measures them. The engine evaluates every condition of a
 * node (they share one priority) and measures a leaf's facts (the compared value's, then its own) when it
 * reaches the leaf: at once under a node of one condition, a microtask later under a node of several; the
 * queue below keeps that order. Null when the rule has a condition with a priority (the engine then evaluates
 * by priority groups and may stop early), or when measuring or comparing throws (the engine's run reports that).
 * Why: a table's level subjects are hundreds, and an engine run deep-clones the conditions into its result and
 * makes a promise chain of every node of several conditions; rules 2 to 6 of the arithmetic pack on a 1M-row
 * table's 511 level subjects took 60 ms with the engine run on 10 subjects a rule and outcome (as the runner,
 * run.ts, does to check this function), 72 ms with it run on every finding, 88 ms on every subject (medians
 * of 8 to 10 runs).
 */
export function evaluateDirect(
  loaded: LoadedRule,
  subject: Subject,
  ctx: DatasetContext,
): (Evaluation & { measurer: Measurer }) | null {
  const root = loaded.rule.conditions as RuleCondition;
  let evaluable = evaluableRules.get(loaded);
  if (evaluable === undefined) {
    evaluable = directEvaluable(root);
    evaluableRules.set(loaded, evaluable);
  }
  if (!evaluable) return null;
  const measurer = new Measurer(subject, ctx);
  const read = (fact: string, params: Record<string, unknown> | undefined, path: string | undefined) => {
    const { measurement } = measurer.measure(fact, params);
    const value = isMissing(measurement) ? missingValue(measurement.reason) : measurement.value;
    // As the engine's almanac: the path resolver only for an object value.
    return path && value !== null && typeof value === 'object' ? resolvePath(value, path) : value;
  };
  // Nodes of several conditions wait here, with the result nodes their children fill, in the engine's order.
  const queue: { list: RuleCondition[]; children: EngineCondition[] }[] = [];
  const visit = (c: RuleCondition): EngineCondition => {
    const list = c.all ?? c.any;
    if (list) {
      const children: EngineCondition[] = [];
      if (list.length === 1) children.push(visit(list[0] as RuleCondition));
      else queue.push({ list, children });
      return c.all ? { all: children } : { any: children };
    }
    if (c.not) return { not: visit(c.not) };
    const value = c.value;
    const valueResult = isFactRef(value) ? read(value.fact, value.params, value.path) : value;
    const factResult = read(c.fact as string, c.params, c.path);
    const op = operatorsByName.get(c.operator as string) as OperatorDefinition;
    const result = op.accepts(factResult, valueResult) === null && op.evaluate(factResult, valueResult);
    const node: EngineCondition = {
      fact: c.fact as string,
      operator: op.name,
      value,
      factResult,
      valueResult,
      result,
    };
    if (c.params) node.params = c.params;
    if (c.path) node.path = c.path;
    return node;
  };
  let tree: EngineCondition;
  try {
    tree = visit(root);
    for (let i = 0; i < queue.length; i++) {
      const { list, children } = queue[i] as (typeof queue)[number];
      for (const c of list) children.push(visit(c));
    }
  } catch {
    return null;
  }
  const conditions: ConditionEvidence[] = [];
  const result = readTree(tree, '/conditions', conditions, measurer);
  return { result, conditions, measured: [...measurer.measured.values()], measurer };
}

/**
 * Why a side of a condition read through a `path` has no value when the fact's value is not an object, else
 * null. json-rules-engine skips its path resolver for a value that is not an object and compares the value
 * itself (`ballotExcess` with path "value" compared -2.5); a path that leads nowhere is missing here, as in
 * resolvePath and the compiled rules (codegen.ts).
 */
function pathOnScalar(
  measurer: Measurer,
  fact: string | undefined,
  params: Record<string, unknown> | undefined,
  path: string | undefined,
): string | null {
  if (!path || fact === undefined) return null;
  const { measurement } = measurer.measure(fact, params);
  if (isMissing(measurement)) return null;
  const v = measurement.value;
  return v !== null && typeof v === 'object' ? null : `the fact value has no "${path}"`;
}

/** Kleene logic over the evaluated tree: a leaf that could not be compared is unknown (null). */
function readTree(
  c: EngineCondition,
  pointer: string,
  out: ConditionEvidence[],
  measurer: Measurer,
): boolean | null {
  if (c.all) {
    const rs = c.all.map((x, i) => readTree(x, `${pointer}/all/${i}`, out, measurer));
    return rs.includes(false) ? false : rs.includes(null) ? null : true;
  }
  if (c.any) {
    const rs = c.any.map((x, i) => readTree(x, `${pointer}/any/${i}`, out, measurer));
    return rs.includes(true) ? true : rs.includes(null) ? null : false;
  }
  if (c.not) {
    const r = readTree(c.not, `${pointer}/not`, out, measurer);
    return r === null ? null : !r;
  }
  const valueIsFact = c.value !== null && typeof c.value === 'object' && !Array.isArray(c.value);
  const valueResult = valueIsFact ? c.valueResult : (c.valueResult ?? c.value);
  let reason: string | null = null;
  let result: boolean | null;
  if (!('factResult' in c)) {
    reason = 'not reached: decided by a condition of higher priority';
    result = null;
  } else {
    const valueRef = valueIsFact
      ? (c.value as { fact: string; params?: Record<string, unknown>; path?: string })
      : undefined;
    reason =
      missingReason(c.factResult) ??
      missingReason(valueResult) ??
      pathOnScalar(measurer, c.fact, c.params, c.path) ??
      pathOnScalar(measurer, valueRef?.fact, valueRef?.params, valueRef?.path);
    const op = operatorsByName.get(c.operator ?? '');
    // A constant the operator refuses is the rule's fault, not the data's: the reason names it.
    const valueSide = valueIsFact ? undefined : `the rule's value at ${pointer}/value`;
    if (reason === null)
      reason = op ? op.accepts(c.factResult, valueResult, valueSide) : `unknown operator "${c.operator}"`;
    result = reason === null ? c.result === true : null;
  }
  const clean = (x: unknown) => (missingReason(x) !== null ? null : x);
  out.push({
    pointer,
    fact: c.fact ?? '',
    ...(c.params && Object.keys(c.params).length > 0 ? { params: c.params } : {}),
    ...(c.path ? { path: c.path } : {}),
    operator: c.operator ?? '',
    factValue: clean(c.factResult),
    value: clean(valueResult),
    ...(valueIsFact ? valueFactOf(c.value as { fact: string; params?: Record<string, unknown> }) : {}),
    result,
    ...(reason !== null ? { reason } : {}),
  });
  return result;
}

function valueFactOf(ref: { fact: string; params?: Record<string, unknown> }) {
  return {
    valueFact: ref.fact,
    ...(ref.params && Object.keys(ref.params).length > 0 ? { valueParams: ref.params } : {}),
  };
}
