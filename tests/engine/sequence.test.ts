/** Releases over time: each authority's releases in as-of order, and the pair subjects built on that order. */
import { describe, expect, it } from 'vitest';
import { releaseSequences } from '../../src/engine/sequence.js';
import { datasetContext, subjectsOf } from '../../src/engine/subjects.js';
import { percentOf } from '../../src/facts/sequence-helpers.js';
import { type Dataset, DatasetSchema } from '../../src/schema/dataset.js';

const at = { source: 'src', paragraph: 1 };
const share = (value: number) => ({ value, printed: String(value), at });

function dataset(releases: { id: string; asOf?: string; authority?: string; status?: string }[]): Dataset {
  return DatasetSchema.parse({
    schemaVersion: 1,
    id: 'sequence-test',
    election: { country: 'Testland', office: 'President', date: '2024-05-05', kind: 'regular' },
    sources: [{ id: 'src', publisher: 'Test Gazette', date: '2024-05-06' }],
    candidates: [{ id: 'a', name: 'Candidate A' }],
    releases: releases.map((r) => ({
      authority: 'Commission',
      source: 'src',
      status: 'preliminary',
      results: [{ candidate: 'a', share: share(50) }],
      ...r,
    })),
  });
}

const order = (d: Dataset) => releaseSequences(d).map((s) => s.map((r) => r.release.id));

describe('releaseSequences', () => {
  it.each([
    [
      'as-of order, not file order',
      [
        { id: 'b', asOf: '2024-05-06T10:00Z' },
        { id: 'a', asOf: '2024-05-06T08:00Z' },
      ],
      [['a', 'b']],
    ],
    [
      'file order on equal times',
      [
        { id: 'x', asOf: '2024-05-06' },
        { id: 'y', asOf: '2024-05-06' },
      ],
      [['x', 'y']],
    ],
    [
      'a release without as-of time takes its source date',
      [{ id: 'late', asOf: '2024-05-07' }, { id: 'undated' }, { id: 'early', asOf: '2024-05-05' }],
      [['early', 'undated', 'late']],
    ],
    [
      'one sequence per authority',
      [{ id: 'p', authority: 'Other' }, { id: 'q' }, { id: 'r', authority: 'Other' }],
      [['p', 'r'], ['q']],
    ],
  ])('%s', (_name, releases, expected) => {
    expect(order(dataset(releases))).toEqual(expected);
  });

  it('pairs consecutive releases, and a partial release with every later one', () => {
    const d = dataset([
      { id: 'r1', asOf: '2024-05-06T01:00Z' },
      { id: 'r2', asOf: '2024-05-06T02:00Z' },
      { id: 'r3', asOf: '2024-05-07', status: 'final' },
    ]);
    const ctx = datasetContext(d);
    expect(subjectsOf('releasePair', ctx).map((s) => s.id)).toEqual([
      'release:r1/next:r2',
      'release:r2/next:r3',
    ]);
    expect(subjectsOf('partialBound', ctx).map((s) => s.id)).toEqual([
      'release:r1/later:r2/candidate:a',
      'release:r1/later:r3/candidate:a',
      'release:r2/later:r3/candidate:a',
    ]);
  });
});

describe('percentOf', () => {
  it.each([
    [
      { value: 1, plusMinus: 0 },
      { value: 4, plusMinus: 0 },
      { value: 25, plusMinus: 0 },
    ],
    [
      { value: 10, plusMinus: 0.5 },
      { value: 20, plusMinus: 0 },
      { value: 50, plusMinus: 2.5 },
    ],
    [{ value: 1, plusMinus: 0 }, { value: 0, plusMinus: 0 }, null],
    [{ value: 1, plusMinus: 0 }, { value: 0.4, plusMinus: 0.5 }, null],
  ])('%j of %j is %j', (a, b, expected) => {
    expect(percentOf(a, b)).toEqual(expected);
  });
});
