/** Precinct protocol arithmetic facts, on one unit and on a level's sums: turnout, vote sums, candidate excess. */
import { describe, expect, it } from 'vitest';
import { protocolCast, protocolVoteSum } from '../../src/facts/precinct-counts.js';
import { ballotExcess, turnoutRatio } from '../../src/facts/precinct-turnout.js';
import {
  maxCandidateExcess,
  maxCandidateExcessCandidate,
  voteSumExcess,
  voteSumGap,
} from '../../src/facts/precinct-votes.js';
import { onLevel, onUnit, outcome, table, unit } from '../helpers/precinct.js';

const NA = Number.NaN;
const unknown = { missing: 'unknown' };
const notApplicable = { missing: 'notApplicable' };
const noRegistered = table({ counts: { cast: 'cast', invalid: 'invalid' } });
const noInvalid = table({ counts: { registered: 'registered', cast: 'cast' } });

describe('ballotExcess and turnoutRatio', () => {
  it.each([
    ['within', unit(), table(), -20, 100 / 120],
    ['full turnout', unit({ counts: { cast: 120 } }), table(), 0, 1],
    ['above', unit({ counts: { cast: 130 } }), table(), 10, 130 / 120],
    ['cast missing', unit({ counts: { cast: undefined } }), table(), unknown, unknown],
    ['nobody registered', unit({ counts: { registered: 0, cast: 0 } }), table(), 0, notApplicable],
    [
      'registered not mapped',
      unit({ counts: { registered: undefined } }),
      noRegistered,
      notApplicable,
      notApplicable,
    ],
    // An unmapped column decides before a missing cell: the check does not apply to the table at all.
    [
      'not mapped, and cast missing',
      unit({ counts: { registered: undefined, cast: undefined } }),
      noRegistered,
      notApplicable,
      notApplicable,
    ],
  ])('%s', (_, u, info, excess, ratio) => {
    expect(outcome(onUnit(ballotExcess, u, info))).toEqual(excess);
    expect(outcome(onUnit(turnoutRatio, u, info))).toEqual(ratio);
  });

  it('sums a level, and is unknown there when any unit lacks a count', () => {
    const units = [unit(), unit({ id: '2', counts: { registered: 50, cast: 60 } })];
    expect(outcome(onLevel(ballotExcess, units))).toBe(-10);
    expect(outcome(onLevel(ballotExcess, units, 'region:North'))).toBe(-10);
    expect(
      outcome(onLevel(ballotExcess, [...units, unit({ id: '3', counts: { cast: undefined } })])),
    ).toEqual(unknown);
  });
});

describe('voteSumGap and voteSumExcess', () => {
  it.each([
    ['adds up', unit(), table(), 0, notApplicable],
    ['two votes too many', unit({ votes: [62, 38] }), table(), 2, notApplicable],
    ['a vote missing', unit({ votes: [60, NA] }), table(), unknown, notApplicable],
    ['no invalid column, within', unit({ counts: { invalid: undefined } }), noInvalid, notApplicable, -2],
    [
      'no invalid column, above',
      unit({ votes: [70, 35], counts: { invalid: undefined } }),
      noInvalid,
      notApplicable,
      5,
    ],
    // A missing vote can only add to an excess already found; with none found, the sum is open.
    [
      'missing vote, excess stands',
      unit({ votes: [101, NA], counts: { invalid: undefined } }),
      noInvalid,
      notApplicable,
      1,
    ],
    [
      'missing vote, no excess',
      unit({ votes: [60, NA], counts: { invalid: undefined } }),
      noInvalid,
      notApplicable,
      unknown,
    ],
    ['cast missing', unit({ counts: { cast: undefined } }), table(), unknown, notApplicable],
  ])('%s', (_, u, info, gap, excess) => {
    expect(outcome(onUnit(voteSumGap, u, info))).toEqual(gap);
    expect(outcome(onUnit(voteSumExcess, u, info))).toEqual(excess);
  });

  it('sums a level; offsetting units cancel out there', () => {
    const units = [unit({ votes: [63, 38] }), unit({ id: '2', votes: [57, 38] })];
    expect(outcome(onLevel(voteSumGap, units))).toBe(0);
    expect(outcome(onLevel(voteSumGap, [...units, unit({ id: '3', votes: [NA, 38] })]))).toEqual(unknown);
  });

  it('reports the vote sum, unknown when a cell is missing', () => {
    expect(outcome(onUnit(protocolVoteSum, unit()))).toBe(98);
    expect(outcome(onUnit(protocolVoteSum, unit({ votes: [NA, 38] })))).toEqual(unknown);
    expect(outcome(onLevel(protocolCast, [unit(), unit({ id: '2' })]))).toBe(200);
  });
});

describe('maxCandidateExcess', () => {
  it.each([
    ['within', unit(), -40, 'Candidate A got 60 votes'],
    ['above', unit({ votes: [130, 0] }), 30, 'Candidate A got 130 votes'],
    ['the larger of two', unit({ votes: [101, 104] }), 4, 'Candidate B got 104 votes'],
    ['a missing vote beside an excess', unit({ votes: [NA, 104] }), 4, 'Candidate B got 104 votes'],
    ['a missing vote, no excess', unit({ votes: [NA, 38] }), unknown, unknown],
    ['all missing', unit({ votes: [NA, NA] }), unknown, unknown],
    ['cast missing', unit({ counts: { cast: undefined } }), unknown, unknown],
  ])('%s', (_, u, excess, words) => {
    expect(outcome(onUnit(maxCandidateExcess, u))).toEqual(excess);
    expect(outcome(onUnit(maxCandidateExcessCandidate, u))).toEqual(words);
  });

  it('names the candidate in its detail, and works on levels', () => {
    const m = onUnit(maxCandidateExcess, unit({ votes: [130, 0] }));
    expect(m).toMatchObject({ detail: { candidate: 'Candidate A', votes: 130, cast: 100 } });
    const units = [unit({ votes: [150, 0] }), unit({ id: '2', votes: [60, 38] })];
    expect(outcome(onLevel(maxCandidateExcess, units))).toBe(10);
  });
});
