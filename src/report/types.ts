/** What a formatter is: a pure function from a report to the text of one file. */
import type { FailOn, Finding, Report, SourceRef } from '../schema/report.js';
import type { Severity } from '../schema/rule.js';

export type { Finding, Report, RuleOutcome, SourceRef } from '../schema/report.js';

/** A report format. */
export interface Formatter {
  /** The --format name. */
  name: string;
  /** The output file's extension, without the dot. */
  extension: string;
  /** Pure: the same report gives the same text. May be async (charts render asynchronously). */
  format(report: Report): string | Promise<string>;
}

/**
 * How many findings a list holds, as a heading or label gives it: the failed checks, then, when there are any, the
 * checks not evaluated ("14", "1, plus 2 not evaluated"). The summary counts the two apart, so a heading does too,
 * never their sum.
 */
export function findingCount(findings: readonly Finding[]): string {
  const notEvaluated = findings.filter((f) => f.outcome === 'notEvaluated').length;
  const failed = findings.length - notEvaluated;
  return notEvaluated > 0 ? `${failed}, plus ${notEvaluated} not evaluated` : String(failed);
}

/** Severities by weight, error heaviest: what --fail-on compares, and the order reports list findings in. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 3, warning: 2, info: 1 };

/** Whether a severity is at or above the --fail-on level: what fails the gate (and JUnit's failures and errors). */
export function atOrAbove(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'never' && SEVERITY_RANK[severity] >= SEVERITY_RANK[failOn];
}

/** Where a finding points in the dataset file; `source` is set when a figure, not the subject, is the place. */
export interface FindingAnchor {
  pointer: string;
  line?: number;
  column?: number;
  source?: SourceRef;
}

/**
 * Where formats that show one place per finding (SARIF, GitHub annotations) put it: the first source figure with
 * a line inside the subject (its own figure), else the first with a line, else the subject. The line is absent when neither has one.
 */
export function findingAnchor(finding: Finding): FindingAnchor {
  // The subject's own figure first (a poll's share, not the processed share its rule also read), then any.
  const at = finding.subject.pointer;
  const own = (s: Finding['sources'][number]) =>
    at !== undefined && at !== '' && (s.pointer === at || s.pointer.startsWith(`${at}/`));
  const source =
    finding.sources.find((s) => s.line !== undefined && own(s)) ??
    finding.sources.find((s) => s.line !== undefined);
  if (source) return { pointer: source.pointer, line: source.line, column: source.column, source };
  const { pointer, line, column } = finding.subject;
  return { pointer, line, column };
}
