/** Facts on how far a count has got: status, share processed, its unit, the uncounted share, in words. */
import { describe, expect, it } from 'vitest';
import {
  processedShare,
  processedUnit,
  processedWords,
  provisionalWords,
  releaseStatus,
  uncountedShare,
} from '../../src/facts/partial-count.js';
import { dataset, estimate, measure, release, valueOrMissing } from '../helpers/fact-measure.js';

const data = dataset({
  releases: [
    release('prelim', 'preliminary', { a: '55.5', b: '44.5' }, { share: '80', counts: 'ballots' }),
    release(
      'stations',
      'preliminary',
      { a: '55.5', b: '44.5' },
      { share: '60.5', counts: 'pollingStations' },
    ),
    release('bare', 'preliminary', { a: '55.5', b: '44.5' }),
    release('done', 'final', { a: '55.5', b: '44.5' }),
    release('final-partial', 'final', { a: '55.5', b: '44.5' }, { share: '99.5', counts: 'unknown' }),
    release('complete', 'preliminary', { a: '55.5', b: '44.5' }, { share: '100', counts: 'pollingStations' }),
  ],
});

describe('release facts', () => {
  it.each([
    ['prelim', 'preliminary', 80, 'ballots', { value: 20, plusMinus: 0.5 }, '80% of ballots processed'],
    [
      'stations',
      'preliminary',
      60.5,
      'polling stations (assumes equal-sized stations)',
      { value: 39.5, plusMinus: 0.05 },
      '60.5% of polling stations (assumes equal-sized stations) processed',
    ],
    [
      'bare',
      'preliminary',
      'missing:unknown',
      'missing:unknown',
      'missing:unknown',
      'no stated share processed',
    ],
    [
      'done',
      'final',
      100,
      'the whole count (a final release)',
      { value: 0, plusMinus: 0 },
      'the whole count processed',
    ],
    [
      'final-partial',
      'final',
      99.5,
      'an unstated unit (the dataset does not know what is counted)',
      { value: 0.5, plusMinus: 0.05 },
      '99.5% of an unstated unit (the dataset does not know what is counted) processed',
    ],
  ])(
    '%s: status %s, processed %s, unit %s, uncounted %o, words %s',
    (id, status, share, unit, uncounted, words) => {
      const m = (fact: Parameters<typeof measure>[0]) =>
        valueOrMissing(measure(fact, data, 'release', `release:${id}`));
      expect(m(releaseStatus)).toBe(status);
      expect(m(processedShare)).toEqual(share);
      expect(m(processedUnit)).toBe(unit);
      expect(m(uncountedShare)).toEqual(uncounted);
      expect(m(processedWords)).toBe(words);
    },
  );

  it.each([
    ['prelim', '80% of ballots processed, so its shares are those of a partial count and can still move'],
    [
      'bare',
      'no stated share processed in a preliminary release, so its shares may be those of a partial count and can still move',
    ],
    [
      'complete',
      'the whole count processed (100%), but the release is preliminary, so its figures can still be corrected (recounts, annulled units, late protocols) before the final result',
    ],
    [
      'final-partial',
      '99.5% of an unstated unit (the dataset does not know what is counted) processed, so its shares are those of a partial count and can still move',
    ],
    ['done', 'final, with the whole count processed'],
  ])('provisionalWords of %s: %s', (id, words) => {
    expect(valueOrMissing(measure(provisionalWords, data, 'release', `release:${id}`))).toBe(words);
  });

  it('gives the reference release to estimates, and notApplicable without one', () => {
    const polls = [estimate('p', { a: '50' })];
    const withRelease = dataset({ releases: data.releases.slice(0, 1), estimates: polls });
    expect(
      valueOrMissing(measure(processedShare, withRelease, 'estimateShare', 'estimate:p/candidate:a')),
    ).toBe(80);
    const alone = dataset({ estimates: polls });
    expect(valueOrMissing(measure(processedShare, alone, 'estimateShare', 'estimate:p/candidate:a'))).toBe(
      'missing:notApplicable',
    );
  });
});
