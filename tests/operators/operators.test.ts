/** Operators never coerce: wrong types and missing values are refused (reported as not evaluated), never false. */
import { describe, expect, it } from 'vitest';
import { operatorsByName } from '../../src/operators/index.js';

const op = (name: string) => {
  const o = operatorsByName.get(name);
  if (!o) throw new Error(name);
  return o;
};

describe('operators', () => {
  it.each([
    ['lessThan', 1, 2, true],
    ['lessThan', 2, 2, false],
    ['lessThanInclusive', 2, 2, true],
    ['greaterThan', 3, 2, true],
    ['greaterThanInclusive', 2, 2, true],
    ['equal', 'a', 'a', true],
    ['equal', 1, 1, true],
    ['notEqual', 1, 2, true],
    ['in', 'b', ['a', 'b'], true],
    ['notIn', 'c', ['a', 'b'], true],
    ['contains', ['a', 'b'], 'a', true],
    ['doesNotContain', ['a', 'b'], 'c', true],
    ['differsBeyondRounding', { value: 100.4, plusMinus: 0.5 }, 100, false],
    ['differsBeyondRounding', { value: 100.6, plusMinus: 0.5 }, 100, true],
    ['differsBeyondRounding', 99.4, { value: 100, plusMinus: 0.5 }, true],
    ['greaterThanBeyondRounding', { value: 0.3, plusMinus: 0.2 }, 0, true],
    ['greaterThanBeyondRounding', { value: 0.2, plusMinus: 0.2 }, 0, false],
    ['lessThanBeyondRounding', { value: -0.3, plusMinus: 0.2 }, 0, true],
  ])('%s(%j, %j) is %s', (name, a, b, expected) => {
    expect(op(name).accepts(a, b)).toBeNull();
    expect(op(name).evaluate(a, b)).toBe(expected);
  });

  it.each([
    ['lessThan', '50', 100, 'the fact is the text "50", not a number'],
    ['lessThan', null, 100, 'the fact is null, not a number'],
    ['greaterThan', undefined, 1, 'the fact is undefined, not a number'],
    ['greaterThan', 1, Number.NaN, 'the value is NaN, not a number'],
    ['equal', { a: 1 }, 1, 'the fact is an object, not a single value'],
    ['notEqual', 1, '1', 'cannot compare the number 1 with the text "1"'],
    ['in', 'a', 'abc', 'the value is the text "abc", not a list'],
    ['contains', 'abc', 'a', 'the fact is the text "abc", not a list'],
    [
      'differsBeyondRounding',
      '100',
      100,
      'the fact is the text "100", neither a number nor { value, plusMinus }',
    ],
    [
      'differsBeyondRounding',
      { value: 1, plusMinus: -1 },
      1,
      'the fact is an object, neither a number nor { value, plusMinus }',
    ],
  ])('%s refuses (%j, %j)', (name, a, b, reason) => {
    expect(op(name).accepts(a, b)).toBe(reason);
  });

  it.each([
    [
      'greaterThanBeyondRounding',
      1,
      '1',
      'the rule\'s value is the text "1", neither a number nor { value, plusMinus }',
    ],
    ['lessThan', 1, '1', 'the rule\'s value is the text "1", not a number'],
    ['in', 1, 1, "the rule's value is the number 1, not a list"],
    ['contains', [1], [1], "the rule's value is a list, not a single value"],
  ])('%s names the side it refuses as the caller says (%j, %j)', (name, a, b, reason) => {
    expect(op(name).accepts(a, b, "the rule's value")).toBe(reason);
  });
});
