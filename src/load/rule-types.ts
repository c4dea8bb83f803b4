/**
 * Checks a rule against the kinds of value its facts declare (FactDefinition.returns): that a path leads to a
 * member of the value, that the operator takes the fact's kind of value, and that the compared constant (or
 * fact) is of the kind the operator needs. A rule that fails these can never be evaluated: every subject would
 * be "not evaluated", as if the data were at fault. A fact that declares no kind is not checked.
 */
import type { ValueShape } from '../facts/define.js';
import { factsById } from '../facts/index.js';
import { type OperandKind, type OperatorDefinition, operandWords } from '../operators/define.js';
import { operators, operatorsByName } from '../operators/index.js';
import type { RuleFile } from '../schema/rule.js';
import { closestNames, suggestion } from './closest.js';
import { factUses, leafConditions } from './rules.js';

/** A problem of a rule file, before its position is added. */
export interface TypeProblem {
  pointer: string;
  code: string;
  message: string;
  found?: string;
  expected?: string;
  hint?: string;
}

/** Where a path leads in a shape: the shape there, or the member it lacks and the members there are. */
type PathEnd = { shape: ValueShape } | { lacks: string; known: string[]; on: ValueShape };

/** Follows a dotted path into a declared shape. */
export function shapeAt(shape: ValueShape, path: string | undefined): PathEnd {
  let node = shape;
  for (const key of path ? path.split('.') : []) {
    const members = typeof node === 'object' && 'object' in node ? node.object : undefined;
    if (!members || !Object.hasOwn(members, key)) {
      return { lacks: key, known: members ? Object.keys(members) : [], on: node };
    }
    node = members[key] as ValueShape;
  }
  return { shape: node };
}

/** The operand kind of a declared shape: { value, plusMinus } is "uncertain". */
function kindOfShape(shape: ValueShape): OperandKind {
  if (shape === 'number' || shape === 'text' || shape === 'boolean') return shape;
  if ('list' in shape) return 'list';
  const keys = Object.keys(shape.object).sort().join(',');
  return keys === 'plusMinus,value' ? 'uncertain' : 'object';
}

/** The operand kind of a constant in a rule file. */
function kindOfConstant(x: unknown): OperandKind {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'list';
  if (typeof x === 'string') return 'text';
  if (typeof x === 'number') return 'number';
  if (typeof x === 'boolean') return 'boolean';
  return 'object';
}

const KIND_WORDS: Record<OperandKind, string> = {
  number: 'a number',
  text: 'text',
  boolean: 'true or false',
  null: 'null',
  uncertain: '{ value, plusMinus }',
  list: 'a list',
  object: 'an object',
};

