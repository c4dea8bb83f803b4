/** The audit's baseline options: read or update the baseline, apply it to the run, and summarise it. */
import { applyBaseline, utcDay } from '../baseline/match.js';
import { type BaselineUpdate, UNJUSTIFIED, updateBaseline } from '../baseline/update.js';
import type { RunResult } from '../engine/run.js';
import {
  baselineFromDoc,
  type LoadedBaseline,
  loadBaseline,
  loadBaselineIfPresent,
} from '../load/baseline.js';
import { UsageError } from '../load/errors.js';
import { parseJsonText } from '../load/json.js';
import { workingPath } from '../load/paths.js';
import { printable } from '../printable.js';
import { atOrAbove } from '../report/types.js';
import type { BaselineSection, FailOn, Report } from '../schema/report.js';

/** What --baseline, --update-baseline and --accepted-by asked for. */
export interface BaselineRequest {
  file: string;
  update: boolean;
  /** Set when updating: the name new entries are accepted by. */
  acceptedBy?: string;
}

/** Checks the baseline options together; undefined when no baseline was asked for. */
export function baselineRequest(values: {
  baseline?: string;
  update?: boolean;
  acceptedBy?: string;
}): BaselineRequest | undefined {
  if (!values.baseline) {
    if (values.update) throw new UsageError('--update-baseline needs --baseline FILE, the file to write');
    if (values.acceptedBy) throw new UsageError('--accepted-by goes with --baseline FILE --update-baseline');
    return undefined;
  }
  if (!values.update) {
    if (values.acceptedBy) throw new UsageError('--accepted-by goes with --update-baseline');
    return { file: values.baseline, update: false };
  }
  const acceptedBy = (values.acceptedBy ?? process.env.USER ?? '').trim();
  if (!acceptedBy) {
    throw new UsageError('--update-baseline needs --accepted-by NAME (the USER variable is not set)');
  }
  return { file: values.baseline, update: true, acceptedBy };
}

/** Reads the baseline before anything runs; when updating, a file that does not exist yet is fine. */
export function readBaseline(request: BaselineRequest): LoadedBaseline | undefined {
  return request.update ? loadBaselineIfPresent(request.file) : loadBaseline(request.file);
}

/** The run with the baseline applied, the report section, and, when updating, the file to write. */
export interface BaselinedRun {
  run: RunResult;
  section: BaselineSection;
  write?: { path: string; content: string };
  update?: BaselineUpdate;
}

/**
 * Applies the baseline to a run of the rules `ruleIds`; entries of other rules (a pack not loaded) are left
 * alone. When updating, the new baseline is built from the run first and the run is judged against it, so the
 * reports written beside it agree with the file.
 */
export function baselineRun(
  run: RunResult,
  request: BaselineRequest,
  loaded: LoadedBaseline | undefined,
  failOn: FailOn,
  now: Date,
  ruleIds: ReadonlySet<string>,
): BaselinedRun {
  const today = utcDay(now);
  // Recorded as the dataset is (workingPath): relative to the working directory when under it, so reports name
  // the same file whether --baseline was typed absolute or relative, and do not carry the checkout's location.
  const file = workingPath(request.file).split('\\').join('/');
  let entries = loaded?.entries ?? [];
  let write: BaselinedRun['write'];
  let update: BaselineUpdate | undefined;
  if (request.update) {
    update = updateBaseline(run.findings, loaded?.baseline, {
      include: (f) => atOrAbove(f.severity, failOn),
      acceptedBy: request.acceptedBy as string,
      today,
      ruleIds,
    });
    const content = `${JSON.stringify(update.baseline, null, 2)}\n`;
    write = { path: request.file, content };
    entries = baselineFromDoc(parseJsonText(request.file, content)).entries;
  }
  const applied = applyBaseline(run.findings, entries, { file, today, ruleIds });
  return {
    run: { ...run, findings: applied.findings },
    section: applied.section,
    ...(write ? { write } : {}),
    ...(update ? { update } : {}),
  };
}

/**
 * Summary lines for stdout: what was suppressed, and every stale or expired entry, which need a look. Entries
 * of rules the run did not load are only counted, with their rules, so that a pack left out by mistake shows.
 */
export function baselineSummary(report: Report, update: BaselineUpdate | undefined): string[] {
  const section = report.baseline;
  const s = report.summary.suppressed;
  if (!section || !s) return [];
  const notChecked = section.notChecked ?? [];
  const lines = [
    `  baseline ${section.file}: ${s.error + s.warning + s.info} finding(s) suppressed ` +
      `(${s.error} error, ${s.warning} warning, ${s.info} info), ${section.stale.length} stale, ` +
      `${section.expired.length} expired` +
      (notChecked.length > 0 ? `, ${notChecked.length} not checked` : ''),
  ];
  for (const e of section.stale) {
    lines.push(
      `  stale   ${e.pointer}: ${e.ruleId} on ${e.subject} matches no finding (gone, or its values changed)`,
    );
  }
  for (const e of section.expired) {
    lines.push(
      `  expired ${e.pointer}: ${e.ruleId} on ${e.subject} expired ${e.expires}` +
        (e.matchesFinding ? '; its finding counts again' : '; it matches no finding'),
    );
  }
  if (notChecked.length > 0) {
    const rules = [...new Set(notChecked.map((e) => e.ruleId))];
    lines.push(
      `  not checked: ${notChecked.length} entries of ${rules.length} rule(s) not loaded in this run, ` +
        `kept as they are: ${rules.join(', ')}`,
    );
  }
  if (update) {
    const todo = update.baseline.entries.filter((e) => e.justification === UNJUSTIFIED).length;
    lines.push(
      `  baseline written: ${section.file}, ${update.baseline.entries.length} entries ` +
        `(${update.kept} kept, ${update.added} new, ${update.dropped} stale dropped` +
        (update.notChecked > 0 ? `, ${update.notChecked} not checked kept as they are)` : ')'),
    );
    if (todo > 0) lines.push(`  ${todo} entries say "${UNJUSTIFIED}": write why each finding is accepted`);
    if (update.expiredKept > 0) {
      lines.push(
        `  ${update.expiredKept} kept entries are expired, so their findings count toward the gate: ` +
          'review them and renew their expires date',
      );
    }
  }
  // The baseline's name and its entries' subjects, rule ids and pointers are input: each line stays one line.
  return lines.map(printable);
}
