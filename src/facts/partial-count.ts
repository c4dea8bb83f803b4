/** Facts on how far a release's count has got: its status, the share processed, what that share counts. */
import type { DatasetContext, SubjectOf } from '../engine/subjects.js';
import type { Release } from '../schema/dataset.js';
import { defineFact, type Missing, missing, UNCERTAIN } from './define.js';
import { clean } from './figures.js';
import {
  type CountProgress,
  countProgress,
  RELEASE_SCOPES,
  type ReleaseSubjectKind,
  releaseOf,
  unitWords,
} from './reachable.js';

const NO_RELEASE = 'the dataset has no release to compare estimates or the claim with';

/** The subject's release (or the reference release) with its count's progress, or why the fact does not apply. */
function progressOf(
  subject: SubjectOf<ReleaseSubjectKind>,
  ctx: DatasetContext,
): { release: Release; progress: CountProgress } | Missing {
  const at = releaseOf(subject, ctx);
  if (!at) return missing('notApplicable', NO_RELEASE);
  return { release: at.release, progress: countProgress(at.release, at.pointer) };
}

/** The release's status as published: "preliminary" or "final". */
export const releaseStatus = defineFact({
  id: 'releaseStatus',
  description:
    'Status of the release (or of the reference release, for estimates): "preliminary" or "final".',
  scopes: RELEASE_SCOPES,
  returns: 'text',
  compute(subject, _params, ctx) {
    const at = releaseOf(subject, ctx);
    if (!at) return missing('notApplicable', NO_RELEASE);
    return { value: at.release.status };
  },
});

/** Share of the count processed, in percent; a final release that states none has processed 100%. */
export const processedShare = defineFact({
  id: 'processedShare',
  description: 'Share of the count processed in the release, in percent (100 for a final release).',
  scopes: RELEASE_SCOPES,
  returns: 'number',
  compute(subject, _params, ctx) {
    const at = progressOf(subject, ctx);
    if ('missing' in at) return at;
    const { progress } = at;
    if (!progress.processed)
      return missing('unknown', `${at.release.id} is preliminary and gives no share processed`);
    return {
      value: progress.processed.value,
      sources: progress.sources,
      detail: {
        printed: at.release.progress?.share.printed ?? null,
        ...(at.release.progress
          ? {}
          : { implied: 'a final release stating no progress has counted everything' }),
      },
    };
  },
});

/** What the share processed counts, in plain words, with the assumption a reachable interval then rests on. */
export const processedUnit = defineFact({
  id: 'processedUnit',
  description: 'What the processed share counts, in words ("ballots", "polling stations (assumes ...)").',
  scopes: RELEASE_SCOPES,
  returns: 'text',
  compute(subject, _params, ctx) {
    const at = progressOf(subject, ctx);
    if ('missing' in at) return at;
    const { progress } = at;
    if (progress.partial && !progress.processed) {
      return missing('unknown', `${at.release.id} is preliminary and gives no share processed`);
    }
    return { value: unitWords(progress.unit), detail: { counts: progress.unit } };
  },
});

/** The share of the count not yet processed, in points, with the rounding of the printed share processed. */
export const uncountedShare = defineFact({
  id: 'uncountedShare',
  description: 'Share of the count not yet processed (100 - processed), in points, as { value, plusMinus }.',
  scopes: RELEASE_SCOPES,
  returns: UNCERTAIN,
  compute(subject, _params, ctx) {
    const at = progressOf(subject, ctx);
    if ('missing' in at) return at;
    const { progress } = at;
    if (!progress.processed)
      return missing('unknown', `${at.release.id} is preliminary and gives no share processed`);
    if (!progress.partial) return { value: { value: 0, plusMinus: 0 }, sources: progress.sources };
    const { value, plusMinus } = progress.processed;
    return {
      value: { value: clean(Math.max(0, 100 - value)), plusMinus },
      sources: progress.sources,
      detail: { counts: progress.unit },
    };
  },
});

/** The progress of the count in words, for messages: "93.35% of ballots processed", "no stated share processed". */
export const processedWords = defineFact({
  id: 'processedWords',
  description:
    'How far the count has got, in words: the share processed and what it counts, or that none is given.',
  scopes: RELEASE_SCOPES,
  returns: 'text',
  compute(subject, _params, ctx) {
    const at = progressOf(subject, ctx);
    if ('missing' in at) return at;
    const { progress } = at;
    if (!progress.processed) return { value: 'no stated share processed' };
    if (!progress.partial && !at.release.progress) return { value: 'the whole count processed' };
    return {
      value: `${clean(progress.processed.value)}% of ${unitWords(progress.unit)} processed`,
      sources: progress.sources,
    };
  },
});

/**
 * Why the release's figures are provisional, in words, for messages: a partial count (less than 100% processed),
 * a preliminary release of a complete count, or a preliminary release that does not say how far it has got.
 */
export const provisionalWords = defineFact({
  id: 'provisionalWords',
  description:
    "Why the release's figures are provisional, in words: a partial count, a complete but preliminary count, or neither stated.",
  scopes: RELEASE_SCOPES,
  returns: 'text',
  compute(subject, _params, ctx) {
    const at = progressOf(subject, ctx);
    if ('missing' in at) return at;
    const { progress } = at;
    const processed = progress.processed;
    if (!processed)
      return {
        value:
          'no stated share processed in a preliminary release, so its shares may be those of a partial count and can still move',
      };
    if (processed.value < 100)
      return {
        value: `${clean(processed.value)}% of ${unitWords(progress.unit)} processed, so its shares are those of a partial count and can still move`,
        sources: progress.sources,
      };
    // A complete count published as preliminary: only corrections (recounts, annulled units, late protocols) move it.
    if (at.release.status === 'preliminary')
      return {
        value: `the whole count processed (${at.release.progress?.share.printed ?? '100'}%), but the release is preliminary, so its figures can still be corrected (recounts, annulled units, late protocols) before the final result`,
        sources: progress.sources,
      };
    return { value: 'final, with the whole count processed', sources: progress.sources };
  },
});
