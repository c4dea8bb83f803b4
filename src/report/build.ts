/** Assembles the report from a run: inputs with hashes, per-rule counts, the gate verdict, findings and outcomes. */

import type { RunResult } from '../engine/run.js';
import type { LoadedRule } from '../load/rules.js';
import type { Dataset } from '../schema/dataset.js';
import {
  type BaselineSection,
  type Counts,
  type FailOn,
  type Finding,
  REPORT_VERSION,
  type Report,
} from '../schema/report.js';
import { atOrAbove, SEVERITY_RANK } from './types.js';

/** What the report records about the run besides its results. */
export interface ReportContext {
  toolVersion: string;
  datasetFile: string;
  datasetSha256: string;
  dataset: Dataset;
  rules: LoadedRule[];
  failOn: FailOn;
  /** Only when the user asked for a timestamp: reports are otherwise byte-identical across runs. */
  generatedAt?: string;
  /** Only when the run used a baseline; the run's findings then carry their suppressions. */
  baseline?: BaselineSection;
  /** Only when the dataset names precinct tables: what was read from each. */
  tables?: NonNullable<Report['inputs']['tables']>;
}

function emptyCounts(): Counts {
  return { passed: 0, failed: 0, notEvaluated: 0, skipped: 0 };
}

/**
 * Builds the report. The gate fails on a failed check at or above --fail-on, and on a check that could not be
 * evaluated whose rule is at or above it: an unevaluated check is never taken as passed. A finding a baseline
 * accepted is reported (and still counted as failed) but does not fail the gate.
 */
export function buildReport(run: RunResult, ctx: ReportContext): Report {
  const perRule = new Map<string, Counts>(ctx.rules.map((r) => [r.rule.id, emptyCounts()]));
  const outcomes = emptyCounts();
  for (const o of run.outcomes) {
    outcomes[o.outcome] += 1;
    const counts = perRule.get(o.ruleId);
    if (counts) counts[o.outcome] += 1;
  }
  const findings = { error: 0, warning: 0, info: 0 };
  const notEvaluated = { error: 0, warning: 0, info: 0 };
  for (const f of run.findings) (f.outcome === 'failed' ? findings : notEvaluated)[f.severity] += 1;
  const suppressed = { error: 0, warning: 0, info: 0 };
  for (const f of run.findings) if (f.suppression) suppressed[f.severity] += 1;
  const gate = run.findings.some((f) => !f.suppression && atOrAbove(f.severity, ctx.failOn))
    ? 'fail'
    : 'pass';
  const { election } = ctx.dataset;
  return {
    reportVersion: REPORT_VERSION,
    tool: { name: 'tallycheck', version: ctx.toolVersion },
    ...(ctx.generatedAt ? { generatedAt: ctx.generatedAt } : {}),
    inputs: {
      dataset: { file: ctx.datasetFile, sha256: ctx.datasetSha256, id: ctx.dataset.id },
      ...(ctx.tables ? { tables: ctx.tables } : {}),
      rules: ctx.rules.map((r) => ({ id: r.rule.id, file: r.file, sha256: r.sha256 })),
    },
    election: {
      ...(ctx.dataset.title ? { title: ctx.dataset.title } : {}),
      country: election.country,
      office: election.office,
      date: election.date,
      kind: election.kind,
      ...(election.winThreshold
        ? { winThreshold: { share: election.winThreshold.share, strict: election.winThreshold.strict } }
        : {}),
    },
    summary: {
      failOn: ctx.failOn,
      gate,
      findings,
      notEvaluated,
      outcomes,
      ...(ctx.baseline ? { suppressed } : {}),
    },
    ...(ctx.baseline ? { baseline: ctx.baseline } : {}),
    rules: ctx.rules.map(({ rule, file }) => ({
      id: rule.id,
      title: rule.meta.title,
      severity: rule.meta.severity,
      scope: rule.meta.scope,
      file,
      rationale: rule.meta.rationale,
      references: rule.meta.references,
      counts: perRule.get(rule.id) ?? emptyCounts(),
    })),
    findings: reviewOrder(run.findings),
    outcomes: run.outcomes,
  };
}

/**
 * The findings in the order a reviewer reads them, which every format keeps (finding 4 is the same finding in
 * each): by severity, errors first; within one, those that count against the gate before those a baseline
 * accepted, and failed checks before checks not evaluated; then as the run gave them (by rule id, then subject).
 */
function reviewOrder(findings: readonly Finding[]): Finding[] {
  const key = (f: Finding) =>
    (SEVERITY_RANK.error - SEVERITY_RANK[f.severity]) * 4 +
    (f.suppression ? 2 : 0) +
    (f.outcome === 'failed' ? 0 : 1);
  return findings
    .map((f, i) => ({ f, i, k: key(f) }))
    .sort((a, b) => a.k - b.k || a.i - b.i)
    .map((x) => x.f);
}
