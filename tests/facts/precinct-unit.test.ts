/** Facts on one precinct row: counts whole and non-negative, a repeated id, independent counts. */
import { describe, expect, it } from 'vitest';
import {
  duplicateOfLine,
  independentExcess,
  independentExcessCandidate,
  negativeOrFractionalCells,
  negativeOrFractionalCounts,
} from '../../src/facts/precinct-unit.js';
import { onUnit, outcome, table, unit } from '../helpers/precinct.js';

const NA = Number.NaN;
const unknown = { missing: 'unknown' };
const observed = table({
  independent: {
    kind: 'observerCount',
    columns: [
      { candidate: 'a', column: 'obs_a' },
      { candidate: 'b', column: 'obs_b' },
    ],
  },
});

describe('negativeOrFractionalCounts', () => {
  it.each([
    ['whole', unit(), 0, []],
    [
      'negative invalid, fractional vote',
      unit({ counts: { invalid: -3 }, votes: [60.5, 38] }),
      2,
      ['invalid = -3', 'votes of a = 60.5'],
    ],
    ['a missing vote, nothing wrong', unit({ votes: [NA, 38] }), unknown, []],
    ['a missing vote beside a wrong one', unit({ votes: [NA, -1] }), 1, ['votes of b = -1']],
    // Counts the mapping does not name are not cells of the table.
    [
      'unmapped counts are not missing',
      unit({ counts: { registered: undefined, invalid: undefined } }),
      0,
      [],
      table({ counts: { cast: 'cast' } }),
    ],
  ])('%s', (_, u, count, cells, info = table()) => {
    expect(outcome(onUnit(negativeOrFractionalCounts, u, info))).toEqual(count);
    expect(outcome(onUnit(negativeOrFractionalCells, u, info))).toEqual(cells);
  });

  it('checks independent counts too', () => {
    const u = unit({ independent: [59.5, 38] });
    expect(outcome(onUnit(negativeOrFractionalCells, u, observed))).toEqual([
      'independent count of a = 59.5',
    ]);
  });
});

describe('duplicateOfLine', () => {
  it.each([
    ['own id', unit(), 0],
    ['repeats line 3', unit({ duplicateOf: 3 }), 3],
  ])('%s', (_, u, line) => {
    expect(outcome(onUnit(duplicateOfLine, u))).toBe(line);
  });
});

describe('independentExcess', () => {
  it.each([
    [
      'no independent counts mapped',
      unit(),
      table(),
      { missing: 'notApplicable' },
      { missing: 'notApplicable' },
    ],
    [
      'below the official count',
      unit({ independent: [58, 38] }),
      observed,
      0,
      "the observers' count gives Candidate B 38 votes, the official count 38",
    ],
    [
      'above for A',
      unit({ independent: [75, 25] }),
      observed,
      15,
      "the observers' count gives Candidate A 75 votes, the official count 60",
    ],
    [
      'a missing count beside an excess',
      unit({ independent: [NA, 40] }),
      observed,
      2,
      "the observers' count gives Candidate B 40 votes, the official count 38",
    ],
    ['a missing count, no excess', unit({ independent: [NA, 30] }), observed, unknown, unknown],
    [
      'an official vote missing',
      unit({ votes: [NA, 38], independent: [50, 30] }),
      observed,
      unknown,
      unknown,
    ],
  ])('%s', (_, u, info, excess, words) => {
    expect(outcome(onUnit(independentExcess, u, info))).toEqual(excess);
    expect(outcome(onUnit(independentExcessCandidate, u, info))).toEqual(words);
  });

  it('only compares the candidates the mapping covers', () => {
    const onlyA = table({
      independent: { kind: 'photoVerified', columns: [{ candidate: 'a', column: 'obs_a' }] },
    });
    const m = onUnit(independentExcess, unit({ independent: [61, NA] }), onlyA);
    expect(m).toMatchObject({ value: 1, detail: { candidate: 'Candidate A', kind: 'photoVerified' } });
  });
});
