/** Runs a rule pack over a dataset: each rule once per subject of its scope, in a fixed order. */
import { createHash } from 'node:crypto';
import type { Engine } from 'json-rules-engine';
import { isMissing } from '../facts/define.js';
import type { LoadedRule } from '../load/rules.js';
import { printable } from '../printable.js';
import type { Finding, RuleOutcome, SourceRef } from '../schema/report.js';
import { buildEngine, type Evaluation, evaluateDirect, evaluateRule, type Measurer } from './evaluate.js';
import { renderMessage } from './message.js';
import { type DatasetContext, type Subject, subjectsOf } from './subjects.js';

/** Adds the source sentence and publisher to a figure's provenance. */
export type SourceDecorator = (ref: SourceRef) => SourceRef;

/** Everything a run produces, in report order. */
export interface RunResult {
  outcomes: RuleOutcome[];
  findings: Finding[];
}

/** Options of a run. */
export interface RunOptions {
  decorate?: SourceDecorator;
  /** The line and column of a JSON pointer in the dataset file, when known. */
  locate?: (pointer: string) => { line: number; column: number } | undefined;
  /** Called after each rule, for progress reporting. */
  onRule?: (ruleId: string, done: number, total: number) => void;
}

/** The fingerprint of a finding: stable for the same rule and subject across runs and machines. */
export function fingerprint(ruleId: string, subjectId: string): string {
  return createHash('sha256').update(`${ruleId}\u0000${subjectId}`).digest('hex');
}

/**
 * How many subjects of each outcome (passed, failed ...) a rule evaluates both directly and with
 * json-rules-engine, which must agree (evaluateSubject): as many as a rule's sample of units holds (table-run.ts).
 */
export const CHECKED_PER_OUTCOME = 10;

/**
 * Evaluates every rule on every subject of its scope, directly (evaluateDirect), the first subjects of each
 * outcome also with json-rules-engine as a check.
 */
export async function runRules(
  rules: LoadedRule[],
  ctx: DatasetContext,
  options: RunOptions = {},
): Promise<RunResult> {
  const outcomes: RuleOutcome[] = [];
  const findings: Finding[] = [];
  const subjectCache = new Map<string, Subject[]>();
  let done = 0;
  for (const loaded of rules) {
    const { rule } = loaded;
    const scope = rule.meta.scope;
    let subjects = subjectCache.get(scope);
    if (!subjects) {
      subjects = subjectsOf(scope, ctx);
      subjectCache.set(scope, subjects);
    }
    const engine = buildEngine(loaded);
    const checked = new Map<string, number>();
    const check = (outcome: string) => {
      const n = (checked.get(outcome) ?? 0) + 1;
      checked.set(outcome, n);
      return n <= CHECKED_PER_OUTCOME;
    };
    for (const subject of subjects) {
      const { outcome, finding } = await evaluateSubject(loaded, engine, subject, ctx, options, check);
      outcomes.push(outcome);
      if (finding) findings.push(finding);
    }
    done += 1;
    options.onRule?.(rule.id, done, rules.length);
  }
  return { outcomes, findings };
}

/**
 * Evaluates one rule on one subject: its outcome, and the finding when it failed or could not be evaluated.
 * Without `check`, with json-rules-engine. With it, directly (evaluateDirect, the engine's result without its
 * run: a level of a table has hundreds of subjects, a finding on many of them); when `check` says so for the
 * outcome, the engine evaluates the subject too, and a difference in the result, the conditions' evidence or
 * the facts measured (and their order) is an internal error. A rule the direct evaluation declines (a condition
 * with a priority, a throw) goes to the engine.
 */
export async function evaluateSubject(
  loaded: LoadedRule,
  engine: Engine,
  subject: Subject,
  ctx: DatasetContext,
  options: RunOptions = {},
  check?: (outcome: RuleOutcome['outcome']) => boolean,
): Promise<{ outcome: RuleOutcome; finding?: Finding }> {
  if (check) {
    const direct = evaluateDirect(loaded, subject, ctx);
    if (direct) {
      const settled = settle(loaded, subject, direct, options);
      if (!check(settled.outcome.outcome)) return settled;
      const viaEngine = await evaluateRule(engine, subject, ctx);
      if (evaluationJson(viaEngine) === evaluationJson(direct)) return settled;
      const cut = (json: string) => (json.length > 1000 ? `${json.slice(0, 1000)}...` : json);
      throw new Error(
        `rule ${loaded.rule.id} on ${subject.id}: the direct evaluation and json-rules-engine's differ ` +
          `(engine: ${cut(evaluationJson(viaEngine))}; direct: ${cut(evaluationJson(direct))})`,
      );
    }
  }
  return settle(loaded, subject, await evaluateRule(engine, subject, ctx), options);
}

