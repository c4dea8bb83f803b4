/** Facts on two successive releases of one authority: whether their as-of times order them, statuses, progress. */
import type { DatasetContext, SubjectOf } from '../engine/subjects.js';
import type { Release } from '../schema/dataset.js';
import { defineFact, type FigureSource, type Measurement, missing, UNCERTAIN } from './define.js';
import { countProgress } from './reachable.js';
import { timeSpan } from './when.js';

/** The as-of pointers of both releases that give one. */
function asOfSources({ earlier, later, earlierIndex, laterIndex }: SubjectOf<'releasePair'>): FigureSource[] {
  return [
    ...(earlier.asOf ? [{ pointer: `/releases/${earlierIndex}/asOf`, printed: earlier.asOf }] : []),
    ...(later.asOf ? [{ pointer: `/releases/${laterIndex}/asOf`, printed: later.asOf }] : []),
  ];
}

/** Whether the as-of times order the pair, and why not when they do not. */
function orderOf(
  subject: SubjectOf<'releasePair'>,
  ctx: DatasetContext,
): { established: boolean; words: string } {
  const { earlier, later } = subject;
  if (ctx.revisions?.get(earlier.id) === later.id) {
    return {
      established: true,
      words: `${earlier.id} is ${later.id} as the old file gave it, revised in the new file`,
    };
  }
  const lacking = [earlier, later].filter((r) => !r.asOf || !timeSpan(r.asOf)).map((r) => r.id);
  if (lacking.length > 0) {
    return {
      established: false,
      words: `${lacking.join(' and ')} ${lacking.length > 1 ? 'give' : 'gives'} no usable as-of time, so the order rests on source dates and file order`,
    };
  }
  const a = timeSpan(earlier.asOf as string) as NonNullable<ReturnType<typeof timeSpan>>;
  const b = timeSpan(later.asOf as string) as NonNullable<ReturnType<typeof timeSpan>>;
  // A date covers its whole day (end excluded); a date-time is one instant.
  const established = a.start === a.end ? a.end < b.start : a.end <= b.start;
  const times = `${earlier.id} is as of ${earlier.asOf} and ${later.id} as of ${later.asOf}`;
  return {
    established,
    words: established ? times : `${times}, which do not say which came first (file order decides)`,
  };
}

/** true when both releases give as-of times and the earlier one ends before the later one begins. */
export const releaseOrderEstablished = defineFact({
  id: 'releaseOrderEstablished',
  description: 'true when the as-of times of the two releases establish which came first; false otherwise.',
  scopes: ['releasePair'],
  returns: 'boolean',
  compute(subject, _params, ctx) {
    return { value: orderOf(subject, ctx).established, sources: asOfSources(subject) };
  },
});

/** What orders the pair, in words: both as-of times, or why file order had to decide. */
export const releaseOrderBasis = defineFact({
  id: 'releaseOrderBasis',
  description: 'What orders the two releases, in words: their as-of times, or why file order decides.',
  scopes: ['releasePair'],
  returns: 'text',
  compute(subject, _params, ctx) {
    return { value: orderOf(subject, ctx).words, sources: asOfSources(subject) };
  },
});

function processed(release: Release, index: number): Measurement {
  const progress = countProgress(release, `/releases/${index}`);
  if (!progress.processed)
    return missing('unknown', `${release.id} is preliminary and gives no share processed`);
  return {
    value: progress.processed,
    sources: progress.sources,
    detail: { printed: release.progress?.share.printed ?? null, counts: progress.unit },
  };
}

/** Share processed in the earlier release, { value, plusMinus } in percent (100 for a final release stating none). */
export const earlierProcessedShare = defineFact({
  id: 'earlierProcessedShare',
  description: 'Share processed in the earlier release of the pair, in percent, as { value, plusMinus }.',
  scopes: ['releasePair'],
  returns: UNCERTAIN,
  compute: ({ earlier, earlierIndex }) => processed(earlier, earlierIndex),
});

/** Share processed in the later release, { value, plusMinus } in percent (100 for a final release stating none). */
export const laterProcessedShare = defineFact({
  id: 'laterProcessedShare',
  description: 'Share processed in the later release of the pair, in percent, as { value, plusMinus }.',
  scopes: ['releasePair'],
  returns: UNCERTAIN,
  compute: ({ later, laterIndex }) => processed(later, laterIndex),
});

/** Status of the earlier release: "preliminary" or "final". */
export const earlierStatus = defineFact({
  id: 'earlierStatus',
  description: 'Status of the earlier release of the pair: "preliminary" or "final".',
  scopes: ['releasePair'],
  returns: 'text',
  compute: ({ earlier, earlierIndex }) => ({
    value: earlier.status,
    sources: [{ pointer: `/releases/${earlierIndex}/status` }],
  }),
});

/** Status of the later release: "preliminary" or "final". */
export const laterStatus = defineFact({
  id: 'laterStatus',
  description: 'Status of the later release of the pair: "preliminary" or "final".',
  scopes: ['releasePair'],
  returns: 'text',
  compute: ({ later, laterIndex }) => ({
    value: later.status,
    sources: [{ pointer: `/releases/${laterIndex}/status` }],
  }),
});
