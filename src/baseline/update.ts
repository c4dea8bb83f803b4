/** Rewrites a baseline from a run: every finding to accept gets an entry; reviewed entries keep their words. */
import { compareText } from '../order.js';
import { BASELINE_VERSION, type Baseline, type BaselineEntry } from '../schema/baseline.js';
import type { Finding } from '../schema/report.js';
import { evidenceHash, matchKey } from './hash.js';
import { isExpired } from './match.js';

/** The justification a new entry gets until a reviewer writes one. */
export const UNJUSTIFIED = 'TODO: justify';

/** What an update did, for the summary line. */
export interface BaselineUpdate {
  baseline: Baseline;
  kept: number;
  added: number;
  /** Entries of a rule that ran that matched no finding, left out. */
  dropped: number;
  /** Entries whose rule was not loaded in this run (another pack), kept unchanged. */
  notChecked: number;
  /** Kept entries that are past their expiry: an update does not renew a review that has lapsed. */
  expiredKept: number;
}

/**
 * Builds the new baseline. An entry that still matches a finding is kept with its justification, author and
 * expiry (whatever the finding's severity); each other finding that `include` selects (at or above --fail-on)
 * gets a new entry; an entry whose rule is not among `ruleIds` (a pack this run did not load) is kept as it
 * is, since nothing in the run can say whether it still holds; the other entries, matching no finding, are
 * dropped. Entries are sorted by rule, then subject.
 */
export function updateBaseline(
  findings: readonly Finding[],
  previous: Baseline | undefined,
  options: {
    include: (finding: Finding) => boolean;
    acceptedBy: string;
    today: string;
    ruleIds: ReadonlySet<string>;
  },
): BaselineUpdate {
  const old = new Map(
    (previous?.entries ?? []).map((e) => [matchKey(e.ruleId, e.subject, e.evidenceHash), e]),
  );
  const entries: BaselineEntry[] = [];
  const used = new Set<string>();
  let added = 0;
  let expiredKept = 0;
  for (const f of findings) {
    const hash = evidenceHash(f);
    const key = matchKey(f.ruleId, f.subject.id, hash);
    const known = old.get(key);
    if (known) {
      used.add(key);
      if (isExpired(known, options.today)) expiredKept += 1;
      entries.push({ ...known, message: f.message });
    } else if (options.include(f)) {
      added += 1;
      entries.push({
        ruleId: f.ruleId,
        subject: f.subject.id,
        evidenceHash: hash,
        justification: UNJUSTIFIED,
        acceptedBy: options.acceptedBy,
        message: f.message,
      });
    }
  }
  let notChecked = 0;
  for (const [key, e] of old) {
    if (used.has(key) || options.ruleIds.has(e.ruleId)) continue;
    notChecked += 1;
    entries.push(e);
  }
  entries.sort((a, b) => compareText(a.ruleId, b.ruleId) || compareText(a.subject, b.subject));
  return {
    baseline: {
      ...(previous?.$schema ? { $schema: previous.$schema } : {}),
      baselineVersion: BASELINE_VERSION,
      entries: entries.map(ordered),
    },
    kept: used.size,
    added,
    dropped: old.size - used.size - notChecked,
    notChecked,
    expiredKept,
  };
}

/** The entry with its keys in the documented order, so rewritten files diff cleanly. */
function ordered(e: BaselineEntry): BaselineEntry {
  return {
    ruleId: e.ruleId,
    subject: e.subject,
    evidenceHash: e.evidenceHash,
    justification: e.justification,
    acceptedBy: e.acceptedBy,
    ...(e.expires !== undefined ? { expires: e.expires } : {}),
    ...(e.message !== undefined ? { message: e.message } : {}),
  };
}
