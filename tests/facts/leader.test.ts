/** A leader claim against its release: the best-placed rival's lead, its name, and the release used. */
import { describe, expect, it } from 'vitest';
import { bestRival, bestRivalLead, claimRelease } from '../../src/facts/leader.js';
import { AT, dataset, fig, measure, outcome, release } from '../helpers/facts.js';

type Fig = ReturnType<typeof fig>;

const result = (candidate: string, share?: Fig) => ({ candidate, ...(share ? { share } : {}) });
const claim = (candidate: string, rel?: string) => ({
  id: 'claim',
  kind: 'leader',
  candidate,
  ...(rel ? { release: rel } : {}),
  at: AT,
});
const usual = [result('a', fig(50.1)), result('b', fig(45.2)), result('c', fig(4.7))];
const data = (results: unknown[], c = claim('a'), more: unknown[] = []) =>
  dataset({ releases: [release(results), ...more], claims: [c] });

describe('bestRivalLead and bestRival', () => {
  it.each([
    ['the leader leads', data(usual), { value: -4.9, plusMinus: 0.1 }, 'Candidate B'],
    ['a rival leads', data(usual, claim('b', 'r1')), { value: 4.9, plusMinus: 0.1 }, 'Candidate A'],
    [
      'a share in words',
      data([result('a', fig(50.1)), result('b', fig(40, 'forty percent'))], claim('b')),
      { value: 10.1, plusMinus: 0.55 },
      'Candidate A',
    ],
    [
      // c is ahead of a even at the low end of its rounding (44.85 > 44.5): it is the rival most surely ahead.
      'the rival most surely ahead',
      data([result('a', fig(44, '44.0')), result('b', fig(45, '45')), result('c', fig(44.9))]),
      { value: 0.9, plusMinus: 0.1 },
      'Candidate C',
    ],
    [
      'the latest final release when the claim names none',
      data([result('a', fig(40.1)), result('b', fig(59.9))], claim('a'), [
        release([result('a', fig(52.1)), result('b', fig(47.9))], { id: 'r0', status: 'preliminary' }),
      ]),
      { value: 19.8, plusMinus: 0.1 },
      'Candidate B',
    ],
    [
      'the leader has no result',
      data([result('b', fig(60)), result('c', fig(40))]),
      { missing: 'unknown' },
      null,
    ],
    ['the leader has no share', data([result('a'), result('b', fig(60))]), { missing: 'unknown' }, null],
    ['a rival has no share', data([result('a', fig(60)), result('b')]), { missing: 'unknown' }, null],
    ['no rival', data([result('a', fig(100))]), { missing: 'notApplicable' }, null],
    ['no release', dataset({ claims: [claim('a')] }), { missing: 'unknown' }, null],
  ])('%s', (_, d, lead, rival) => {
    expect(outcome(measure(bestRivalLead, 'leaderClaim', d))).toEqual(lead);
    expect(outcome(measure(bestRival, 'leaderClaim', d))).toEqual(rival ?? lead);
  });
});

describe('claimRelease', () => {
  it.each([
    [data(usual), 'Test Commission, final (r1)'],
    [data(usual, claim('a', 'r1')), 'Test Commission, final (r1)'],
    [dataset({ claims: [claim('a')] }), { missing: 'unknown' }],
  ])('%#: %j', (d, expected) => {
    expect(outcome(measure(claimRelease, 'leaderClaim', d))).toEqual(expected);
  });
});
