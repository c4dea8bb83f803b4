/** fast-check arbitraries of rule condition trees, for the property tests of compiled conditions. */
import fc from 'fast-check';
import { operatorsByName } from '../../src/operators/index.js';

/** Every operator a rule may name: the property tests draw from all of them. */
export const ALL_OPERATORS: readonly string[] = [...operatorsByName.keys()];

/** A fact reference as a leaf names it: its id and, optionally, params and path. */
export type FactRef = { fact: string; params?: object; path?: string };

/**
 * Leaves comparing one of `facts` by one of `operators` with a constant from `value` or (one time in
 * `1 + valueWeight`) another of the facts; trees of all/any/not over them up to a small depth; and the top
 * of a rule's conditions (all or any).
 */
export function conditionTrees(
  facts: readonly FactRef[],
  operators: readonly string[],
  value: fc.Arbitrary<unknown>,
  valueWeight = 1,
): { leaf: fc.Arbitrary<object>; condition: fc.Arbitrary<object>; top: fc.Arbitrary<object> } {
  const leaf = fc
    .record({
      ref: fc.constantFrom(...facts),
      operator: fc.constantFrom(...operators),
      value: fc.oneof(
        { weight: valueWeight, arbitrary: value },
        { weight: 1, arbitrary: fc.constantFrom(...facts).map((r) => ({ ...r })) },
      ),
    })
    .map(({ ref, operator, value: v }) => ({ ...ref, operator, value: v }));
  const condition: fc.Arbitrary<object> = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.record({ all: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
      fc.record({ any: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
      fc.record({ not: tie('node') }),
    ),
  })).node;
  const top = fc.oneof(
    fc.record({ all: fc.array(condition, { minLength: 1, maxLength: 3 }) }),
    fc.record({ any: fc.array(condition, { minLength: 1, maxLength: 3 }) }),
  );
  return { leaf, condition, top };
}
