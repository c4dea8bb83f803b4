/**
 * Comparisons that allow for rounding: each side may be a number or { value, plusMinus } (a printed figure's
 * half unit), and a difference counts only when it exceeds the two uncertainties added together.
 */
import { defineOperator, type OperatorDefinition, operandWords } from './define.js';

interface Uncertain {
  value: number;
  plusMinus: number;
}

function asUncertain(x: unknown): Uncertain | null {
  if (typeof x === 'number' && Number.isFinite(x)) return { value: x, plusMinus: 0 };
  if (x !== null && typeof x === 'object' && !Array.isArray(x)) {
    const { value, plusMinus } = x as Record<string, unknown>;
    if (
      typeof value === 'number' &&
      Number.isFinite(value) &&
      typeof plusMinus === 'number' &&
      plusMinus >= 0
    ) {
      return { value, plusMinus };
    }
  }
  return null;
}

function check(a: unknown, b: unknown, valueSide = 'the value'): string | null {
  if (!asUncertain(a)) return `the fact is ${operandWords(a)}, neither a number nor { value, plusMinus }`;
  if (!asUncertain(b)) return `${valueSide} is ${operandWords(b)}, neither a number nor { value, plusMinus }`;
  return null;
}

const takes: OperatorDefinition['takes'] = { fact: ['number', 'uncertain'], value: ['number', 'uncertain'] };

/** Float noise allowed on top of the rounding tolerance. */
const EPSILON = 1e-9;

/** The slack between two uncertain quantities: the sum of their half-widths. */
function slack(a: Uncertain, b: Uncertain): number {
  return a.plusMinus + b.plusMinus + EPSILON;
}

export const differsBeyondRounding = defineOperator({
  name: 'differsBeyondRounding',
  words: 'differs, beyond what rounding explains, from',
  description: 'True when |fact - value| exceeds the rounding half-widths of both sides added together.',
  accepts: check,
  takes,
  evaluate(a, b) {
    const x = asUncertain(a) as Uncertain;
    const y = asUncertain(b) as Uncertain;
    return Math.abs(x.value - y.value) > slack(x, y);
  },
});

export const greaterThanBeyondRounding = defineOperator({
  name: 'greaterThanBeyondRounding',
  words: 'is greater, beyond what rounding explains, than',
  description: 'True when fact - value exceeds the rounding half-widths of both sides added together.',
  accepts: check,
  takes,
  evaluate(a, b) {
    const x = asUncertain(a) as Uncertain;
    const y = asUncertain(b) as Uncertain;
    return x.value - y.value > slack(x, y);
  },
});

export const lessThanBeyondRounding = defineOperator({
  name: 'lessThanBeyondRounding',
  words: 'is less, beyond what rounding explains, than',
  description: 'True when value - fact exceeds the rounding half-widths of both sides added together.',
  accepts: check,
  takes,
  evaluate(a, b) {
    const x = asUncertain(a) as Uncertain;
    const y = asUncertain(b) as Uncertain;
    return y.value - x.value > slack(x, y);
  },
});
