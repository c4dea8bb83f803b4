/** How far an estimate lies outside the interval a partial count can still reach. */
import { describe, expect, it } from 'vitest';
import { pollDistanceFromReachable } from '../../src/facts/poll-reachable.js';
import { dataset, estimate, measure, release, valueOrMissing } from '../helpers/fact-measure.js';

// Reachable at 80% of ballots: a 44.08275 to 64.66225, b 35.33775 to 55.91725.
const partial = release('r', 'preliminary', { a: '55.5', b: '44.5' }, { share: '80', counts: 'ballots' });

describe('pollDistanceFromReachable', () => {
  it.each([
    ['inside', partial, { a: '60' }, 'a', 0],
    ['above', partial, { a: '66' }, 'a', 0.83775],
    ['touching through rounding', partial, { a: '65' }, 'a', 0],
    ['below', partial, { b: '30' }, 'b', 4.83775],
    [
      'no progress',
      release('r', 'preliminary', { a: '55.5', b: '44.5' }),
      { a: '60' },
      'a',
      'missing:unknown',
    ],
    ['candidate not in the count', partial, { c: '1' }, 'c', 'missing:unknown'],
  ])('%s', (_name, r, shares, candidate, expected) => {
    const data = dataset({ releases: [r], estimates: [estimate('p', shares)] });
    const m = measure(pollDistanceFromReachable, data, 'estimateShare', `estimate:p/candidate:${candidate}`);
    expect(valueOrMissing(m)).toEqual(expected);
  });

  it('is notApplicable without a release', () => {
    const data = dataset({ estimates: [estimate('p', { a: '60' })] });
    const m = measure(pollDistanceFromReachable, data, 'estimateShare', 'estimate:p/candidate:a');
    expect(valueOrMissing(m)).toBe('missing:notApplicable');
  });
});
