/** An estimate's sample size and margin of error at the rule's confidence level and design effect. */
import { describe, expect, it } from 'vitest';
import { pollMarginOfError, pollSampleSize, pollSampleSizeBasis } from '../../src/facts/poll-margin.js';
import { criticalZ, MarginParamsSchema } from '../../src/facts/sampling.js';
import { dataset, estimate, measure, valueOrMissing } from '../helpers/fact-measure.js';

const data = dataset({
  estimates: [estimate('small', { a: '93.9' }), estimate('big', { a: '55.0', b: '0' }, '10000')],
});
const on = (fact: Parameters<typeof measure>[0], id: string, params = {}) =>
  measure(fact, data, 'estimateShare', `estimate:${id}`, params);

describe('margin of error', () => {
  it.each([
    // 1.959964 x sqrt(2 x 0.939 x 0.061 / 1000) x 100
    ['small/candidate:a', {}, 2.0978],
    // 1.959964 x sqrt(2 x 0.55 x 0.45 / 10000) x 100
    ['big/candidate:a', {}, 1.379],
    // design effect 1, 99%: 2.575829 x sqrt(0.55 x 0.45 / 10000) x 100
    ['big/candidate:a', { confidenceLevel: 0.99, designEffect: 1 }, 1.2815],
    ['small/candidate:a', { assumedSampleSize: 4000 }, 1.0489],
    ['big/candidate:b', {}, 0],
  ])('%s with %o: %s points', (id, params, expected) => {
    expect(valueOrMissing(on(pollMarginOfError, id, params))).toBeCloseTo(expected, 3);
  });

  it('flags an assumed sample size in the detail', () => {
    const m = on(pollMarginOfError, 'small/candidate:a');
    expect('detail' in m && m.detail).toMatchObject({ sampleSize: 1000, sampleSizeAssumed: true });
  });

  it.each([
    ['small/candidate:a', 1000, 'assumed: the dataset gives none'],
    ['big/candidate:a', 10000, 'published'],
  ])('%s: sample size %s, %s', (id, n, basis) => {
    expect(valueOrMissing(on(pollSampleSize, id))).toBe(n);
    expect(valueOrMissing(on(pollSampleSizeBasis, id))).toBe(basis);
  });

  it('takes z from the normal quantile and rejects unknown or out-of-range parameters', () => {
    expect(criticalZ(0.95)).toBeCloseTo(1.959964, 6);
    expect(MarginParamsSchema.safeParse({ confidence: 0.9 }).success).toBe(false);
    expect(MarginParamsSchema.safeParse({ confidenceLevel: 1 }).success).toBe(false);
    expect(MarginParamsSchema.safeParse({ assumedSampleSize: 0 }).success).toBe(false);
    expect(MarginParamsSchema.parse({})).toEqual({
      confidenceLevel: 0.95,
      designEffect: 2,
      assumedSampleSize: 1000,
    });
  });
});
