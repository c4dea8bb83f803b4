/** Facts comparing one estimate's share for a candidate with the authority's share: the gap and its sign. */
import type { DatasetContext, SubjectOf } from '../engine/subjects.js';
import { defineFact, UNCERTAIN } from './define.js';
import { clean, sourceOf, uncertain } from './figures.js';
import { authorityFigure } from './sampling.js';

/** Rounding slack of a comparison: the two half-widths plus float noise (as the rounding operators use). */
const EPSILON = 1e-9;

/** The estimate's share for the candidate, in percent, with its printed half-width. */
export const pollShare = defineFact({
  id: 'pollShare',
  description: "The estimate's share for the candidate, in percent, as { value, plusMinus }.",
  scopes: ['estimateShare'],
  returns: UNCERTAIN,
  compute(subject) {
    return {
      value: uncertain(subject.share),
      sources: [sourceOf(subject.share, `${subject.pointer}/share`)],
    };
  },
});

/** The reference release's share for the candidate, in percent, with its printed half-width. */
export const authorityShare = defineFact({
  id: 'authorityShare',
  description: "The reference release's share for the candidate, in percent, as { value, plusMinus }.",
  scopes: ['estimateShare', 'candidateEstimates'],
  returns: UNCERTAIN,
  compute(subject, _params, ctx) {
    const a = authorityFigure(ctx, subject.candidate);
    if ('missing' in a) return a;
    return { value: a.share, sources: [a.source], detail: { release: ctx.referenceRelease?.id } };
  },
});

/** The gap poll - authority in points, as { value, plusMinus } with both printed half-widths added. */
function gap(subject: SubjectOf<'estimateShare'>, ctx: DatasetContext) {
  const a = authorityFigure(ctx, subject.candidate);
  if ('missing' in a) return a;
  const poll = uncertain(subject.share);
  return {
    gap: { value: clean(poll.value - a.share.value), plusMinus: clean(poll.plusMinus + a.share.plusMinus) },
    sources: [sourceOf(subject.share, `${subject.pointer}/share`), a.source],
  };
}

/** Poll minus authority, in points (positive: the poll is higher), with the rounding both figures allow. */
export const pollGap = defineFact({
  id: 'pollGap',
  description: 'Estimate minus authority share, in points, as { value, plusMinus } (rounding of both).',
  scopes: ['estimateShare'],
  returns: UNCERTAIN,
  compute(subject, _params, ctx) {
    const g = gap(subject, ctx);
    if ('missing' in g) return g;
    return { value: g.gap, sources: g.sources };
  },
});

/** The size of the gap |poll - authority|, in points, with the rounding both figures allow. */
export const pollGapSize = defineFact({
  id: 'pollGapSize',
  description: 'Absolute gap |estimate - authority share|, in points, as { value, plusMinus }.',
  scopes: ['estimateShare'],
  returns: UNCERTAIN,
  compute(subject, _params, ctx) {
    const g = gap(subject, ctx);
    if ('missing' in g) return g;
    return { value: { value: Math.abs(g.gap.value), plusMinus: g.gap.plusMinus }, sources: g.sources };
  },
});

/** Where the poll lies against the authority, in words: "above", "below" or "within rounding of". */
export const pollGapDirection = defineFact({
  id: 'pollGapDirection',
  description: 'Sign of the gap in words: "above", "below", or "within rounding of" the authority share.',
  scopes: ['estimateShare'],
  returns: 'text',
  compute(subject, _params, ctx) {
    const g = gap(subject, ctx);
    if ('missing' in g) return g;
    const { value, plusMinus } = g.gap;
    const words =
      value > plusMinus + EPSILON ? 'above' : value < -plusMinus - EPSILON ? 'below' : 'within rounding of';
    return { value: words, sources: g.sources };
  },
});
