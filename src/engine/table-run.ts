/**
 * The streaming pass over precinct tables: each row once, every unit rule on it through compiled conditions,
 * totals and columns accumulated for the level and screening rules, and json-rules-engine re-run only on the
 * few units a finding lists, to explain them.
 */
import type { Engine } from 'json-rules-engine';
import type { LoadedRule } from '../load/rules.js';
import { TableAggregate, type TableInfo } from '../precinct/aggregate.js';
import { newReadStats } from '../precinct/problems.js';
import { type ReadStats, readUnitBatches, TABLE_PASS_READ, type Unit } from '../precinct/read.js';
import { printable } from '../printable.js';
import type { Finding, RuleOutcome, UnitEvidence } from '../schema/report.js';
import { compileRuleSet, OUTCOME_CODE, OUTCOMES, type RuleSetProgram } from './codegen.js';
import { buildEngine } from './evaluate.js';
import { evaluateSubject, fingerprint, type RunOptions } from './run.js';
import type { DatasetContext, SubjectOf } from './subjects.js';
import { UnitRowSubject } from './unit-view.js';

/** Units listed per rule and outcome in a finding. */
export const SAMPLE_CAP = 10;

/** A table after its pass: what was read, and the aggregate the other rules run on. */
export interface TablePass {
  aggregate: TableAggregate;
  stats: ReadStats;
}

/** Options of the table pass. */
export interface TableRunOptions extends RunOptions {
  /** Called after each batch of rows with the reader's running counters. */
  onProgress?: (table: TableInfo, stats: ReadStats) => void;
  /** Keep the per-unit columns the statistical screens read (default true; see AggregateOptions). */
  unitColumns?: boolean;
  /** Units whose columns stay in memory, the rest going to a temporary file (see AggregateOptions). */
  residentUnits?: number;
  /** Called when a table's statistical screens start on two threads (large tables), with its units and tests. */
  onScreens?: (table: TableInfo, units: number, tests: number) => void;
}

interface RuleState {
  loaded: LoadedRule;
  engine: Engine;
  evidence: UnitEvidence;
  firstFinding?: Finding;
  /** Whether the sample of failed / not-evaluated units is full (it only grows, so once full, for good). */
  fullFailed: boolean;
  fullNotEvaluated: boolean;
}

/** The subject of one unit. */
export function unitSubject(table: TableInfo, unit: Unit): SubjectOf<'unit'> {
  return {
    kind: 'unit',
    id: `table:${table.entry.id}/unit:${unit.id}`,
    label: `unit ${unit.id} (line ${unit.line})`,
    pointer: `/precincts/${table.index}`,
    names: { table: table.entry.id, unit: unit.id, levels: unit.levels.join(' / ') || 'no levels mapped' },
    table,
    unit,
  };
}

/**
 * Reads each table once, runs the unit rules on every unit, fills `ctx.tables` with the aggregates, and
 * returns one outcome (and at most one finding) per unit rule and table.
 */
