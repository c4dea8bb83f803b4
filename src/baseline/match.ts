/** Applies a baseline to a run's findings: marks the accepted ones, and lists stale, expired and unchecked entries. */
import type { BaselineEntry } from '../schema/baseline.js';
import type { BaselineEntryRef, BaselineSection, Finding } from '../schema/report.js';
import { findingKey, matchKey } from './hash.js';

/** The findings with suppressions added, and the report's baseline section. */
export interface BaselineApplication {
  findings: Finding[];
  section: BaselineSection;
}

/** Today's date in UTC, YYYY-MM-DD, the form `expires` is compared with. */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Whether an entry is past its expiry: it holds through the day it names (UTC), not after. */
export function isExpired(entry: Pick<BaselineEntry, 'expires'>, today: string): boolean {
  return entry.expires !== undefined && entry.expires < today;
}

/**
 * Marks each finding that an unexpired entry accepts, keeping every finding and its order. An entry whose rule
 * was not loaded in this run (`ruleIds`: another pack's rule) is not checked: it is neither stale nor expired,
 * only listed. Of the others, one that matches nothing is stale (the finding is gone, or a value behind it
 * changed); an expired entry accepts nothing, so its finding counts toward the gate again.
 */
export function applyBaseline(
  findings: readonly Finding[],
  entries: readonly BaselineEntryRef[],
  options: { file: string; today: string; ruleIds: ReadonlySet<string> },
): BaselineApplication {
  const byKey = new Map(findings.map((f) => [findingKey(f), f]));
  const accepted = new Map<Finding, BaselineEntryRef>();
  const stale: BaselineEntryRef[] = [];
  const expired: BaselineSection['expired'] = [];
  const notChecked: BaselineEntryRef[] = [];
  for (const entry of entries) {
    if (!options.ruleIds.has(entry.ruleId)) {
      notChecked.push(entry);
      continue;
    }
    const finding = byKey.get(matchKey(entry.ruleId, entry.subject, entry.evidenceHash));
    if (isExpired(entry, options.today)) expired.push({ ...entry, matchesFinding: finding !== undefined });
    else if (finding) accepted.set(finding, entry);
    else stale.push(entry);
  }
  return {
    findings: findings.map((f) => {
      const entry = accepted.get(f);
      if (!entry) return f;
      return {
        ...f,
        suppression: {
          baseline: options.file,
          justification: entry.justification,
          acceptedBy: entry.acceptedBy,
          ...(entry.expires ? { expires: entry.expires } : {}),
        },
      };
    }),
    section: {
      file: options.file,
      entries: entries.length,
      matched: accepted.size,
      stale,
      expired,
      notChecked,
    },
  };
}