/** An evaluation as JSON, for comparing two: the order of keys and of the facts measured counts. */
export function evaluationJson(e: Evaluation): string {
  return JSON.stringify({
    result: e.result,
    conditions: e.conditions,
    error: e.error,
    measured: e.measured.map((u) => ({ fact: u.fact, params: u.params, measurement: u.measurement })),
  });
}

/** The outcome (and finding) of a rule's evaluation on a subject, with its evidence facts measured. */
function settle(
  loaded: LoadedRule,
  subject: Subject,
  evaluation: Evaluation & { measurer: Measurer },
  options: RunOptions,
): { outcome: RuleOutcome; finding?: Finding } {
  const { rule } = loaded;
  // Only the facts the conditions compared decide whether the rule applies; extra evidence facts are
  // measured afterwards so the message and the report can show them, and a missing one reads "unknown".
  const compared = new Set(evaluation.measurer.measured.values());
  for (const e of rule.meta.evidence) evaluation.measurer.measure(e.fact, e.params);
  const measured = [...evaluation.measurer.measured.values()];
  const values: Record<string, unknown> = {};
  const details: Record<string, unknown> = {};
  const sources = new Map<string, SourceRef>();
  const notApplicable: string[] = [];
  const unknown: string[] = [];
  const assumed: string[] = [];
  for (const use of measured) {
    const m = use.measurement;
    if (isMissing(m)) {
      if (compared.has(use))
        (m.missing === 'notApplicable' ? notApplicable : unknown).push(`${use.fact}: ${m.reason}`);
      continue;
    }
    if (m.assumption !== undefined && compared.has(use)) {
      assumed.push(
        `${use.fact} rests on an assumption (${m.assumption}): a check passed on it is inconclusive`,
      );
    }
    if (!Object.hasOwn(values, use.fact)) values[use.fact] = m.value;
    if (m.detail && !Object.hasOwn(details, use.fact)) details[use.fact] = m.detail;
    for (const s of m.sources ?? []) {
      if (!sources.has(s.pointer)) {
        // The line of the figure's value, where a reviewer reads the number (positions fall back to the figure).
        const ref = { ...s, ...options.locate?.(`${s.pointer}/value`) };
        sources.set(s.pointer, options.decorate ? options.decorate(ref) : ref);
      }
    }
  }
  // Labels and messages quote inputs (names, ids): shown, they hold no control character (printable.ts).
  const subjectRef = {
    kind: subject.kind,
    id: subject.id,
    label: printable(subject.label),
    pointer: subject.pointer,
    ...options.locate?.(subject.pointer),
  };
  let outcome: RuleOutcome['outcome'];
  let reasons: string[] | undefined;
  if (notApplicable.length > 0) {
    outcome = 'skipped';
    reasons = notApplicable;
  } else if (evaluation.error !== undefined) {
    outcome = 'notEvaluated';
    reasons = [`the rule could not be run: ${evaluation.error}`];
  } else if (evaluation.result === null) {
    outcome = 'notEvaluated';
    reasons = [
      ...unknown,
      ...evaluation.conditions
        .filter((c) => c.result === null && c.reason)
        .map((c) => `${c.fact}: ${c.reason}`),
    ].filter((r, i, all) => all.indexOf(r) === i);
  } else if (!evaluation.result && assumed.length > 0) {
    // A breach found on an assumed figure stands (the message says what was assumed); a pass does not.
    outcome = 'notEvaluated';
    reasons = assumed.filter((r, i, all) => all.indexOf(r) === i);
  } else {
    outcome = evaluation.result ? 'failed' : 'passed';
  }
  reasons = reasons?.map(printable);
  const evidence = { conditions: evaluation.conditions, values, details };
  const sourceList = [...sources.values()];
  const message =
    outcome === 'failed' || outcome === 'notEvaluated'
      ? printable(
          renderMessage(
            rule.meta.message,
            { subject: subject.label, ...subject.names },
            values,
            new Set(measured.map((u) => u.fact)),
          ),
        )
      : undefined;
  const entry: RuleOutcome = {
    ruleId: rule.id,
    subject: subjectRef,
    outcome,
    ...(reasons ? { reasons } : {}),
    ...(outcome !== 'skipped' ? { evidence, sources: sourceList } : {}),
  };
  if (outcome !== 'failed' && outcome !== 'notEvaluated') return { outcome: entry };
  return {
    outcome: entry,
    finding: {
      fingerprint: fingerprint(rule.id, subject.id),
      ruleId: rule.id,
      severity: rule.meta.severity,
      outcome,
      subject: subjectRef,
      message:
        outcome === 'failed'
          ? (message as string)
          : `Not evaluated for ${subjectRef.label}: ${reasons?.join('; ') ?? 'unknown reason'}`,
      ...(reasons ? { reasons } : {}),
      evidence,
      sources: sourceList,
      rule: { file: loaded.file, pointer: '/conditions' },
    },
  };
}
