/**
 * Nesting too deep for the parsers is an input problem with its place: a JSON file deeper than 256 levels (it
 * overflowed momoa's stack: "malformed JSON: Maximum call stack size exceeded", no location), and rule
 * conditions deeper than 64 (zod's recursive schema overflowed: "internal error").
 */
import { describe, expect, it } from 'vitest';
import { InputError, type InputProblem } from '../../src/load/errors.js';
import { MAX_JSON_DEPTH, parseJsonText, tooDeep } from '../../src/load/json.js';
import { MAX_CONDITION_DEPTH } from '../../src/load/rules.js';
import { pack, problemsOf } from '../helpers/rule-pack.js';

function problemsParsing(text: string): InputProblem[] {
  try {
    parseJsonText('f.json', text);
    return [];
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
}

describe('JSON nesting', () => {
  it('100,000 nested arrays: the first bracket beyond 256 levels, with line and column', () => {
    expect(problemsParsing('['.repeat(100_000))).toEqual([
      expect.objectContaining({
        code: 'json-too-deep',
        line: 1,
        column: 257,
        expected: 'at most 256 levels of nested arrays and objects',
      }),
    ]);
    expect(problemsParsing(`{\n "a":\n  ${'{"a":'.repeat(300)}1${'}'.repeat(300)}\n}`)[0]).toMatchObject({
      code: 'json-too-deep',
      line: 3,
      column: 3 + 5 * 255,
    });
  });

  it('counts brackets outside strings only, and reads 256 levels', () => {
    expect(tooDeep(`["${'['.repeat(1000)}\\"["]`, 2)).toBeNull();
    expect(tooDeep('[[[]]]', 2)).toEqual({ line: 1, column: 3 });
    const deepest = `${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`;
    expect(problemsParsing(deepest)).toEqual([]);
    expect(problemsParsing(`[${deepest}]`)[0]?.code).toBe('json-too-deep');
  });
});

describe('rule conditions nesting', () => {
  const nested = (levels: number) => {
    let c: object = { fact: 'shareSum', operator: 'differsBeyondRounding', value: 100 };
    // The top condition and the leaf are levels 1 and `levels`; the nots between them the rest.
    for (let i = 0; i < levels - 2; i++) c = { not: c };
    return { all: [c] };
  };

  it('deeper than 64 levels: the first condition beyond, with its place', () => {
    const [p, ...more] = problemsOf(pack(nested(MAX_CONDITION_DEPTH + 1), { scope: 'release' }));
    expect(more).toEqual([]);
    expect(p).toMatchObject({
      code: 'rule-too-deep',
      pointer: `/conditions/all/0${'/not'.repeat(MAX_CONDITION_DEPTH - 1)}`,
      line: expect.any(Number),
      column: expect.any(Number),
      expected: 'at most 64 levels of conditions',
    });
    expect(problemsOf(pack(nested(MAX_CONDITION_DEPTH), { scope: 'release' }))).toEqual([]);
  });

  it('2,000 nested "not": the file is refused for its depth, before any parser recurses', () => {
    expect(problemsOf(pack(nested(2000), { scope: 'release' })).map((p) => p.code)).toEqual([
      'json-too-deep',
    ]);
  });
});
