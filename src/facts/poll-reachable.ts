/** Fact on whether an estimate agrees with the final shares a partial count can still reach. */
import { defineFact, missing } from './define.js';
import { clean, sourceOf, uncertain } from './figures.js';
import { reachableResult, releaseOf, resultFor } from './reachable.js';

/**
 * How far, in points, the estimate lies outside the interval the candidate's final share can still reach in
 * the reference release; 0 when its printed rounding interval touches the reachable one.
 */
export const pollDistanceFromReachable = defineFact({
  id: 'pollDistanceFromReachable',
  description:
    "Points between the estimate (± its rounding) and the interval the candidate's final share can reach; 0 inside.",
  scopes: ['estimateShare'],
  returns: 'number',
  compute(subject, _params, ctx) {
    const at = releaseOf(subject, ctx);
    if (!at) return missing('notApplicable', 'the dataset has no release to compare estimates with');
    const r = reachableResult(at, resultFor(at.release, subject.candidate), 'unknown');
    if ('missing' in r) return r;
    const reachable = r.interval;
    const poll = uncertain(subject.share);
    const pollLow = poll.value - poll.plusMinus;
    const pollHigh = poll.value + poll.plusMinus;
    const distance = Math.max(0, pollLow - reachable.high, reachable.low - pollHigh);
    return {
      value: clean(distance),
      sources: [sourceOf(subject.share, `${subject.pointer}/share`), ...r.sources],
      detail: {
        poll: { low: clean(pollLow), high: clean(pollHigh) },
        reachable,
        side: pollLow > reachable.high ? 'above' : pollHigh < reachable.low ? 'below' : 'inside',
        basis: r.detail.basis,
      },
    };
  },
});
