/**
 * Compiles a rule's conditions into a plain function with the same three-valued reading as the engine path
 * (evaluate.ts): used where a rule runs on many subjects (precinct rows), with json-rules-engine kept for the
 * few subjects whose findings need an explanation. A single rule is a rule set of one (codegen.ts), so the
 * property test of this function covers the generated code the table pass runs.
 */

import type { Outcome } from '../schema/report.js';
import type { RuleFile } from '../schema/rule.js';
import { compileRuleSet, OUTCOMES } from './codegen.js';
import type { DatasetContext, Subject } from './subjects.js';

export {
  compileRuleSet,
  OUTCOME_CODE,
  OUTCOMES,
  type RuleSetFunction,
  type RuleSetProgram,
} from './codegen.js';

/** What a compiled rule gives for one subject. */
export type CompiledRule = (subject: Subject, ctx: DatasetContext) => Outcome;

/**
 * Compiles a rule. Every leaf is evaluated (no short-circuit), like the engine within one priority; outcomes
 * follow the runner: a compared fact that does not apply skips the subject, an undecided tree is "not
 * evaluated", a holding violation "failed".
 */
export function compileRule(rule: RuleFile): CompiledRule {
  const { run } = compileRuleSet([rule]);
  // One output per compiled rule, reused per subject: an evaluation is synchronous and never nested.
  const out = new Uint8Array(1);
  const counts = new Float64Array(4);
  return (subject, ctx) => {
    run(subject, ctx, out, counts);
    return OUTCOMES[out[0] as number] as Outcome;
  };
}
