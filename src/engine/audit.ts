/**
 * One audit: the table pass for unit rules (filling the aggregates), then every other rule: the screens last,
 * their tests under way on a worker thread meanwhile (facts/screen-thread.ts). Outcomes come in rule order.
 */
import { type PreparedScreens, prepareScreens, type ScreenSharing } from '../facts/screen-thread.js';
import type { LoadedRule } from '../load/rules.js';
import type { TableInfo } from '../precinct/aggregate.js';
import { type RunOptions, type RunResult, runRules } from './run.js';
import type { DatasetContext } from './subjects.js';
import { runTables, type TablePass, type TableRunOptions } from './table-run.js';

/** The run's results, what each table pass read, and which thread ran each screening test. */
export interface AuditResult extends RunResult {
  passes: TablePass[];
  screens: ScreenSharing;
}

/** Runs the rules over the dataset and its precinct tables. Outcomes and findings come sorted by rule id. */
export async function runAudit(
  rules: LoadedRule[],
  tables: TableInfo[],
  ctx: DatasetContext,
  options: TableRunOptions = {},
): Promise<AuditResult> {
  const unitRules = rules.filter((r) => r.rule.meta.scope === 'unit');
  // Per-unit columns cost memory in proportion to the table: kept only when a screen will read them.
  const unitColumns = options.unitColumns ?? rules.some((r) => r.rule.meta.scope === 'unitScreen');
  let screens: PreparedScreens | undefined;
  let tablePart: Awaited<ReturnType<typeof runTables>>;
  let rest: RunResult;
  let sharing: ScreenSharing;
  try {
    tablePart = await runTables(unitRules, tables, ctx, { ...options, unitColumns });
    // The screens' tests start on a worker now, and run while the other rules are evaluated (screen-thread.ts).
    const screenRules = rules.filter((r) => r.rule.meta.scope === 'unitScreen');
    const onScreens = options.onScreens;
    screens = prepareScreens(screenRules, ctx.tables, {
      ...(onScreens ? { onStart: (a, units, tests) => onScreens(a.table, units, tests) } : {}),
    });
    const otherRules = rules.filter(
      (r) => r.rule.meta.scope !== 'unit' && r.rule.meta.scope !== 'unitScreen',
    );
    // Progress counts over both runs: the other rules, then the screens'.
    let done = 0;
    const total = otherRules.length + screenRules.length;
    const onRule = options.onRule;
    const counted: RunOptions = {
      ...options,
      ...(onRule ? { onRule: (id) => onRule(id, ++done, total) } : {}),
    };
    const others = await runRules(otherRules, ctx, counted);
    sharing = await screens.finish();
    const screened = await runRules(screenRules, ctx, counted);
    rest = {
      outcomes: [...others.outcomes, ...screened.outcomes],
      findings: [...others.findings, ...screened.findings],
    };
  } finally {
    screens?.close();
    // Nothing reads the columns again, however the audit ended (a table pass or a rule that threw included): a
    // large table's temporary file of them goes now, not when the process ends.
    for (const table of ctx.tables) table.release();
  }
  const order = new Map(rules.map((r, i) => [r.rule.id, i]));
  const byRule = <T extends { ruleId: string }>(a: T, b: T) =>
    (order.get(a.ruleId) ?? 0) - (order.get(b.ruleId) ?? 0);
  // Sorting is stable, so subjects keep their file order within a rule.
  return {
    outcomes: [...tablePart.outcomes, ...rest.outcomes].sort(byRule),
    findings: [...tablePart.findings, ...rest.findings].sort(byRule),
    passes: tablePart.passes,
    screens: sharing,
  };
}
