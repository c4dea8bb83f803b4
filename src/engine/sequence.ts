/** Subjects over time: each authority's releases in as-of order, pairs of them, and pairs of estimates. */
import { releaseLabel } from '../facts/names.js';
import { type TimeSpan, timeSpan } from '../facts/when.js';
import type { Dataset, Estimate, Release } from '../schema/dataset.js';
import type { DatasetContext, Subject } from './subjects.js';

/** A release with its index in the dataset file. */
export interface ReleaseAt {
  release: Release;
  index: number;
}

/** Two releases of one authority, the earlier first, and the releases after the earlier one up to the later. */
export interface ReleasePairFields {
  earlier: Release;
  earlierIndex: number;
  later: Release;
  laterIndex: number;
  /** The releases after `earlier` up to and including `later`, in sequence order: where causes are recorded. */
  span: ReleaseAt[];
}

/** Two estimates of the dataset, in file order. */
export interface EstimatePairFields {
  first: Estimate;
  firstIndex: number;
  second: Estimate;
  secondIndex: number;
}

/** The subject kinds listed here. */
export type SequenceKind = 'releasePair' | 'releasePairResult' | 'partialBound' | 'estimatePair';

/** The time a release was current: its as-of time, else the date of its source (which bounds it). */
export function releaseTime(release: Release, dataset: Dataset): TimeSpan | null {
  const text = release.asOf ?? dataset.sources.find((s) => s.id === release.source)?.date;
  return text ? timeSpan(text) : null;
}

/**
 * Each authority's releases ordered by as-of time, then file order. A release with neither an as-of time nor a
 * dated source keeps its place after the release listed before it, so the order stays total.
 */
export function releaseSequences(dataset: Dataset): ReleaseAt[][] {
  const byAuthority = new Map<string, { at: ReleaseAt; key: number }[]>();
  for (const [index, release] of dataset.releases.entries()) {
    const list = byAuthority.get(release.authority) ?? [];
    const key = releaseTime(release, dataset)?.start ?? list.at(-1)?.key ?? Number.NEGATIVE_INFINITY;
    list.push({ at: { release, index }, key });
    byAuthority.set(release.authority, list);
  }
  return [...byAuthority.values()].map((list) =>
    [...list].sort((a, b) => a.key - b.key || a.at.index - b.at.index).map((x) => x.at),
  );
}

/** Whether a release is a partial count: preliminary, or less than 100% processed (as reachable.ts reads it). */
export function isPartial(release: Release): boolean {
  return (
    release.status === 'preliminary' || (release.progress !== undefined && release.progress.share.value < 100)
  );
}

function pairFields(sequence: ReleaseAt[], i: number, j: number): ReleasePairFields {
  const a = sequence[i] as ReleaseAt;
  const b = sequence[j] as ReleaseAt;
  return {
    earlier: a.release,
    earlierIndex: a.index,
    later: b.release,
    laterIndex: b.index,
    span: sequence.slice(i + 1, j + 1),
  };
}

/** Candidates with a result in both releases, in the later release's order, with the later result's index. */
function sharedCandidates(p: ReleasePairFields): { candidate: string; resultIndex: number }[] {
  const before = new Set(p.earlier.results.map((r) => r.candidate));
  const seen = new Set<string>();
  return p.later.results.flatMap((r, resultIndex) => {
    if (!before.has(r.candidate) || seen.has(r.candidate)) return [];
    seen.add(r.candidate);
    return [{ candidate: r.candidate, resultIndex }];
  });
}

function pairNames(p: ReleasePairFields): Record<string, string> {
  return { earlier: releaseLabel(p.earlier), later: releaseLabel(p.later), authority: p.later.authority };
}

/** An estimate for a reader: its id and pollsters, "e1 (Pollster One, Partner Institute)". */
function estimateName(e: Estimate): string {
  return `${e.id} (${e.pollsters.join(', ')})`;
}

/** Lists the subjects of one of the kinds above, in a stable order (authority, then sequence, then candidate). */
export function sequenceSubjects(kind: SequenceKind, ctx: DatasetContext): Subject[] {
  const { dataset } = ctx;
  const candidateName = (id: string) => ctx.candidates.get(id)?.name ?? id;
  const sequences = releaseSequences(dataset);
  switch (kind) {
    case 'releasePair':
      return sequences.flatMap((seq) =>
        seq.slice(1).map((_, k) => {
          const p = pairFields(seq, k, k + 1);
          return {
            kind,
            id: `release:${p.earlier.id}/next:${p.later.id}`,
            label: `${p.earlier.id} then ${p.later.id} (${p.later.authority})`,
            pointer: `/releases/${p.laterIndex}`,
            names: pairNames(p),
            ...p,
          };
        }),
      );
    case 'releasePairResult':
      return sequences.flatMap((seq) =>
        seq.slice(1).flatMap((_, k) => {
          const p = pairFields(seq, k, k + 1);
          return sharedCandidates(p).map(({ candidate, resultIndex }) => ({
            kind,
            id: `release:${p.earlier.id}/next:${p.later.id}/candidate:${candidate}`,
            label: `${candidateName(candidate)} from ${p.earlier.id} to ${p.later.id}`,
            pointer: `/releases/${p.laterIndex}/results/${resultIndex}`,
            names: { candidate: candidateName(candidate), ...pairNames(p) },
            candidate,
            ...p,
          }));
        }),
      );
    case 'partialBound':
      // Every later release, not only the next: overlapping intervals are not transitive.
      return sequences.flatMap((seq) =>
        seq.flatMap((a, i) =>
          !isPartial(a.release)
            ? []
            : seq.slice(i + 1).flatMap((_, k) => {
                const p = pairFields(seq, i, i + 1 + k);
                return sharedCandidates(p).map(({ candidate, resultIndex }) => ({
                  kind,
                  id: `release:${p.earlier.id}/later:${p.later.id}/candidate:${candidate}`,
                  label: `${candidateName(candidate)} in ${p.later.id} against partial ${p.earlier.id}`,
                  pointer: `/releases/${p.laterIndex}/results/${resultIndex}`,
                  names: { candidate: candidateName(candidate), ...pairNames(p) },
                  candidate,
                  ...p,
                }));
              }),
        ),
      );
    case 'estimatePair':
      return dataset.estimates.flatMap((first, firstIndex) =>
        dataset.estimates.slice(firstIndex + 1).map((second, k) => ({
          kind,
          id: `estimate:${first.id}/estimate:${second.id}`,
          label: `${first.id} and ${second.id}`,
          pointer: `/estimates/${firstIndex + 1 + k}`,
          names: { first: estimateName(first), second: estimateName(second) },
          first,
          firstIndex,
          second,
          secondIndex: firstIndex + 1 + k,
        })),
      );
  }
}
