/** The operator registry: every operator a rule may name, by name. */
import type { OperatorDefinition } from './define.js';
import { contains, doesNotContain, equal, isIn, notEqual, notIn } from './equality.js';
import { greaterThan, greaterThanInclusive, lessThan, lessThanInclusive } from './numeric.js';
import { differsBeyondRounding, greaterThanBeyondRounding, lessThanBeyondRounding } from './rounding.js';

export type { OperatorDefinition } from './define.js';

/** All operators, sorted by name. The engine's built-ins are replaced by strict versions of the same name. */
export const operators: readonly OperatorDefinition[] = [
  contains,
  differsBeyondRounding,
  doesNotContain,
  equal,
  greaterThan,
  greaterThanBeyondRounding,
  greaterThanInclusive,
  isIn,
  lessThan,
  lessThanBeyondRounding,
  lessThanInclusive,
  notEqual,
  notIn,
];

/** Operators by name. */
export const operatorsByName: ReadonlyMap<string, OperatorDefinition> = new Map(
  operators.map((o) => [o.name, o]),
);
