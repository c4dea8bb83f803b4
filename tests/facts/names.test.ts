/** Names written for readers: release labels. */
import { describe, expect, it } from 'vitest';
import { releaseLabel } from '../../src/facts/names.js';
import { dataset, release } from '../helpers/facts.js';

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
