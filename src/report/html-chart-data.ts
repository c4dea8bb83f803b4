/** Chart data for the HTML report, read from the evidence values of the report's outcomes. */
import { formatExact } from '../schema/values.js';
import type { Report, RuleOutcome } from './types.js';

/** A share with the half-width its printed rounding allows, in percent. */
export interface ShareValue {
  value: number;
  plusMinus: number;
}

/** One estimate's share for a candidate, with its margin of error when a rule computed one. */
export interface PollPoint {
  estimateId: string;
  label: string;
  share: ShareValue;
  margin?: number;
  /** What the margin of error rests on, in words (confidence, design effect, sample size). */
  marginBasis?: string;
  /** The sample size the margin rests on when the dataset gives none and the rule assumed it. */
  assumedSampleSize?: number;
}

/** What one candidate's chart shows: the authority's share, every estimate, and the reachable final share. */
export interface CandidateChart {
  candidateId: string;
  name: string;
  authority?: { label: string; share: ShareValue };
  polls: PollPoint[];
  reachable?: { low: number; high: number; basis?: string };
  /** What the report did not hold for this candidate, in words. */
  gaps: string[];
}

/** The final shares every candidate of a partial count can still reach, with the win threshold when known. */
export interface ReachableChart {
  releaseId: string;
  label: string;
  rows: { candidateId: string; name: string; low: number; high: number }[];
  threshold?: { share: number; strict: boolean };
}

/** The chart data of a report, and why charts were left out. */
export interface ChartData {
  candidates: CandidateChart[];
  reachable: ReachableChart[];
  notes: string[];
}

type Values = Record<string, unknown>;

function record(x: unknown): Values | undefined {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Values) : undefined;
}

function finite(x: unknown): number | undefined {
  return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
}

/** A share as facts give it: { value, plusMinus } (uncertain) or a plain number. */
function shareOf(x: unknown): ShareValue | undefined {
  const n = finite(x);
  if (n !== undefined) return { value: n, plusMinus: 0 };
  const o = record(x);
  const value = finite(o?.value);
  return value === undefined ? undefined : { value, plusMinus: finite(o?.plusMinus) ?? 0 };
}

function intervalOf(x: unknown): { low: number; high: number } | undefined {
  const o = record(x);
  const low = finite(o?.low);
  const high = finite(o?.high);
  return low !== undefined && high !== undefined ? { low, high } : undefined;
}

/** Evidence values and details of every outcome on one subject, merged in report order (first one wins). */
interface SubjectFacts {
  outcome: RuleOutcome;
  values: Values;
  details: Values;
}

function bySubject(outcomes: RuleOutcome[], kind: string): Map<string, SubjectFacts> {
  const out = new Map<string, SubjectFacts>();
  for (const o of outcomes) {
    if (o.subject.kind !== kind) continue;
    const entry = out.get(o.subject.id) ?? { outcome: o, values: {}, details: {} };
    for (const [k, v] of Object.entries(o.evidence?.values ?? {}))
      if (!(k in entry.values)) entry.values[k] = v;
    for (const [k, v] of Object.entries(o.evidence?.details ?? {}))
      if (!(k in entry.details)) entry.details[k] = v;
    out.set(o.subject.id, entry);
  }
  return out;
}

