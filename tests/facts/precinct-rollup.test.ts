/** Roll-up facts: the sums of a table's units against its release's published totals and shares. */
import { describe, expect, it } from 'vitest';
import {
  rollUpCountGaps,
  rollUpCountMismatches,
  rollUpShareExcess,
  rollUpShareGaps,
} from '../../src/facts/precinct-rollup.js';
import { dataset, fig, release } from '../helpers/facts.js';
import { onLevel, outcome, table, unit } from '../helpers/precinct.js';

const NA = Number.NaN;
/** Two units: registered 240, cast 200, invalid 4, A 120, B 76 (valid 196). */
const units = [unit(), unit({ id: '2', levels: ['South'] })];
const withRelease = table({}, 'r1');

function data(fields: Record<string, unknown>, results: unknown[] = []) {
  return dataset({
    releases: [release(results.length > 0 ? results : [{ candidate: 'a', votes: fig(120) }], fields)],
  });
}

describe('rollUpCountMismatches', () => {
  it.each([
    ['all match', data({ registeredVoters: fig(240), ballotsCast: fig(200), invalidBallots: fig(4) }), 0],
    ['cast and A differ', data({ ballotsCast: fig(210) }, [{ candidate: 'a', votes: fig(118) }]), 2],
    ['rounded figure within rounding', data({ ballotsCast: fig(200, '200') }), 0],
    // Valid ballots are not mapped, so the candidates' votes added up stand for them.
    ['valid ballots from the votes', data({ validBallots: fig(196) }), 0],
  ])('%s', (_, d, count) => {
    expect(outcome(onLevel(rollUpCountMismatches, units, 'total', withRelease, d))).toBe(count);
  });

  it('writes the differences out', () => {
    const d = data({ ballotsCast: fig(210, '210') }, [{ candidate: 'a', votes: fig(118) }]);
    expect(outcome(onLevel(rollUpCountGaps, units, 'total', withRelease, d))).toBe(
      'ballots cast: published 210, units add up to 200 (-10); votes of Candidate A: published 118, units add up to 120 (+2)',
    );
  });

  it('lists the regions whose own sums disagree most', () => {
    const off = [unit(), unit({ id: '2', levels: ['South'], votes: [70, 38] })];
    const m = onLevel(rollUpCountMismatches, off, 'total', withRelease, data({ ballotsCast: fig(210) }));
    // Ballots cast (200 against 210) and A's votes (130 against 120) differ.
    expect(m).toMatchObject({
      value: 2,
      detail: { regions: [{ region: 'South', units: 1, voteSumGap: 10, ballotExcess: 0, missingCells: 0 }] },
    });
  });

  it.each([
    ['a region', 'region:North', withRelease, data({ ballotsCast: fig(200) }), 'notApplicable'],
    ['no release named', 'total', table(), data({ ballotsCast: fig(200) }), 'notApplicable'],
    [
      'nothing comparable',
      'total',
      withRelease,
      data({ turnout: fig(83.3) }, [{ candidate: 'c', votes: fig(1) }]),
      'notApplicable',
    ],
  ])('not applicable: %s', (_, node, info, d, kind) => {
    expect(outcome(onLevel(rollUpCountMismatches, units, node, info, d))).toEqual({ missing: kind });
  });

  it('is unknown when units lack a compared figure and nothing else differs', () => {
    const lacking = [unit(), unit({ id: '2', votes: [NA, 38] })];
    expect(outcome(onLevel(rollUpCountMismatches, lacking, 'total', withRelease, data({})))).toEqual({
      missing: 'unknown',
    });
    // A differing figure stands whatever else is unknown.
    const d = data({ ballotsCast: fig(190) });
    expect(outcome(onLevel(rollUpCountMismatches, lacking, 'total', withRelease, d))).toBe(1);
  });
});

describe('rollUpShareExcess', () => {
  const shares = (a: string, b: string) =>
    data({}, [
      { candidate: 'a', share: fig(Number(a), a) },
      { candidate: 'b', share: fig(Number(b), b) },
    ]);

  it.each([
    // A: 120 of 196 valid = 61.22%, of 200 cast = 60%; B: 38.78% and 38%.
    ['on valid ballots', shares('61.2', '38.8'), 0],
    ['on ballots cast', shares('60.0', '38.0'), 0],
    ['neither', shares('62.0', '38.0'), 0.73],
  ])('%s', (_, d, excess) => {
    const m = outcome(onLevel(rollUpShareExcess, units, 'total', withRelease, d));
    expect(m).toBeCloseTo(excess, 2);
  });

  it('writes the differing shares out', () => {
    expect(outcome(onLevel(rollUpShareGaps, units, 'total', withRelease, shares('62.0', '38.0')))).toBe(
      'share of Candidate A: published 62.0%, units give 61.22% of valid ballots, 60.00% of ballots cast',
    );
  });

  it('is not applicable without shares and unknown without the votes', () => {
    // B's 38.0 matches on ballots cast; A's votes are missing in a unit, so A's share is open.
    expect(outcome(onLevel(rollUpShareExcess, units, 'total', withRelease, data({})))).toEqual({
      missing: 'notApplicable',
    });
    const lacking = [unit(), unit({ id: '2', votes: [NA, 38] })];
    expect(
      outcome(onLevel(rollUpShareExcess, lacking, 'total', withRelease, shares('61.2', '38.0'))),
    ).toEqual({
      missing: 'unknown',
    });
  });
});
