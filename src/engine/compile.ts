/**
 * Compiles a rule's conditions into a plain function with the same three-valued reading as the engine path
 * (evaluate.ts): used where a rule runs on many subjects (precinct rows), with json-rules-engine kept for the
 * few subjects whose findings need an explanation.
 */

import { isMissing } from '../facts/define.js';
import { factsById } from '../facts/index.js';
import { operatorsByName } from '../operators/index.js';
import type { Outcome } from '../schema/report.js';
import type { Condition, LeafCondition, RuleFile } from '../schema/rule.js';
import type { DatasetContext, Subject } from './subjects.js';

/** What a compiled rule gives for one subject. */
export type CompiledRule = (subject: Subject, ctx: DatasetContext) => Outcome;

/** State of one evaluation: whether a compared fact did not apply to the subject. */
interface State {
  notApplicable: boolean;
}

type Node = (subject: Subject, ctx: DatasetContext, state: State) => boolean | null;
/** A side of a comparison: its value, or NOT_A_VALUE. */
type Side = (subject: Subject, ctx: DatasetContext, state: State) => unknown;

// A marker no fact can return, rather than an { ok, value } wrapper: sides run for every leaf of every rule on
// every precinct row, and the wrappers were a good part of what the garbage collector had to sweep.
const NOT_A_VALUE: unique symbol = Symbol('not a value');

/** Follows a dotted path through own properties, as the engine's path resolver does. */
function pathOf(path: string | undefined): ((value: unknown) => unknown) | null {
  if (!path) return null;
  const keys = path.replace(/^\$\.?/, '').split('.');
  return (value) => {
    let node = value;
    for (const key of keys) {
      if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return NOT_A_VALUE;
      node = (node as Record<string, unknown>)[key];
    }
    return node;
  };
}

function compileFact(
  fact: string,
  rawParams: Record<string, unknown> | undefined,
  path: string | undefined,
): Side {
  const definition = factsById.get(fact);
  if (!definition) throw new Error(`unknown fact "${fact}"`);
  // Parameters are parsed once here (defaults applied), not once per subject.
  const params = definition.params ? definition.params.parse(rawParams ?? {}) : {};
  const follow = pathOf(path);
  return (subject, ctx, state) => {
    const m = definition.compute(subject as never, params, ctx);
    if (isMissing(m)) {
      if (m.missing === 'notApplicable') state.notApplicable = true;
      return NOT_A_VALUE;
    }
    return follow ? follow(m.value) : m.value;
  };
}

function compileLeaf(leaf: LeafCondition): Node {
  const op = operatorsByName.get(leaf.operator);
  if (!op) throw new Error(`unknown operator "${leaf.operator}"`);
  const left = compileFact(leaf.fact, leaf.params, leaf.path);
  const v = leaf.value;
  const right: Side =
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? compileFact(v.fact, v.params, v.path)
      : () => v;
  return (subject, ctx, state) => {
    // Both sides are measured, as the engine does, so a side that does not apply is always noticed.
    const a = left(subject, ctx, state);
    const b = right(subject, ctx, state);
    if (a === NOT_A_VALUE || b === NOT_A_VALUE || op.accepts(a, b) !== null) return null;
    return op.evaluate(a, b);
  };
}

function compileNode(c: Condition): Node {
  if ('all' in c) {
    const parts = c.all.map(compileNode);
    return (s, ctx, st) => {
      let unknown = false;
      let isFalse = false;
      for (const p of parts) {
        const r = p(s, ctx, st);
        if (r === false) isFalse = true;
        else if (r === null) unknown = true;
      }
      return isFalse ? false : unknown ? null : true;
    };
  }
  if ('any' in c) {
    const parts = c.any.map(compileNode);
    return (s, ctx, st) => {
      let unknown = false;
      let isTrue = false;
      for (const p of parts) {
        const r = p(s, ctx, st);
        if (r === true) isTrue = true;
        else if (r === null) unknown = true;
      }
      return isTrue ? true : unknown ? null : false;
    };
  }
  if ('not' in c) {
    const inner = compileNode(c.not);
    return (s, ctx, st) => {
      const r = inner(s, ctx, st);
      return r === null ? null : !r;
    };
  }
  return compileLeaf(c);
}

/**
 * Compiles a rule. Every leaf is evaluated (no short-circuit), like the engine within one priority; outcomes
 * follow the runner: a compared fact that does not apply skips the subject, an undecided tree is "not
 * evaluated", a holding violation "failed".
 */
export function compileRule(rule: RuleFile): CompiledRule {
  const root = compileNode(rule.conditions as Condition);
  // One state per compiled rule, reset per subject: an evaluation is synchronous and never nested.
  const state: State = { notApplicable: false };
  return (subject, ctx) => {
    state.notApplicable = false;
    const r = root(subject, ctx, state);
    if (state.notApplicable) return 'skipped';
    return r === null ? 'notEvaluated' : r ? 'failed' : 'passed';
  };
}
