/** How an operator is defined: a type check that never coerces, and the comparison itself. */

/** An operator usable in rule conditions. */
export interface OperatorDefinition {
  name: string;
  /** One sentence for `rules list` and `explain`. */
  description: string;
  /** Plain words for "fact OPERATOR value", e.g. "is less than". */
  words: string;
  /**
   * Why the operands cannot be compared, or null when they can. Operands that fail this are "not evaluated".
   * `valueSide` names the right-hand side in the reason ("the value" by default; the rule's constant when the
   * rule gives one, so the reason does not read as the data's fault).
   */
  accepts(factValue: unknown, value: unknown, valueSide?: string): string | null;
  /**
   * The kinds of operand it accepts, for checking a rule when it is loaded (load/rule-types.ts): of the fact,
   * of the value, and whether the value (each member of a list value; the list fact's members for a value)
   * must be of the fact's kind.
   */
  takes: { fact: readonly OperandKind[]; value: readonly OperandKind[]; sameKind?: boolean };
  /** The comparison, called only on accepted operands. */
  evaluate(factValue: unknown, value: unknown): boolean;
}

/** A kind of operand: { value, plusMinus } is "uncertain". */
export type OperandKind = 'number' | 'text' | 'boolean' | 'null' | 'uncertain' | 'list' | 'object';

/** The operand kinds of a single JSON value. */
export const SCALAR_KINDS: readonly OperandKind[] = ['number', 'text', 'boolean', 'null'];

/** An operand in words, for a reason: "the text \"1\"", "null", "a list", "an object", "boolean". */
export function operandWords(x: unknown): string {
  if (x === null) return 'null';
  if (typeof x === 'string') return `the text ${JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}...` : x)}`;
  if (Array.isArray(x)) return 'a list';
  if (typeof x === 'object') return 'an object';
  if (typeof x === 'number') return Number.isFinite(x) ? `the number ${x}` : String(x);
  return typeof x === 'boolean' ? `the boolean ${x}` : typeof x;
}

/** Declares an operator. */
export function defineOperator(definition: OperatorDefinition): OperatorDefinition {
  return definition;
}

/** Why a value is not a finite number, or null. */
export function notANumber(x: unknown, side: string): string | null {
  if (typeof x === 'number' && Number.isFinite(x)) return null;
  return `${side} is ${operandWords(x)}, not a number`;
}
