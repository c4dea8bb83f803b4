/** Facts on what a partial release promised: whether a later release of the same authority stays inside it. */
import type { SubjectOf } from '../engine/subjects.js';
import { defineFact, INTERVAL, type Interval, type Missing } from './define.js';
import { clean } from './figures.js';
import { type Reachable, reachableResult, resultFor } from './reachable.js';

/** The reachable intervals of the candidate in both releases (the later one's is its share ± rounding when final). */
function bounds(subject: SubjectOf<'partialBound'>): { earlier: Reachable; later: Reachable } | Missing {
  const { earlier, later, earlierIndex, laterIndex, candidate } = subject;
  const e = reachableResult(
    { release: earlier, pointer: `/releases/${earlierIndex}` },
    resultFor(earlier, candidate),
    'notApplicable',
  );
  if ('missing' in e) return e;
  const l = reachableResult(
    { release: later, pointer: `/releases/${laterIndex}` },
    resultFor(later, candidate),
    'notApplicable',
  );
  if ('missing' in l) return l;
  return { earlier: e, later: l };
}

/** How far b lies outside a: positive above, negative below, 0 when they overlap. */
function offset(a: Interval, b: Interval): number {
  if (b.low > a.high) return clean(b.low - a.high);
  if (b.high < a.low) return clean(b.high - a.low);
  return 0;
}

/**
 * Points by which the interval the later release still allows for the candidate's final share lies outside the
 * interval the earlier partial release allowed; 0 when they overlap (both can hold the final share).
 */
export const partialBoundGap = defineFact({
  id: 'partialBoundGap',
  description:
    "Points between the later release's reachable interval and the earlier partial release's (0 when they overlap).",
  scopes: ['partialBound'],
  returns: 'number',
  compute(subject) {
    const b = bounds(subject);
    if ('missing' in b) return b;
    return {
      value: Math.abs(offset(b.earlier.interval, b.later.interval)),
      sources: [...b.earlier.sources, ...b.later.sources],
      detail: {
        earlier: { interval: b.earlier.interval, ...b.earlier.detail },
        later: { interval: b.later.interval, ...b.later.detail },
      },
    };
  },
});

/** Where the later interval lies against the earlier one: "above", "below" or "inside". */
export const partialBoundSide = defineFact({
  id: 'partialBoundSide',
  description:
    'Where the later reachable interval lies against the earlier one: "above", "below" or "inside".',
  scopes: ['partialBound'],
  returns: 'text',
  compute(subject) {
    const b = bounds(subject);
    if ('missing' in b) return b;
    const o = offset(b.earlier.interval, b.later.interval);
    return { value: o > 0 ? 'above' : o < 0 ? 'below' : 'inside' };
  },
});

/** The interval { low, high } (percent) the earlier partial release allowed for the candidate's final share. */
export const earlierReachableShare = defineFact({
  id: 'earlierReachableShare',
  description:
    "Interval { low, high } (percent) the earlier partial release allowed for the candidate's final share.",
  scopes: ['partialBound'],
  returns: INTERVAL,
  compute(subject) {
    const b = bounds(subject);
    if ('missing' in b) return b;
    return { value: b.earlier.interval, sources: b.earlier.sources, detail: b.earlier.detail };
  },
});

/** The interval { low, high } (percent) the later release allows: its printed share ± rounding when final. */
export const laterReachableShare = defineFact({
  id: 'laterReachableShare',
  description: "Interval { low, high } (percent) the later release allows for the candidate's final share.",
  scopes: ['partialBound'],
  returns: INTERVAL,
  compute(subject) {
    const b = bounds(subject);
    if ('missing' in b) return b;
    return { value: b.later.interval, sources: b.later.sources, detail: b.later.detail };
  },
});