/** "a number or { value, plusMinus }". */
function kindsWords(kinds: readonly OperandKind[]): string {
  const words = kinds.map((k) => KIND_WORDS[k]);
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/** The operators that take a fact of this kind, for a hint. */
function operatorsFor(kind: OperandKind): string[] {
  return operators.filter((o) => o.takes.fact.includes(kind)).map((o) => o.name);
}

/** The kind of value a fact gives with a path, or undefined when the fact declares none or the path fails. */
function useKind(
  fact: string,
  path: string | undefined,
): { kind: OperandKind; shape: ValueShape } | undefined {
  const declared = factsById.get(fact)?.returns;
  if (!declared) return undefined;
  const end = shapeAt(declared, path);
  return 'shape' in end ? { kind: kindOfShape(end.shape), shape: end.shape } : undefined;
}

/** The problems of a rule against its facts' declared kinds of value. */
export function typeProblems(rule: RuleFile): TypeProblem[] {
  const problems: TypeProblem[] = [];
  for (const use of factUses(rule)) {
    const declared = factsById.get(use.fact)?.returns;
    if (!declared || use.path === undefined) continue;
    const end = shapeAt(declared, use.path);
    if ('shape' in end) continue;
    const value = `the value of fact "${use.fact}"`;
    problems.push({
      pointer: `${use.pointer}/path`,
      code: 'rule-unknown-path',
      message:
        end.known.length > 0
          ? `${value} has no member "${end.lacks}" (path "${use.path}")`
          : `${value} is ${shapeWordsOf(end.on)}, which has no member "${end.lacks}" (path "${use.path}")`,
      found: `path "${use.path}"`,
      expected:
        end.known.length > 0
          ? `a member of ${shapeWordsOf(end.on)}: ${end.known.map((k) => `"${k}"`).join(', ')}`
          : `no path: ${value} is ${shapeWordsOf(end.on)}`,
      ...(closestNames(end.lacks, end.known).length > 0
        ? { hint: suggestion(end.lacks, end.known, 'member') }
        : {}),
    });
  }
  for (const { leaf, pointer } of leafConditions(rule)) {
    const op = operatorsByName.get(leaf.operator);
    if (!op) continue; // reported as an unknown operator
    const left = useKind(leaf.fact, leaf.path);
    if (left && !op.takes.fact.includes(left.kind)) {
      const fits = operatorsFor(left.kind);
      problems.push({
        pointer: `${pointer}/operator`,
        code: 'rule-operator-type',
        message: `operator "${op.name}" cannot compare fact "${leaf.fact}"${leaf.path ? ` (path "${leaf.path}")` : ''}: it gives ${KIND_WORDS[left.kind]}, and "${op.name}" needs ${kindsWords(op.takes.fact)}`,
        found: `"${op.name}" on ${KIND_WORDS[left.kind]}`,
        expected:
          fits.length > 0
            ? `an operator for ${KIND_WORDS[left.kind]}: ${fits.join(', ')}`
            : 'a path to a member of the value',
        ...(typeof left.shape === 'object' && 'object' in left.shape
          ? {
              hint: `Or compare one member of it with a path, as "path": "${Object.keys(left.shape.object)[0]}".`,
            }
          : {}),
      });
      continue;
    }
    // What the compared side is matched against: the fact's kind, or its members' for a list (contains).
    const like =
      left && typeof left.shape === 'object' && 'list' in left.shape
        ? kindOfShape(left.shape.list)
        : left?.kind;
    const v = leaf.value;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const right = useKind(v.fact, v.path);
      const what = `fact "${v.fact}"${v.path ? ` (path "${v.path}")` : ''}, which gives ${right ? KIND_WORDS[right.kind] : ''}`;
      if (right) problems.push(...sideProblems(op, like, right.kind, `${pointer}/value/fact`, what));
      continue;
    }
    const before = problems.length;
    problems.push(...sideProblems(op, like, kindOfConstant(v), `${pointer}/value`, operandWords(v)));
    if (problems.length > before || !left) continue;
    // A list constant: each member must be of the fact's kind (in, notIn).
    if (Array.isArray(v) && op.takes.sameKind) {
      v.forEach((x, i) => {
        const k = kindOfConstant(x);
        if (k !== left.kind) {
          problems.push({
            pointer: `${pointer}/value/${i}`,
            code: 'rule-value-type',
            message: `member ${i} of the list is ${operandWords(x)}, but fact "${leaf.fact}" gives ${KIND_WORDS[left.kind]}: "${op.name}" never finds it`,
            found: operandWords(x),
            expected: KIND_WORDS[left.kind],
          });
        }
      });
    }
  }
  return problems;
}

/** The words of a shape ("a number", "{ value, plusMinus }"). */
function shapeWordsOf(shape: ValueShape): string {
  const kind = kindOfShape(shape);
  return kind === 'object' && typeof shape === 'object' && 'object' in shape
    ? `{ ${Object.keys(shape.object).join(', ')} }`
    : KIND_WORDS[kind];
}

/**
 * The problems of the compared side: its kind must be one the operator takes, and, for an operator comparing
 * like with like, the fact's kind (a list fact's members for contains).
 */
function sideProblems(
  op: OperatorDefinition,
  left: OperandKind | undefined,
  right: OperandKind,
  pointer: string,
  what: string,
): TypeProblem[] {
  if (!op.takes.value.includes(right)) {
    return [
      {
        pointer,
        code: 'rule-value-type',
        message: `"${op.name}" compares with ${kindsWords(op.takes.value)}, and the rule gives ${what}`,
        found: what,
        expected: kindsWords(op.takes.value),
        ...(right === 'text' && op.takes.value.includes('number')
          ? { hint: 'Write a number without quotes: "value": 1, not "value": "1".' }
          : {}),
      },
    ];
  }
  // Like with like: equal and notEqual a single value of the fact's kind; contains a member of the list.
  if (op.takes.sameKind && left !== undefined && right !== 'list' && left !== 'list' && right !== left) {
    return [
      {
        pointer,
        code: 'rule-value-type',
        message: `"${op.name}" compares fact values of ${KIND_WORDS[left]} with ${what}, which never ${op.name === 'notEqual' ? 'compares' : 'matches'}`,
        found: what,
        expected: KIND_WORDS[left],
      },
    ];
  }
  return [];
}
