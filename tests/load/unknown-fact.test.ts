/**
 * An unknown fact's hint: the closest names, then the facts that measure the rule's scope (not the first
 * dozen of all facts alphabetically), and the command listing them.
 */
import { describe, expect, it } from 'vitest';
import { facts } from '../../src/facts/index.js';
import { pack, problemsOf } from '../helpers/rule-pack.js';

const hintFor = (fact: string, scope: string) =>
  problemsOf(pack({ all: [{ fact, operator: 'greaterThan', value: 1 }] }, { scope }))[0]?.hint;

describe('an unknown fact', () => {
  it('names the closest facts, then the others of the rule scope, and rules facts --scope', () => {
    const hint = hintFor('pollGapSise', 'estimateShare');
    expect(hint).toMatch(
      /^Known facts with a similar name: "pollGapSize"\. Other facts that measure an estimateShare: /,
    );
    const listed = /measure an estimateShare: ([^.]*)\./.exec(hint ?? '')?.[1]?.split(', ');
    expect(listed).toEqual(
      facts
        .filter((f) => (f.scopes as string[]).includes('estimateShare') && f.id !== 'pollGapSize')
        .map((f) => f.id),
    );
    expect(hint).toMatch(
      /`tallycheck rules facts --scope estimateShare` lists each with what it measures\.$/,
    );
  });

  it('without a close name, lists the scope facts, at most 24 of a large scope', () => {
    expect(hintFor('zzzzzzzz', 'table')).toBe(
      'Facts that measure a table: rowsRead, rowsRejected, unitsThatSumTheOthers, unitsThatSumTheOthersList. ' +
        '`tallycheck rules facts --scope table` lists each with what it measures.',
    );
    expect(hintFor('zzzzzzzz', 'unitScreen')).toMatch(
      / \.\.\. \(46 in all\)\. `tallycheck rules facts --scope unitScreen`/,
    );
  });
});