export async function runTables(
  unitRules: LoadedRule[],
  tables: TableInfo[],
  ctx: DatasetContext,
  options: TableRunOptions = {},
): Promise<{ outcomes: RuleOutcome[]; findings: Finding[]; passes: TablePass[] }> {
  const outcomes: RuleOutcome[] = [];
  const findings: Finding[] = [];
  const passes: TablePass[] = [];
  // All unit rules in one generated function (codegen.ts): per row, one call that writes each rule's
  // outcome into `out` and counts it in `counts` (four per rule, by OUTCOME_CODE). Compiled at the first
  // table, as each rule was before, and shared by the tables.
  let program: RuleSetProgram | undefined;
  const n = unitRules.length;
  const out = new Uint8Array(n);
  let flags = new Uint8Array(0);
  for (const table of tables) {
    program ??= compileRuleSet(unitRules.map((loaded) => loaded.rule));
    const { run, runBatch } = program;
    const counts = new Float64Array(4 * n);
    const aggregate = new TableAggregate(table, {
      columns: options.unitColumns ?? true,
      ...(options.residentUnits !== undefined ? { residentUnits: options.residentUnits } : {}),
    });
    const states: RuleState[] = unitRules.map((loaded) => ({
      loaded,
      engine: buildEngine(loaded),
      evidence: {
        table: table.entry.id,
        file: table.file,
        checked: 0,
        passed: 0,
        failed: 0,
        notEvaluated: 0,
        skipped: 0,
        sampleCap: SAMPLE_CAP,
        sample: [],
      },
      fullFailed: false,
      fullNotEvaluated: false,
    }));
    const view = new UnitRowSubject(table);
    const running = newReadStats(table.file);
    const batches = readUnitBatches(table.file, table.mapping, { ...TABLE_PASS_READ, stats: running });
    // Closed however the pass ends: a rule, a sample or a progress callback that throws must not leave the
    // reader's worker thread (or file handle) behind.
    let step = await batches.next();
    try {
      while (!step.done) {
        const batch = step.value;
        aggregate.addBatch(batch);
        if (flags.length < batch.size) flags = new Uint8Array(batch.size);
        // Every row at once (codegen.ts); the rows some rule failed or could not decide are flagged, and run
        // again one by one for the outcome of each rule, to be sampled in rule order while samples have room.
        const flagged = n > 0 ? runBatch(batch, view, ctx, counts, flags) : 0;
        if (flagged > 0 && !states.every((st) => st.fullFailed && st.fullNotEvaluated)) {
          const ignore = new Float64Array(4 * n);
          for (const i of flaggedRows(flags, batch.size, flagged)) {
            run(view.load(batch, i), ctx, out, ignore);
            for (let r = 0; r < n; r++) {
              const code = out[r];
              if (code !== OUTCOME_CODE.failed && code !== OUTCOME_CODE.notEvaluated) continue;
              const state = states[r] as RuleState;
              const outcome = code === OUTCOME_CODE.failed ? 'failed' : 'notEvaluated';
              if (outcome === 'failed' ? state.fullFailed : state.fullNotEvaluated) continue;
              if (hasRoom(state, outcome))
                await sample(state, outcome, unitSubject(table, batch.unit(i)), ctx, options);
              else if (outcome === 'failed') state.fullFailed = true;
              else state.fullNotEvaluated = true;
            }
          }
        }
        options.onProgress?.(table, running);
        step = await batches.next();
      }
    } finally {
      if (!step.done) {
        // A pass that threw: its aggregate is not kept, so its columns' temporary file goes now.
        aggregate.release();
        await batches.return(undefined as never);
      }
    }
    const stats = step.value;
    states.forEach((state, r) => countInto(state.evidence, counts, r));
    aggregate.read = stats;
    ctx.tables.push(aggregate);
    passes.push({ aggregate, stats });
    for (const state of states) {
      const { outcome, finding } = summarise(state, table, stats, options);
      outcomes.push(outcome);
      if (finding) findings.push(finding);
    }
  }
  return { outcomes, findings, passes };
}

/**
 * The rows of a batch with a flag set (`count` of them). A function of its own so that the pass's loop over
 * batches runs no loop over rows: V8 then never optimises runTables (a 1M-row audit compiled it twice in the
 * background, 55 and 32 ms, while both cores were busy with the pass).
 */
function flaggedRows(flags: Uint8Array, size: number, count: number): Int32Array {
  const rows = new Int32Array(count);
  let k = 0;
  for (let i = 0; i < size && k < count; i++) if (flags[i] !== 0) rows[k++] = i;
  return rows.subarray(0, k);
}

/** Copies rule r's outcome counts into its evidence. */
function countInto(e: UnitEvidence, counts: Float64Array, r: number): void {
  for (let code = 0; code < OUTCOMES.length; code++) {
    e[OUTCOMES[code] as keyof typeof OUTCOME_CODE] += counts[4 * r + code] as number;
  }
  e.checked += e.passed + e.failed + e.notEvaluated;
}

