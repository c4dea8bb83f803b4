/** The final shares a partial count can still reach, per candidate and for the leader and the runner-up. */
import { describe, expect, it } from 'vitest';
import {
  finalShareInterval,
  leaderCandidate,
  leaderReachableShare,
  runnerUpCandidate,
  runnerUpReachableShare,
} from '../../src/facts/partial-interval.js';
import { dataset, estimate, measure, release, valueOrMissing } from '../helpers/fact-measure.js';

const progress80 = { share: '80', counts: 'ballots' as const };
const data = dataset({
  releases: [
    // a: 55.45 x 79.5 / 100 = 44.08275; 100 - 79.5 x (1 - 0.5555) = 64.66225.
    release('r80', 'preliminary', { a: '55.5', b: '44.5' }, progress80),
    release('done', 'final', { a: '55.5', b: '44.5' }),
    release('bare', 'preliminary', { a: '55.5', b: '44.5' }),
    release('noshare', 'preliminary', { a: '55.5', b: null }, progress80),
    // c printed "two" in words carries ±0.5, so it can reach more than b although printed lower.
    release('words', 'preliminary', { a: '90.00', b: '2.20', c: '2' }, { share: '90.00', counts: 'ballots' }),
  ],
});

describe('finalShareInterval', () => {
  it.each([
    ['r80', 'a', { low: 44.08275, high: 64.66225 }],
    ['r80', 'b', { low: 35.33775, high: 55.91725 }],
    ['done', 'a', { low: 55.45, high: 55.55 }],
    ['bare', 'a', 'missing:unknown'],
    ['noshare', 'b', 'missing:notApplicable'],
  ])('%s, candidate %s: %o', (id, candidate, expected) => {
    const m = measure(finalShareInterval, data, 'releaseResult', `release:${id}/candidate:${candidate}`);
    expect(valueOrMissing(m)).toEqual(expected);
  });

  it('is exact for ballots and says what it assumes otherwise', () => {
    const stations = dataset({
      releases: [
        release('s', 'preliminary', { a: '50', b: '50' }, { share: '50', counts: 'pollingStations' }),
      ],
    });
    const m = measure(finalShareInterval, stations, 'releaseResult', 'release:s/candidate:a');
    expect('detail' in m && m.detail?.basis).toMatch(/equal numbers of ballots/);
  });

  it('measures the reference release for an estimate; a candidate it lacks is unknown', () => {
    const polls = dataset({
      releases: data.releases.slice(0, 1),
      estimates: [estimate('p', { a: '60', c: '1' })],
    });
    expect(
      valueOrMissing(measure(finalShareInterval, polls, 'estimateShare', 'estimate:p/candidate:a')),
    ).toEqual({
      low: 44.08275,
      high: 64.66225,
    });
    expect(
      valueOrMissing(measure(finalShareInterval, polls, 'estimateShare', 'estimate:p/candidate:c')),
    ).toBe('missing:unknown');
  });
});

describe('leader and runner-up', () => {
  it.each([
    ['r80', 'A', { low: 44.08275, high: 64.66225 }, 'B', { low: 35.33775, high: 55.91725 }],
    ['words', 'A', { low: 80.99100025, high: 91.00499975 }, 'C', { low: 1.349925, high: 12.254875 }],
    ['noshare', 'missing:unknown', 'missing:unknown', 'missing:unknown', 'missing:unknown'],
    ['bare', 'missing:unknown', 'missing:unknown', 'missing:unknown', 'missing:unknown'],
  ])('%s: leader %s %o, runner-up %s %o', (id, leader, leaderShare, runnerUp, runnerUpShare) => {
    const m = (fact: Parameters<typeof measure>[0]) =>
      valueOrMissing(measure(fact, data, 'release', `release:${id}`));
    expect(m(leaderCandidate)).toBe(leader);
    expect(m(leaderReachableShare)).toEqual(leaderShare);
    expect(m(runnerUpCandidate)).toBe(runnerUp);
    expect(m(runnerUpReachableShare)).toEqual(runnerUpShare);
  });

  it.each([
    // On a leader claim the claimed candidate is the leader, even when printed second.
    ['r80', 'b', 'B', { low: 35.33775, high: 55.91725 }, 'A', { low: 44.08275, high: 64.66225 }],
    ['r80', 'a', 'A', { low: 44.08275, high: 64.66225 }, 'B', { low: 35.33775, high: 55.91725 }],
    ['noshare', 'a', 'missing:unknown', 'missing:unknown', 'missing:unknown', 'missing:unknown'],
    ['bare', 'a', 'missing:unknown', 'missing:unknown', 'missing:unknown', 'missing:unknown'],
  ])(
    'a claim on %s that %s leads: leader %s %o, runner-up %s %o',
    (id, candidate, leader, leaderShare, runnerUp, runnerUpShare) => {
      const at = { source: 's', paragraph: 1 };
      const claimed = dataset({
        releases: data.releases,
        claims: [{ id: 'c', kind: 'leader', candidate, release: id, outcome: 'wins', at }],
      });
      const m = (fact: Parameters<typeof measure>[0]) =>
        valueOrMissing(measure(fact, claimed, 'leaderClaim', 'claim:c'));
      expect(m(leaderCandidate)).toBe(leader);
      expect(m(leaderReachableShare)).toEqual(leaderShare);
      expect(m(runnerUpCandidate)).toBe(runnerUp);
      expect(m(runnerUpReachableShare)).toEqual(runnerUpShare);
    },
  );

  it('is notApplicable with a single candidate', () => {
    const one = dataset({ releases: [release('one', 'final', { a: '100' })] });
    expect(valueOrMissing(measure(leaderReachableShare, one, 'release', 'release:one'))).toBe(
      'missing:notApplicable',
    );
  });
});
