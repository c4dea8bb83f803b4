/** A result's printed share against the shares its votes imply on valid ballots and on ballots cast. */
import { describe, expect, it } from 'vitest';
import {
  impliedShares,
  resultShare,
  shareDenominator,
  shareVotesExcess,
} from '../../src/facts/share-votes.js';
import { dataset, fig, measure, outcome, release } from '../helpers/facts.js';

type Fig = ReturnType<typeof fig>;

/** A release whose first result is candidate a with the given votes and share, b with 400 votes (or none). */
function data(
  a: { votes?: Fig; share?: Fig },
  fields: Record<string, unknown>,
  bVotes: Fig | null = fig(400),
) {
  return dataset({
    releases: [
      release(
        [
          { candidate: 'a', ...a },
          { candidate: 'b', ...(bVotes ? { votes: bVotes } : {}) },
        ],
        fields,
      ),
    ],
  });
}

const both = { validBallots: fig(1000, '1,000'), ballotsCast: fig(1050, '1,050') };
const validOnly = { validBallots: fig(1000, '1,000') };
const castOnly = { ballotsCast: fig(1050, '1,050') };

describe('shareVotesExcess', () => {
  it.each([
    ['matches valid ballots', { votes: fig(600), share: fig(60, '60.0') }, both, null, 0],
    ['matches ballots cast', { votes: fig(600), share: fig(57.1) }, both, null, 0],
    ['matches neither', { votes: fig(600), share: fig(61, '61.0') }, both, null, 0.95],
    ['valid ballots added up', { votes: fig(600), share: fig(60, '60.0') }, {}, fig(400), 0],
    ['on the edge of rounding', { votes: fig(1201), share: fig(60.1) }, { validBallots: fig(2000) }, null, 0],
    ['in words: half a point', { votes: fig(606), share: fig(60, 'sixty percent') }, validOnly, null, 0.1],
    ['unreadable: no tolerance', { votes: fig(601), share: fig(60, 'about sixty') }, validOnly, null, 0.1],
    ['no votes', { share: fig(60, '60.0') }, both, null, { missing: 'notApplicable' }],
    ['no share', { votes: fig(600) }, both, null, { missing: 'notApplicable' }],
    ['no denominator', { votes: fig(600), share: fig(60, '60.0') }, {}, null, { missing: 'unknown' }],
    [
      'zero denominator',
      { votes: fig(0), share: fig(0) },
      { validBallots: fig(0) },
      null,
      { missing: 'unknown' },
    ],
  ])('%s', (_, a, fields, bVotes, expected) => {
    expect(outcome(measure(shareVotesExcess, 'releaseResult', data(a, fields, bVotes)))).toEqual(expected);
  });

  it('says which denominator matched and what each implies', () => {
    const m = measure(shareVotesExcess, 'releaseResult', data({ votes: fig(600), share: fig(57.1) }, both));
    expect('detail' in m && m.detail).toMatchObject({
      matched: ['ballotsCast'],
      comparisons: [
        { denominator: 'validBallots', impliedShare: 60, difference: -2.9, excess: 2.85 },
        { denominator: 'ballotsCast', impliedShare: 57.1428571429, excess: 0 },
      ],
    });
  });
});

describe('impliedShares', () => {
  it.each([
    [
      { votes: fig(600), share: fig(57.1) },
      both,
      null,
      ['60.00% of 1,000 valid ballots', '57.14% of 1,050 ballots cast'],
    ],
    [
      { votes: fig(600), share: fig(60, '60.0') },
      {},
      fig(400),
      ["60.00% of 1,000 valid ballots (the candidates' votes added up)"],
    ],
    // One decimal more than the share was printed with.
    [
      { votes: fig(9205), share: fig(92.05) },
      { validBallots: fig(10000) },
      null,
      ['92.050% of 10,000 valid ballots'],
    ],
    [{ share: fig(60, '60.0') }, both, null, { missing: 'notApplicable' }],
  ])('%j on %j', (a, fields, bVotes, expected) => {
    expect(outcome(measure(impliedShares, 'releaseResult', data(a, fields, bVotes)))).toEqual(expected);
  });
});

describe('shareDenominator', () => {
  it.each([
    ['valid ballots', { votes: fig(600), share: fig(60, '60.0') }, both, null, 'validBallots'],
    ['ballots cast', { votes: fig(600), share: fig(57.1) }, both, null, 'ballotsCast'],
    ['neither', { votes: fig(600), share: fig(61, '61.0') }, both, null, 'neither'],
    [
      'both',
      { votes: fig(600), share: fig(60) },
      { validBallots: fig(1000), ballotsCast: fig(1001) },
      null,
      'both',
    ],
    ['valid ballots added up', { votes: fig(600), share: fig(57.1) }, castOnly, fig(400), 'ballotsCast'],
    [
      'no ballots cast',
      { votes: fig(600), share: fig(60, '60.0') },
      validOnly,
      null,
      { missing: 'notApplicable' },
    ],
    ['no valid ballots', { votes: fig(600), share: fig(57.1) }, castOnly, null, { missing: 'unknown' }],
    ['no votes', { share: fig(57.1) }, both, null, { missing: 'notApplicable' }],
  ])('%s', (_, a, fields, bVotes, expected) => {
    expect(outcome(measure(shareDenominator, 'releaseResult', data(a, fields, bVotes)))).toEqual(expected);
  });
});

describe('resultShare', () => {
  it.each([
    [{ share: fig(60, '60.0') }, { value: 60, plusMinus: 0.05 }],
    [{ share: fig(60, 'sixty percent') }, { value: 60, plusMinus: 0.5 }],
    [{ share: fig(60, 'about sixty') }, { value: 60, plusMinus: 0 }],
    [{ votes: fig(600) }, { missing: 'notApplicable' }],
  ])('%j: %j', (a, expected) => {
    expect(outcome(measure(resultShare, 'releaseResult', data(a, both)))).toEqual(expected);
  });
});
