/** Distinct candidates of a release, repeated entries, and the number of candidates a claim states. */
import { describe, expect, it } from 'vitest';
import {
  candidateCount,
  claimedCandidateCount,
  duplicatedCandidates,
  duplicateResults,
} from '../../src/facts/release-candidates.js';
import { AT, dataset, fig, measure, outcome, release } from '../helpers/facts.js';

const withResults = (ids: string[]) =>
  dataset({ releases: [release(ids.map((candidate) => ({ candidate })))] });

const claim = (id: string, n: number) => ({ id, kind: 'candidateCount', count: fig(n), at: AT });

describe('candidateCount', () => {
  it.each([
    [['a', 'b', 'c'], 3],
    [['a', 'b', 'a'], 2],
    [['a'], 1],
  ])('%j: %d', (ids, n) => {
    expect(outcome(measure(candidateCount, 'release', withResults(ids)))).toBe(n);
  });
});

describe('claimedCandidateCount', () => {
  it.each([
    [[], { missing: 'notApplicable' }],
    [[claim('c1', 3)], 3],
    [[claim('c1', 3), claim('c2', 3)], 3],
    [[claim('c1', 3), claim('c2', 4)], { missing: 'unknown' }],
    // A leader claim is no candidate count.
    [[{ id: 'l1', kind: 'leader', candidate: 'a', at: AT }], { missing: 'notApplicable' }],
  ])('claims %j: %j', (claims, expected) => {
    const data = dataset({ claims, releases: [release([{ candidate: 'a' }])] });
    expect(outcome(measure(claimedCandidateCount, 'release', data))).toEqual(expected);
    expect(outcome(measure(claimedCandidateCount, 'dataset', data))).toEqual(expected);
  });
});

describe('duplicateResults and duplicatedCandidates', () => {
  it.each([
    [['a', 'b'], 0, []],
    [['a', 'b', 'a'], 1, ['Candidate A (2 entries)']],
    [['a', 'a', 'a', 'b', 'b'], 3, ['Candidate A (3 entries)', 'Candidate B (2 entries)']],
    // A candidate the dataset does not list is named by its id.
    [['zed', 'zed'], 1, ['zed (2 entries)']],
  ])('%j: %d extra, %j', (ids, extra, names) => {
    expect(outcome(measure(duplicateResults, 'release', withResults(ids)))).toBe(extra);
    expect(outcome(measure(duplicatedCandidates, 'release', withResults(ids)))).toEqual(names);
  });
});
