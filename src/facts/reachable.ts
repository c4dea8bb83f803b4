/** Helpers for partial-count facts: how far a count has got, and the share a candidate can still reach. */
import type { DatasetContext, SubjectOf } from '../engine/subjects.js';
import type { Figure, ProgressUnit, Release, Result } from '../schema/dataset.js';
import { type FigureSource, type Interval, type Missing, missing, type Uncertain } from './define.js';
import { clean, sourceOf, uncertain } from './figures.js';

/** How far the count of a release has got, in percent of what it counts. */
export interface CountProgress {
  /** true when the release is preliminary or reports less than 100% processed. */
  partial: boolean;
  /** The share processed with its printed half-width; null when a partial release does not say. */
  processed: Uncertain | null;
  /** What the processed share counts; null when the release gives no progress. */
  unit: ProgressUnit | null;
  /** The progress figure used, when there is one. */
  sources: FigureSource[];
}

/** Reads a release's status and progress. A final release that reports no progress has counted everything. */
export function countProgress(release: Release, pointer: string): CountProgress {
  const progress = release.progress;
  const partial = release.status === 'preliminary' || (progress !== undefined && progress.share.value < 100);
  const sources = progress ? [sourceOf(progress.share, `${pointer}/progress/share`)] : [];
  if (!partial)
    return { partial, processed: { value: 100, plusMinus: 0 }, unit: progress?.counts ?? null, sources };
  if (!progress) return { partial, processed: null, unit: null, sources };
  return { partial, processed: uncertain(progress.share), unit: progress.counts, sources };
}

/** The unit of a progress share in plain words, with the assumption the interval then rests on. */
export function unitWords(unit: ProgressUnit | null): string {
  switch (unit) {
    case 'ballots':
      return 'ballots';
    case 'pollingStations':
      return 'polling stations (assumes equal-sized stations)';
    case 'protocols':
      return 'protocols (assumes protocols covering equal numbers of ballots)';
    case 'unknown':
      return 'an unstated unit (the dataset does not know what is counted)';
    case null:
      return 'the whole count (a final release)';
  }
}

/** Whether the reachable interval is exact or rests on an assumption about the counted unit. */
export function intervalBasis(progress: CountProgress): string {
  if (!progress.partial) return 'final count: the printed share up to its rounding';
  switch (progress.unit) {
    case 'ballots':
      return 'exact: the processed share counts ballots';
    case 'pollingStations':
    case 'protocols':
      return 'assumes the processed and unprocessed units hold equal numbers of ballots';
    default:
      return 'the dataset does not know what the processed share counts; read as a share of ballots';
  }
}

/**
 * The final share a candidate can still reach, in percent. With s the share among processed ballots and p the
 * share processed, the unprocessed part going entirely against or for the candidate gives s·p/100 and
 * s·p/100 + (100 - p). Rounding widens it: low takes s - hs and p - hp, high takes s + hs and p - hp (the
 * high end 100 - p·(1 - s/100) falls as p grows). A complete count gives s ± hs.
 */
export function reachableShare(share: Figure, progress: CountProgress & { processed: Uncertain }): Interval {
  const s = uncertain(share);
  const sLow = Math.max(0, s.value - s.plusMinus);
  const sHigh = Math.min(100, s.value + s.plusMinus);
  if (!progress.partial) return { low: clean(sLow), high: clean(sHigh) };
  const pLow = Math.min(100, Math.max(0, progress.processed.value - progress.processed.plusMinus));
  return { low: clean((sLow * pLow) / 100), high: clean(100 - pLow * (1 - sHigh / 100)) };
}

/** A result of a release with its index, for a candidate. */
export function resultFor(release: Release, candidate: string): { result: Result; index: number } | null {
  const index = release.results.findIndex((r) => r.candidate === candidate);
  const result = release.results[index];
  return result ? { result, index } : null;
}

/**
 * Subject kinds that concern one release: their own, the reference release estimates are compared with, or the
 * release a leader claim is about.
 */
export type ReleaseSubjectKind =
  | 'release'
  | 'releaseResult'
  | 'estimateShare'
  | 'candidateEstimates'
  | 'leaderClaim';

/** The subject kinds of {@link ReleaseSubjectKind}, for fact scopes. */
export const RELEASE_SCOPES: readonly ReleaseSubjectKind[] = [
  'release',
  'releaseResult',
  'estimateShare',
  'candidateEstimates',
  'leaderClaim',
];

/** The release a subject concerns and its JSON pointer; null when estimates or a claim have no release to compare with. */
export function releaseOf(
  subject: SubjectOf<ReleaseSubjectKind>,
  ctx: DatasetContext,
): { release: Release; pointer: string } | null {
  const release = subject.release;
  if (!release) return null;
  return { release, pointer: `/releases/${ctx.dataset.releases.indexOf(release)}` };
}

/** A candidate's reachable interval in a release, with the figures used and the assumption it rests on. */
export interface Reachable {
  interval: Interval;
  sources: FigureSource[];
  detail: Record<string, unknown>;
}

/**
 * The interval a result of a release can still reach. A result without a share, or a preliminary release
 * without a share processed, is missing; `noShare` says which kind of missing a result without a share is.
 */
export function reachableResult(
  at: { release: Release; pointer: string },
  found: { result: Result; index: number } | null,
  noShare: Missing['missing'],
): Reachable | Missing {
  const { release, pointer } = at;
  if (!found) return missing('unknown', `${release.id} gives no result for this candidate`);
  const share = found.result.share;
  if (!share) return missing(noShare, `${release.id} gives no share for ${found.result.candidate}`);
  const progress = countProgress(release, pointer);
  const processed = progress.processed;
  if (!processed) return missing('unknown', `${release.id} is preliminary and gives no share processed`);
  return {
    interval: reachableShare(share, { ...progress, processed }),
    sources: [sourceOf(share, `${pointer}/results/${found.index}/share`), ...progress.sources],
    detail: {
      share: share.printed,
      processed: release.progress?.share.printed ?? null,
      counts: progress.unit,
      basis: intervalBasis(progress),
    },
  };
}
