/** Names and numbers written for readers: thousands separators and release labels. */
import { describe, expect, it } from 'vitest';
import { groupThousands, releaseLabel } from '../../src/facts/names.js';
import { dataset, release } from '../helpers/facts.js';

describe('groupThousands', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [1234567, '1,234,567'],
    [-1050, '-1,050'],
    [1050.5, '1,050.5'],
  ])('%d is written %s', (n, text) => {
    expect(groupThousands(n)).toBe(text);
  });
});

describe('releaseLabel', () => {
  it.each([
    [{}, 'Test Commission, final (r1)'],
    [
      { status: 'preliminary', asOf: '2024-05-06T08:00Z' },
      'Test Commission, preliminary as of 2024-05-06T08:00Z (r1)',
    ],
  ])('%j is named %s', (fields, label) => {
    const data = dataset({ releases: [release([{ candidate: 'a' }], fields)] });
    expect(releaseLabel(data.releases[0] as (typeof data.releases)[0])).toBe(label);
  });
});
