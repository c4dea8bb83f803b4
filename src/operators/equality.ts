/** Equality and membership, strict: a missing value is "not evaluated", and 1 never equals "1". */
import { defineOperator } from './define.js';

const scalar = (x: unknown) => x === null || ['string', 'number', 'boolean'].includes(typeof x);

function scalarCheck(a: unknown, b: unknown): string | null {
  if (!scalar(a)) return `the fact is ${Array.isArray(a) ? 'a list' : typeof a}, not a single value`;
  if (!scalar(b)) return `the value is ${Array.isArray(b) ? 'a list' : typeof b}, not a single value`;
  return null;
}

export const equal = defineOperator({
  name: 'equal',
  words: 'equals',
  description: 'True when the fact equals the value (same type and value).',
  accepts: scalarCheck,
  evaluate: (a, b) => a === b,
});

export const notEqual = defineOperator({
  name: 'notEqual',
  words: 'differs from',
  description: 'True when the fact differs from the value (same type required to compare).',
  accepts: (a, b) =>
    scalarCheck(a, b) ?? (typeof a !== typeof b ? `cannot compare ${typeof a} with ${typeof b}` : null),
  evaluate: (a, b) => a !== b,
});

function membership(name: string, words: string, negate: boolean) {
  return defineOperator({
    name,
    words,
    description: `True when the fact ${words} the list given as the value.`,
    accepts: (a, b) =>
      !scalar(a) ? 'the fact is not a single value' : Array.isArray(b) ? null : 'the value is not a list',
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
    accepts: (a, b) =>
      !Array.isArray(a) ? 'the fact is not a list' : scalar(b) ? null : 'the value is not a single value',
    evaluate: (a, b) => (a as unknown[]).includes(b) !== negate,
  });
}

export const contains = containment('contains', 'contains', false);
export const doesNotContain = containment('doesNotContain', 'does not contain', true);
