/** How loading a rule names facts it cannot use: an unknown fact, and a fact of another scope. */
import { describe, expect, it } from 'vitest';
import { aScope } from '../../src/schema/subject-names.js';
import { pack, problemsOf } from '../helpers/rule-pack.js';

const usingFact = (fact: string, scope = 'estimateShare') =>
  problemsOf(pack({ all: [{ fact, operator: 'greaterThan', value: 1 }] }, { scope }));

describe('a fact the rule cannot use', () => {
  it('a fact of another scope, with the article its scope takes', () => {
    expect(usingFact('shareSum')[0]?.message).toBe('fact "shareSum" does not measure an estimateShare');
    expect(usingFact('pollGapSize', 'release')[0]?.message).toBe(
      'fact "pollGapSize" does not measure a release',
    );
    expect(
      ['estimateShare', 'unit', 'unitScreen', 'leaderClaim', 'estimatePair', 'dataset'].map(aScope),
    ).toEqual([
      'an estimateShare',
      'a unit',
      'a unitScreen',
      'a leaderClaim',
      'an estimatePair',
      'a dataset',
    ]);
  });
});
