/** Facts on two successive releases of one authority: whether their as-of times order them, statuses, progress. */
import type { DatasetContext, SubjectOf } from '../engine/subjects.js';
import type { Release } from '../schema/dataset.js';
import { defineFact, type FigureSource, type Measurement, missing, UNCERTAIN } from './define.js';
import { countProgress } from './reachable.js';
import { type TimeSpan, timeSpan } from './when.js';

/** A release's usable as-of time, or null. */
function asOfSpan(r: Release): TimeSpan | null {
  return r.asOf ? timeSpan(r.asOf) : null;
}

/** The source a release was taken from, with its index, when that source gives a usable date. */
function datedSource(
  r: Release,
  ctx: DatasetContext,
): { index: number; date: string; span: TimeSpan } | null {
  const index = ctx.dataset.sources.findIndex((s) => s.id === r.source);
  const date = ctx.dataset.sources[index]?.date;
  const span = date ? timeSpan(date) : null;
  return date && span ? { index, date, span } : null;
}

/** Whether an instant or day `a` ends before `b` begins: a date covers its whole day, a date-time is an instant. */
function before(a: TimeSpan, b: TimeSpan): boolean {
  return a.start === a.end ? a.end < b.start : a.end <= b.start;
}

/**
 * Where the pair's order comes from: each release's as-of time, or (for one without) the release itself and the
 * date of the earlier release's source, which bounds when that release was current.
 */
function orderSources(subject: SubjectOf<'releasePair'>, ctx: DatasetContext): FigureSource[] {
  const { earlier, later, earlierIndex, laterIndex } = subject;
  const of = (r: Release, index: number): FigureSource[] => {
    if (asOfSpan(r)) return [{ pointer: `/releases/${index}/asOf`, printed: r.asOf as string }];
    const source = r === earlier ? datedSource(r, ctx) : null;
    return [
      { pointer: `/releases/${index}` },
      ...(source ? [{ pointer: `/sources/${source.index}/date`, printed: source.date }] : []),
    ];
  };
  return [...of(earlier, earlierIndex), ...of(later, laterIndex)];
}

/**
 * Whether the pair's order is established, and how or why not. It is when the earlier release was current
 * before the later one's as-of time begins: by its own as-of time, or, lacking one, by the date of its source
 * (a source cannot report a count from after it was published). A later release's source date bounds nothing
 * useful (it may have been published long after), so the later release needs an as-of time. In diff, the old
 * file's version of a release the new file revises came first by construction.
 */
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
  const a = asOfSpan(earlier);
  const b = asOfSpan(later);
  if (!b) {
    const lacking = [...(a ? [] : [earlier.id]), later.id];
    return {
      established: false,
      words: `${lacking.join(' and ')} ${lacking.length > 1 ? 'give' : 'gives'} no usable as-of time, so the order rests on source dates and file order`,
    };
  }
  if (!a) {
    const source = datedSource(earlier, ctx);
    if (!source)
      return {
        established: false,
        words: `${earlier.id} gives no usable as-of time and its source no date, so the order rests on file order`,
      };
    const established = before(source.span, b);
    const bound = `${earlier.id} gives no as-of time, but its source is dated ${source.date}`;
    return {
      established,
      words: established
        ? `${bound}, before ${later.id}'s as-of time ${later.asOf}`
        : `${bound}, which is not before ${later.id}'s as-of time ${later.asOf}, so the order rests on file order`,
    };
  }
  const established = before(a, b);
  const times = `${earlier.id} is as of ${earlier.asOf} and ${later.id} as of ${later.asOf}`;
  return {
    established,
    words: established ? times : `${times}, which do not say which came first (file order decides)`,
  };
}

/** true when the earlier release (by its as-of time, else its source's date) ends before the later one's as-of time. */
export const releaseOrderEstablished = defineFact({
  id: 'releaseOrderEstablished',
  description:
    "true when the as-of times of the two releases (or the date of the earlier one's source) establish which came first; false otherwise.",
  scopes: ['releasePair'],
  returns: 'boolean',
  compute(subject, _params, ctx) {
    return { value: orderOf(subject, ctx).established, sources: orderSources(subject, ctx) };
  },
});

/** What orders the pair, in words: both as-of times, or why file order had to decide. */
export const releaseOrderBasis = defineFact({
  id: 'releaseOrderBasis',
  description: 'What orders the two releases, in words: their as-of times, or why file order decides.',
  scopes: ['releasePair'],
  returns: 'text',
  compute(subject, _params, ctx) {
    return { value: orderOf(subject, ctx).words, sources: orderSources(subject, ctx) };
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
