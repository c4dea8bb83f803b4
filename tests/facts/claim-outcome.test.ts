/** What a leader claim says beyond the lead, as a value and in words; not applicable to a mere lead. */
import { describe, expect, it } from 'vitest';
import { claimedOutcome, claimedOutcomeWords } from '../../src/facts/claim-outcome.js';
import { processedShare, uncountedShare } from '../../src/facts/partial-count.js';
import type { LeaderOutcome } from '../../src/schema/dataset.js';
import { dataset, measure, release, valueOrMissing } from '../helpers/fact-measure.js';

const at = { source: 's', paragraph: 1 };
const withClaim = (outcome?: LeaderOutcome, claimRelease?: string) =>
  dataset({
    releases: [
      release('r1', 'preliminary', { a: '55.5', b: '44.5' }, { share: '30', counts: 'pollingStations' }),
      release('r2', 'preliminary', { a: '55.5', b: '44.5' }, { share: '80', counts: 'ballots' }),
    ],
    claims: [
      {
        id: 'c',
        kind: 'leader',
        candidate: 'a',
        ...(claimRelease ? { release: claimRelease } : {}),
        ...(outcome ? { outcome } : {}),
        at,
      },
    ],
  });
const m = (fact: Parameters<typeof measure>[0], data: ReturnType<typeof withClaim>) =>
  valueOrMissing(measure(fact, data, 'leaderClaim', 'claim:c'));

describe('claimedOutcome and claimedOutcomeWords', () => {
  it.each([
    [undefined, 'missing:notApplicable', 'missing:notApplicable'],
    ['leads', 'missing:notApplicable', 'missing:notApplicable'],
    ['wins', 'wins', 'has won'],
    ['winsOutright', 'winsOutright', 'has won outright'],
    ['fallsShort', 'fallsShort', 'has fallen short of the share needed to win outright'],
  ] as const)('%s: %s, "%s"', (outcome, value, words) => {
    const data = withClaim(outcome);
    expect(m(claimedOutcome, data)).toBe(value);
    expect(m(claimedOutcomeWords, data)).toBe(words);
  });
});

describe('count progress on a leader claim', () => {
  it('reads the release the claim names, else the latest one', () => {
    expect(m(processedShare, withClaim('wins', 'r1'))).toBe(30);
    expect(m(uncountedShare, withClaim('wins', 'r1'))).toEqual({ value: 70, plusMinus: 0.5 });
    expect(m(processedShare, withClaim('wins'))).toBe(80);
  });
});
