/** The engine's numeric comparisons, made strict: text, null and missing values are "not evaluated", never false. */
import { defineOperator, notANumber, type OperatorDefinition } from './define.js';

function numeric(
  name: string,
  words: string,
  compare: (a: number, b: number) => boolean,
): OperatorDefinition {
  return defineOperator({
    name,
    words,
    description: `True when the fact ${words} the value; both must be numbers.`,
    accepts: (a, b, valueSide = 'the value') => notANumber(a, 'the fact') ?? notANumber(b, valueSide),
    takes: { fact: ['number'], value: ['number'] },
    evaluate: (a, b) => compare(a as number, b as number),
  });
}

export const lessThan = numeric('lessThan', 'is less than', (a, b) => a < b);
export const lessThanInclusive = numeric('lessThanInclusive', 'is at most', (a, b) => a <= b);
export const greaterThan = numeric('greaterThan', 'is greater than', (a, b) => a > b);
export const greaterThanInclusive = numeric('greaterThanInclusive', 'is at least', (a, b) => a >= b);
