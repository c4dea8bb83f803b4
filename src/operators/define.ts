/** How an operator is defined: a type check that never coerces, and the comparison itself. */

/** An operator usable in rule conditions. */
export interface OperatorDefinition {
  name: string;
  /** One sentence for `rules list` and `explain`. */
  description: string;
  /** Plain words for "fact OPERATOR value", e.g. "is less than". */
  words: string;
  /** Why the operands cannot be compared, or null when they can. Operands that fail this are "not evaluated". */
  accepts(factValue: unknown, value: unknown): string | null;
  /** The comparison, called only on accepted operands. */
  evaluate(factValue: unknown, value: unknown): boolean;
}

/** Declares an operator. */
export function defineOperator(definition: OperatorDefinition): OperatorDefinition {
  return definition;
}

/** Why a value is not a finite number, or null. */
export function notANumber(x: unknown, side: string): string | null {
  if (typeof x === 'number' && Number.isFinite(x)) return null;
  return `${side} is ${x === null ? 'null' : typeof x === 'string' ? `the text ${JSON.stringify(x)}` : typeof x}, not a number`;
}
