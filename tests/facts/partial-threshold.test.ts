/** The win threshold as the dataset records it. */
import { describe, expect, it } from 'vitest';
import { winThreshold, winThresholdStrict } from '../../src/facts/partial-threshold.js';
import { dataset, measure, release, valueOrMissing } from '../helpers/fact-measure.js';

const releases = [release('r', 'final', { a: '60', b: '40' })];

describe('winThreshold and winThresholdStrict', () => {
  it.each([
    [{ winThreshold: { share: 50, strict: true } }, 50, true],
    [{ winThreshold: { share: 40, strict: false } }, 40, false],
    [{}, 'missing:notApplicable', 'missing:notApplicable'],
  ])('election %o: threshold %s, strict %s', (election, share, strict) => {
    const data = dataset({ releases, election });
    expect(valueOrMissing(measure(winThreshold, data, 'release', 'release:r'))).toBe(share);
    expect(valueOrMissing(measure(winThresholdStrict, data, 'release', 'release:r'))).toBe(strict);
  });
});