/** Whether the sample of a rule has room for another unit with this outcome. */
function hasRoom(state: RuleState, outcome: 'failed' | 'notEvaluated'): boolean {
  let n = 0;
  for (const s of state.evidence.sample) if (s.outcome === outcome) n++;
  return n < SAMPLE_CAP;
}

/** Explains a failing unit with the engine, while the sample for its outcome has room. */
async function sample(
  state: RuleState,
  outcome: 'failed' | 'notEvaluated',
  subject: SubjectOf<'unit'>,
  ctx: DatasetContext,
  options: RunOptions,
) {
  const e = state.evidence;
  if (!hasRoom(state, outcome)) return;
  const { finding } = await evaluateSubject(state.loaded, state.engine, subject, ctx, options);
  if (!finding) return;
  state.firstFinding ??= finding;
  e.sample.push({
    unit: subject.unit.id,
    line: subject.unit.line,
    levels: subject.unit.levels,
    outcome: finding.outcome,
    message: finding.message,
    values: finding.evidence.values,
  });
}

/** One outcome per rule and table, and a finding when any unit failed or could not be evaluated. */
function summarise(
  state: RuleState,
  table: TableInfo,
  stats: ReadStats,
  options: RunOptions,
): { outcome: RuleOutcome; finding?: Finding } {
  const { loaded, evidence: e } = state;
  const { rule } = loaded;
  const subject = {
    kind: 'unit' as const,
    id: `table:${table.entry.id}/units`,
    label: `units of ${table.entry.id}`,
    pointer: `/precincts/${table.index}`,
    ...options.locate?.(`/precincts/${table.index}`),
  };
  const verdict: RuleOutcome['outcome'] =
    e.failed > 0 ? 'failed' : e.notEvaluated > 0 ? 'notEvaluated' : e.passed > 0 ? 'passed' : 'skipped';
  const values = { unitsChecked: e.checked, unitsFailed: e.failed, unitsNotEvaluated: e.notEvaluated };
  const evidence = {
    conditions: state.firstFinding?.evidence.conditions ?? [],
    units: e,
    values,
    details: {},
  };
  const outcome: RuleOutcome = {
    ruleId: rule.id,
    subject,
    outcome: verdict,
    ...(verdict === 'skipped'
      ? {
          reasons: [
            // No unit at all is another matter than units without the figures (table-has-rows and
            // table-rows-all-read report it).
            stats.rowsUsed > 0
              ? 'no unit of the table has the figures this rule compares'
              : stats.rowsRead > 0
                ? `no unit to check: all ${stats.rowsRead} rows of the table were left out (see its problems)`
                : 'no unit to check: the table has no data rows',
          ],
        }
      : {}),
    ...(verdict !== 'skipped' ? { evidence, sources: [] } : {}),
  };
  if (verdict !== 'failed' && verdict !== 'notEvaluated') return { outcome };
  const first = e.sample.find((s) => s.outcome === verdict);
  // The rule's title is input too; the first unit's message is printable already (run.ts).
  const message = printable(
    verdict === 'failed'
      ? `${rule.meta.title}: not so in ${e.failed} of the ${e.checked} units checked in ${table.entry.id}` +
          `${e.notEvaluated > 0 ? ` (${e.notEvaluated} others could not be checked)` : ''}. First: ${first?.message ?? ''}`
      : `Not evaluated: ${rule.meta.title}: could not be checked in ${e.notEvaluated} of ${e.checked} units of ` +
          `${table.entry.id}. First: ${(first?.message ?? '').replace(/^Not evaluated for /, '')}`,
  );
  return {
    outcome,
    finding: {
      fingerprint: fingerprint(rule.id, subject.id),
      ruleId: rule.id,
      severity: rule.meta.severity,
      outcome: verdict,
      subject,
      message,
      evidence,
      sources: [],
      rule: { file: loaded.file, pointer: '/conditions' },
    },
  };
}