/** Subject ids as the engine forms them; a repeated id carries "#2", "#3" ... which is dropped here. */
const ESTIMATE_ID = /^estimate:([^/]+)\/candidate:([^#]+)(?:#\d+)?$/;
const RESULT_ID = /^release:([^/]+)\/candidate:([^#]+)(?:#\d+)?$/;
const CANDIDATE_ESTIMATES_ID = /^candidate:([^/#]+)\/estimates$/;
const RELEASE_ID = /^release:([^/#]+)$/;

function stripPrefix(text: string, prefix: string): string | undefined {
  return text.startsWith(prefix) && text.length > prefix.length ? text.slice(prefix.length) : undefined;
}

function stripSuffix(text: string, suffix: string): string | undefined {
  return text.endsWith(suffix) && text.length > suffix.length ? text.slice(0, -suffix.length) : undefined;
}

/**
 * Candidate names from subject labels ("estimates for NAME", "NAME in RELEASE-ID"): the report carries names
 * only there. Falls back to the candidate id.
 */
function candidateNames(outcomes: RuleOutcome[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const o of outcomes) {
    const { kind, id, label } = o.subject;
    const estimates = kind === 'candidateEstimates' ? CANDIDATE_ESTIMATES_ID.exec(id) : null;
    const result = kind === 'releaseResult' ? RESULT_ID.exec(id) : null;
    const candidate = estimates?.[1] ?? result?.[2];
    if (!candidate || names.has(candidate)) continue;
    const name = estimates ? stripPrefix(label, 'estimates for ') : stripSuffix(label, ` in ${result?.[1]}`);
    if (name) names.set(candidate, name);
  }
  return names;
}

function releaseLabels(outcomes: RuleOutcome[]): Map<string, string> {
  const labels = new Map<string, string>();
  for (const o of outcomes) {
    const m = o.subject.kind === 'release' ? RELEASE_ID.exec(o.subject.id) : null;
    if (m?.[1] && !labels.has(m[1])) labels.set(m[1], o.subject.label);
  }
  return labels;
}

/** Reachable intervals of partial counts by release id, from `finalShareInterval`. */
function reachableCharts(report: Report, names: Map<string, string>): ReachableChart[] {
  const labels = releaseLabels(report.outcomes);
  // The threshold is the election's, as the report records it: no rule needs to have measured it.
  const threshold = report.election.winThreshold;
  const charts = new Map<string, ReachableChart>();
  for (const [id, facts] of bySubject(report.outcomes, 'releaseResult')) {
    const m = RESULT_ID.exec(id);
    const interval = intervalOf(facts.values.finalShareInterval);
    if (!m?.[1] || !m[2] || !interval) continue;
    const releaseId = m[1];
    let chart = charts.get(releaseId);
    if (!chart) {
      chart = {
        releaseId,
        label: labels.get(releaseId) ?? releaseId,
        rows: [],
        ...(threshold ? { threshold: { share: threshold.share, strict: threshold.strict } } : {}),
      };
      charts.set(releaseId, chart);
    }
    chart.rows.push({ candidateId: m[2], name: names.get(m[2]) ?? m[2], ...interval });
  }
  return [...charts.values()];
}

/** The sampling assumptions `pollMarginOfError` reports in its detail, in words. */
function marginBasis(detail: unknown): string | undefined {
  const d = record(detail);
  const level = finite(d?.confidenceLevel);
  const n = finite(d?.sampleSize);
  if (level === undefined || n === undefined) return undefined;
  const deff = finite(d?.designEffect);
  return (
    // The level is a parameter of the rule, shown as held (0.9995 is 99.95%, which rounding made 100%).
    `${formatExact(Number(`${level}e2`))}% confidence` +
    (deff !== undefined ? `, design effect ${deff}` : '') +
    `, sample size ${n}${d?.sampleSizeAssumed === true ? ' (assumed: the dataset gives none)' : ''}`
  );
}

/** The release estimates were compared with, as `authorityShare` reports it in its detail. */
function authorityRelease(facts: SubjectFacts): string | undefined {
  const release = record(facts.details.authorityShare)?.release;
  return typeof release === 'string' ? release : undefined;
}

/**
 * Derives the charts from outcome evidence. Per estimate share (subject kind estimateShare): `pollShare`,
 * `pollMarginOfError`, `authorityShare` (else `pollShare - pollGap`), and the release it came from in the
 * `authorityShare` detail. The reachable interval is that release's `finalShareInterval` for the candidate,
 * else the `reachable` detail of `pollDistanceFromReachable`.
 */
export function chartData(report: Report): ChartData {
  const names = candidateNames(report.outcomes);
  const labels = releaseLabels(report.outcomes);
  const results = bySubject(report.outcomes, 'releaseResult');
  const byCandidate = new Map<string, CandidateChart>();
  const notes: string[] = [];
  for (const [id, facts] of bySubject(report.outcomes, 'estimateShare')) {
    const m = ESTIMATE_ID.exec(id);
    const estimateId = m?.[1];
    const candidateId = m?.[2];
    if (!estimateId || !candidateId) continue;
    const name = names.get(candidateId) ?? candidateId;
    const chart = byCandidate.get(candidateId) ?? { candidateId, name, polls: [], gaps: [] };
    byCandidate.set(candidateId, chart);
    const share = shareOf(facts.values.pollShare);
    const pollLabel = stripPrefix(facts.outcome.subject.label, `${name} in `) ?? estimateId;
    if (!share) {
      chart.gaps.push(`no poll share for ${pollLabel}`);
      continue;
    }
    const margin = finite(facts.values.pollMarginOfError);
    if (margin === undefined) chart.gaps.push(`no margin of error for ${pollLabel}`);
    const basis = marginBasis(facts.details.pollMarginOfError);
    const detail = record(facts.details.pollMarginOfError);
    const assumed = detail?.sampleSizeAssumed === true ? finite(detail.sampleSize) : undefined;
    chart.polls.push({
      estimateId,
      label: pollLabel,
      share,
      ...(margin !== undefined ? { margin } : {}),
      ...(basis ? { marginBasis: basis } : {}),
      ...(margin !== undefined && assumed !== undefined ? { assumedSampleSize: assumed } : {}),
    });

    const releaseId = authorityRelease(facts);
    const gap = shareOf(facts.values.pollGap);
    const authority =
      shareOf(facts.values.authorityShare) ??
      (gap
        ? { value: share.value - gap.value, plusMinus: Math.max(0, gap.plusMinus - share.plusMinus) }
        : undefined);
    if (authority && !chart.authority) {
      const label = releaseId ? (labels.get(releaseId) ?? releaseId) : 'the authority';
      chart.authority = { label, share: authority };
    }
    if (!chart.reachable) {
      const result = releaseId ? results.get(`release:${releaseId}/candidate:${candidateId}`) : undefined;
      const interval =
        intervalOf(facts.values.finalShareInterval) ??
        intervalOf(result?.values.finalShareInterval) ??
        intervalOf(record(facts.details.pollDistanceFromReachable)?.reachable);
      const basis =
        record(facts.details.finalShareInterval)?.basis ?? record(result?.details.finalShareInterval)?.basis;
      if (interval) chart.reachable = { ...interval, ...(typeof basis === 'string' ? { basis } : {}) };
    }
  }
  const candidates: CandidateChart[] = [];
  for (const chart of byCandidate.values()) {
    if (chart.polls.length === 0) {
      notes.push(`${chart.name}: no chart, the report holds no poll share (pollShare) for this candidate.`);
      continue;
    }
    if (!chart.authority)
      chart.gaps.push('no authority share (authorityShare or pollGap), so no line for the authority');
    if (!chart.reachable)
      chart.gaps.push('no reachable interval (finalShareInterval): the count may be complete');
    candidates.push(chart);
  }
  if (byCandidate.size === 0) {
    notes.push(
      'No estimate chart: the report holds no outcome on an estimate share, so it has no poll share, ' +
        'margin of error or authority share to draw (the rules that compare exit polls did not run).',
    );
  }
  return { candidates, reachable: reachableCharts(report, names), notes };
}
