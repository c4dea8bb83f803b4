/** Equality and membership, strict: a missing value is "not evaluated", and 1 never equals "1". */
import { defineOperator, operandWords, SCALAR_KINDS } from './define.js';

const scalar = (x: unknown) => x === null || ['string', 'number', 'boolean'].includes(typeof x);

function scalarCheck(a: unknown, b: unknown, valueSide = 'the value'): string | null {
  if (!scalar(a)) return `the fact is ${operandWords(a)}, not a single value`;
  if (!scalar(b)) return `${valueSide} is ${operandWords(b)}, not a single value`;
  return null;
}

export const equal = defineOperator({
  name: 'equal',
  words: 'equals',
  description: 'True when the fact equals the value (same type and value).',
  accepts: scalarCheck,
  takes: { fact: SCALAR_KINDS, value: SCALAR_KINDS, sameKind: true },
  evaluate: (a, b) => a === b,
});

export const notEqual = defineOperator({
  name: 'notEqual',
  words: 'differs from',
  description: 'True when the fact differs from the value (same type required to compare).',
  accepts: (a, b, valueSide) =>
    scalarCheck(a, b, valueSide) ??
    (typeof a !== typeof b ? `cannot compare ${operandWords(a)} with ${operandWords(b)}` : null),
  takes: { fact: SCALAR_KINDS, value: SCALAR_KINDS, sameKind: true },
  evaluate: (a, b) => a !== b,
});

function membership(name: string, words: string, negate: boolean) {
  return defineOperator({
    name,
    words,
    description: `True when the fact ${words} the list given as the value.`,
    accepts: (a, b, valueSide = 'the value') =>
      !scalar(a)
        ? `the fact is ${operandWords(a)}, not a single value`
        : Array.isArray(b)
          ? null
          : `${valueSide} is ${operandWords(b)}, not a list`,
    takes: { fact: SCALAR_KINDS, value: ['list'], sameKind: true },
    evaluate: (a, b) => (b as unknown[]).includes(a) !== negate,
  });
}

export const isIn = membership('in', 'is one of', false);
export const notIn = membership('notIn', 'is none of', true);

function containment(name: string, words: string, negate: boolean) {
  return defineOperator({
    name,
    words,
    description: `True when the fact (a list) ${words} the value.`,
    accepts: (a, b, valueSide = 'the value') =>
      !Array.isArray(a)
        ? `the fact is ${operandWords(a)}, not a list`
        : scalar(b)
          ? null
          : `${valueSide} is ${operandWords(b)}, not a single value`,
    takes: { fact: ['list'], value: SCALAR_KINDS, sameKind: true },
    evaluate: (a, b) => (a as unknown[]).includes(b) !== negate,
  });
}

export const contains = containment('contains', 'contains', false);
export const doesNotContain = containment('doesNotContain', 'does not contain', true);
