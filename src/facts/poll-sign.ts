/** Facts on whether several estimates err the same way against the authority: counts by side, sign test. */
import type { DatasetContext, SubjectOf } from '../engine/subjects.js';
import { defineFact, type FigureSource, type Missing, missing } from './define.js';
import { clean, sourceOf, uncertain } from './figures.js';
import { authorityFigure } from './sampling.js';

/** Float noise allowed on top of the rounding tolerance, as in the rounding operators. */
const EPSILON = 1e-9;

interface Sides {
  above: string[];
  below: string[];
  within: string[];
  sources: FigureSource[];
}

/** Which estimates lie above, below, or within rounding of the authority's share for the candidate. */
function sides(subject: SubjectOf<'candidateEstimates'>, ctx: DatasetContext): Sides | Missing {
  if (subject.entries.length < 2)
    return missing('notApplicable', 'fewer than 2 estimates for this candidate');
  const a = authorityFigure(ctx, subject.candidate);
  if ('missing' in a) return a;
  const out: Sides = { above: [], below: [], within: [], sources: [a.source] };
  for (const e of subject.entries) {
    const poll = uncertain(e.share);
    const slack = poll.plusMinus + a.share.plusMinus + EPSILON;
    const gap = poll.value - a.share.value;
    (gap > slack ? out.above : gap < -slack ? out.below : out.within).push(e.estimate.id);
    out.sources.push(sourceOf(e.share, `/estimates/${e.estimateIndex}/shares/${e.shareIndex}/share`));
  }
  return out;
}

function sideCount(id: string, side: 'above' | 'below') {
  return defineFact({
    id,
    description: `Number of estimates ${side} the authority's share for the candidate, beyond rounding (2+ estimates).`,
    scopes: ['candidateEstimates'],
    returns: 'number',
    compute(subject, _params, ctx) {
      const s = sides(subject, ctx);
      if ('missing' in s) return s;
      return {
        value: s[side].length,
        sources: s.sources,
        detail: { above: s.above, below: s.below, withinRounding: s.within },
      };
    },
  });
}

/** How many estimates lie above the authority's share beyond rounding. */
export const pollsAboveAuthority = sideCount('pollsAboveAuthority', 'above');

/** How many estimates lie below the authority's share beyond rounding. */
export const pollsBelowAuthority = sideCount('pollsBelowAuthority', 'below');

/** Two-sided sign-test p-value for k of m signs on one side: 2·P(X ≥ k), X ~ Binomial(m, 1/2), at most 1. */
export function signTestP(above: number, below: number): number {
  const m = above + below;
  const k = Math.max(above, below);
  let tail = 0;
  let choose = 1; // C(m, i), built up from i = 0
  for (let i = 0; i <= m; i++) {
    if (i >= k) tail += choose;
    choose = (choose * (m - i)) / (i + 1);
  }
  return Math.min(1, (2 * tail) / 2 ** m);
}

/**
 * Two-sided sign-test p-value of the estimates erring one way: estimates within rounding of the authority
 * are dropped (ties); with all n on one side it is 2·0.5^n.
 */
export const pollsSignTestP = defineFact({
  id: 'pollsSignTestP',
  description: 'Two-sided sign-test p-value of estimates lying above versus below the authority share.',
  scopes: ['candidateEstimates'],
  returns: 'number',
  compute(subject, _params, ctx) {
    const s = sides(subject, ctx);
    if ('missing' in s) return s;
    return {
      value: clean(signTestP(s.above.length, s.below.length)),
      sources: s.sources,
      detail: { above: s.above.length, below: s.below.length, ties: s.within.length },
    };
  },
});
