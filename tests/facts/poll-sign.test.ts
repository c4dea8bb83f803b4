/** Whether estimates err the same way: counts above and below the authority, and the sign-test p-value. */
import { describe, expect, it } from 'vitest';
import {
  pollsAboveAuthority,
  pollsBelowAuthority,
  pollsSignTestP,
  signTestP,
} from '../../src/facts/poll-sign.js';
import { dataset, estimate, measure, release, valueOrMissing } from '../helpers/fact-measure.js';

const releases = [release('r', 'final', { a: '52.0', b: '48.0' })];

describe('sign facts', () => {
  it.each([
    ['all above', ['53.0', '54.0', '55.0'], 3, 0, 0.25],
    ['all below', ['50.0', '51.0'], 0, 2, 0.5],
    ['mixed', ['53.0', '51.0'], 1, 1, 1],
    ['one within rounding', ['53.0', '52.1'], 1, 0, 1],
    [
      'a single estimate',
      ['53.0'],
      'missing:notApplicable',
      'missing:notApplicable',
      'missing:notApplicable',
    ],
  ])('%s: above %s, below %s, p %s', (_name, shares, above, below, p) => {
    const data = dataset({ releases, estimates: shares.map((s, i) => estimate(`p${i}`, { a: s })) });
    const on = (fact: Parameters<typeof measure>[0]) =>
      valueOrMissing(measure(fact, data, 'candidateEstimates', 'candidate:a/estimates'));
    expect(on(pollsAboveAuthority)).toBe(above);
    expect(on(pollsBelowAuthority)).toBe(below);
    expect(on(pollsSignTestP)).toBe(p);
  });

  it('is unknown when the authority gives no share for the candidate', () => {
    const data = dataset({
      releases: [release('r', 'final', { a: '52.0', b: null })],
      estimates: [estimate('p1', { b: '40' }), estimate('p2', { b: '41' })],
    });
    expect(valueOrMissing(measure(pollsSignTestP, data, 'candidateEstimates', 'candidate:b/estimates'))).toBe(
      'missing:unknown',
    );
  });

  it.each([
    [3, 0, 0.25],
    [0, 10, 2 * 0.5 ** 10],
    [5, 1, 0.21875],
    [0, 0, 1],
  ])('signTestP(%s above, %s below) = %s', (above, below, p) => {
    expect(signTestP(above, below)).toBeCloseTo(p, 10);
  });
});
