/** An estimate against the authority: shares, gap, gap size and sign, with the rounding of both figures. */
import { describe, expect, it } from 'vitest';
import {
  authorityShare,
  pollGap,
  pollGapDirection,
  pollGapSize,
  pollShare,
} from '../../src/facts/poll-gap.js';
import { dataset, estimate, measure, release, valueOrMissing } from '../helpers/fact-measure.js';

const data = dataset({
  releases: [release('r', 'final', { a: '52.0', b: '48.0', c: null })],
  estimates: [estimate('p', { a: '55', b: '47.9', c: '1.0' })],
});
const at = (fact: Parameters<typeof measure>[0], candidate: string, d = data) =>
  valueOrMissing(measure(fact, d, 'estimateShare', `estimate:p/candidate:${candidate}`));

describe('poll gap facts', () => {
  it.each([
    [
      'a',
      { value: 55, plusMinus: 0.5 },
      { value: 52, plusMinus: 0.05 },
      { value: 3, plusMinus: 0.55 },
      'above',
    ],
    [
      'b',
      { value: 47.9, plusMinus: 0.05 },
      { value: 48, plusMinus: 0.05 },
      { value: -0.1, plusMinus: 0.1 },
      'within rounding of',
    ],
    ['c', { value: 1, plusMinus: 0.05 }, 'missing:unknown', 'missing:unknown', 'missing:unknown'],
  ])('candidate %s: poll %o, authority %o, gap %o, %s', (candidate, poll, authority, gap, direction) => {
    expect(at(pollShare, candidate)).toEqual(poll);
    expect(at(authorityShare, candidate)).toEqual(authority);
    expect(at(pollGap, candidate)).toEqual(gap);
    expect(at(pollGapDirection, candidate)).toBe(direction);
  });

  it('gives the size of a negative gap', () => {
    const below = dataset({ releases: data.releases, estimates: [estimate('p', { a: '50.0' })] });
    expect(at(pollGapSize, 'a', below)).toEqual({ value: 2, plusMinus: 0.1 });
    expect(at(pollGapDirection, 'a', below)).toBe('below');
  });

  it('is notApplicable without any release to compare with', () => {
    const alone = dataset({ estimates: [estimate('p', { a: '50' })] });
    expect(at(pollGap, 'a', alone)).toBe('missing:notApplicable');
    expect(at(pollShare, 'a', alone)).toEqual({ value: 50, plusMinus: 0.5 });
  });
});
