/** Several estimates of one candidate: how many, their spread, and the margin of error of that spread. */
import { describe, expect, it } from 'vitest';
import { pollCount, pollsSpread, pollsSpreadMargin } from '../../src/facts/poll-spread.js';
import { dataset, estimate, measure, valueOrMissing } from '../helpers/fact-measure.js';

const data = dataset({
  estimates: [
    estimate('p1', { a: '55.0', b: '45' }, '10000'),
    estimate('p2', { a: '50.0' }, '10000'),
    estimate('p3', { a: '52.0' }),
  ],
});
const on = (fact: Parameters<typeof measure>[0], candidate: string, params = {}) =>
  valueOrMissing(measure(fact, data, 'candidateEstimates', `candidate:${candidate}/estimates`, params));

describe('spread facts', () => {
  it.each([
    // margin: hypot(1.959964 x sqrt(2 x .55 x .45 / 1e4), 1.959964 x sqrt(2 x .5 x .5 / 1e4)) x 100
    ['a', 3, { value: 5, plusMinus: 0.1 }, 1.9551],
    ['b', 1, 'missing:notApplicable', 'missing:notApplicable'],
  ])('candidate %s: %s estimates, spread %o, margin %s', (candidate, count, spread, margin) => {
    expect(on(pollCount, candidate)).toBe(count);
    expect(on(pollsSpread, candidate)).toEqual(spread);
    const m = on(pollsSpreadMargin, candidate);
    if (typeof margin === 'number') expect(m).toBeCloseTo(margin, 3);
    else expect(m).toBe(margin);
  });

  it('follows the rule parameters', () => {
    // Design effect 1 divides each margin by sqrt(2).
    expect(on(pollsSpreadMargin, 'a', { designEffect: 1 })).toBeCloseTo(1.9551 / Math.SQRT2, 3);
  });
});
