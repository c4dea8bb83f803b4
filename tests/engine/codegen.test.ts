/**
 * The generated rule-set function (codegen.ts): the same outcome per rule as json-rules-engine and
 * compileRule on random unit rows (missing cells, fractions, negatives, unmapped columns, wrong types); rule
 * files that try to write code; facts shared between rules; a fact that throws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type AnyFact, assertSafeSource, compileRuleSet, OUTCOMES } from '../../src/engine/codegen.js';
import { compileRule } from '../../src/engine/compile.js';
import { buildEngine } from '../../src/engine/evaluate.js';
import { evaluateSubject } from '../../src/engine/run.js';
import { datasetContext, type SubjectOf, subjectsOf } from '../../src/engine/subjects.js';
import { unitSubject } from '../../src/engine/table-run.js';
import { UnitRowSubject } from '../../src/engine/unit-view.js';
import type { FactDefinition } from '../../src/facts/define.js';
import { factsById } from '../../src/facts/index.js';
import type { LoadedRule } from '../../src/load/rules.js';
import { type RuleFile, RuleFileSchema } from '../../src/schema/rule.js';
import { batchOf, mappedColumns, rowCells, tableOf } from '../helpers/batches.js';
import { ALL_OPERATORS, conditionTrees } from '../helpers/conditions.js';
import { dataset, fig, release } from '../helpers/facts.js';

function loaded(id: string, scope: string, conditions: object): LoadedRule {
  return {
    file: `${id}.json`,
    sha256: '',
    rule: RuleFileSchema.parse({
      id,
      meta: { title: 't', severity: 'error', scope, rationale: 'r', message: 'm' },
      conditions,
    }),
  };
}

/** Runs a program on one subject; the outcome of each rule. */
function outcomesOf(rules: RuleFile[], subject: Parameters<ReturnType<typeof compileRule>>[0], ctx: never) {
  const program = compileRuleSet(rules);
  const out = new Uint8Array(rules.length);
  program.run(subject, ctx, out, new Float64Array(4 * rules.length));
  return [...out].map((c) => OUTCOMES[c]);
}

describe('generated rule sets on unit rows', () => {
  /** Unit facts with the paths that make sense (and some that do not). */
  const FACTS: { fact: string; path?: string }[] = [
    { fact: 'ballotExcess' },
    { fact: 'ballotExcess', path: 'value' },
    { fact: 'turnoutRatio' },
    { fact: 'maxCandidateExcess' },
    { fact: 'maxCandidateExcessCandidate' },
    { fact: 'voteSumGap' },
    { fact: 'voteSumExcess' },
    { fact: 'negativeOrFractionalCounts' },
    { fact: 'negativeOrFractionalCells' },
    { fact: 'negativeOrFractionalCells', path: 'length' },
    { fact: 'duplicateOfLine' },
    { fact: 'independentExcess' },
    { fact: 'independentExcessCandidate' },
    { fact: 'protocolCast' },
    { fact: 'protocolInvalid' },
    { fact: 'protocolVoteSum' },
  ];
  const value = fc.oneof(
    fc.integer({ min: -3, max: 3 }),
    fc.constantFrom(0, 1, 0.5, 100),
    fc.constantFrom('0', '', 'a'),
    fc.constant(null),
    fc.constant(false),
    fc.array(fc.constantFrom(0, 1, '0'), { maxLength: 3 }),
  );
  const { top } = conditionTrees(FACTS, ALL_OPERATORS, value, 3);

  it('give each rule the outcome json-rules-engine and compileRule give it', async () => {
    const ctx = datasetContext(dataset());
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.array(top, { minLength: 1, maxLength: 4 }),
        mappedColumns,
        rowCells,
        async (conditions, mapped, r) => {
          const rules = conditions.map((c, i) => loaded(`unit-rule-${i}`, 'unit', c));
          const table = tableOf(mapped);
          const subject = unitSubject(table, batchOf(table, [r]).unit(0));
          const expected: string[] = [];
          for (const l of rules) {
            const viaEngine = await evaluateSubject(l, buildEngine(l), subject, ctx);
            expected.push(viaEngine.outcome.outcome);
            expect(compileRule(l.rule)(subject, ctx)).toBe(viaEngine.outcome.outcome);
            seen.add(viaEngine.outcome.outcome);
          }
          expect(
            outcomesOf(
              rules.map((l) => l.rule),
              subject,
              ctx as never,
            ),
          ).toEqual(expected);
        },
      ),
      { numRuns: 200, seed: 20240209 },
    );
    expect([...seen].sort()).toEqual(['failed', 'notEvaluated', 'passed', 'skipped']);
  });

  it('count and flag the rows of a batch as run counts and flags each row', () => {
    const ctx = datasetContext(dataset());
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        fc.array(top, { minLength: 1, maxLength: 4 }),
        mappedColumns,
        fc.array(rowCells, { minLength: 1, maxLength: 8 }),
        fc.constantFrom(2, 200),
        (conditions, mapped, rows, leavesPerFunction) => {
          const rules = conditions.map((c, i) => loaded(`unit-rule-${i}`, 'unit', c).rule);
          const table = tableOf(mapped);
          const batch = batchOf(table, rows);
          // Split over several functions (2 leaves each) as well as in one.
          const program = compileRuleSet(rules, { leavesPerFunction });
          const expected = new Float64Array(4 * rules.length);
          const expectedFlags: number[] = [];
          const out = new Uint8Array(rules.length);
          for (let i = 0; i < batch.size; i++) {
            const bad = program.run(unitSubject(table, batch.unit(i)), ctx, out, expected);
            expectedFlags.push(bad > 0 ? 1 : 0);
            for (const code of out) seen.add(OUTCOMES[code] as string);
          }
          const counts = new Float64Array(4 * rules.length);
          const flags = new Uint8Array(batch.size).fill(7);
          const flagged = program.runBatch(batch, new UnitRowSubject(table), ctx, counts, flags);
          expect([...counts]).toEqual([...expected]);
          expect([...flags]).toEqual(expectedFlags);
          expect(flagged).toBe(expectedFlags.filter((f) => f === 1).length);
        },
      ),
      { numRuns: 200, seed: 20240210 },
    );
    expect([...seen].sort()).toEqual(['failed', 'notEvaluated', 'passed', 'skipped']);
  });
});

describe('a path on a fact whose value is not an object', () => {
  it('leaves the condition undecided in json-rules-engine as in the compiled rules', async () => {
    // json-rules-engine compares the value itself when a path meets a number; found by the property test above.
    const table = tableOf({ registered: true, issued: false, valid: false, invalid: false, independent: [] });
    const cells = { registered: 900, issued: Number.NaN, cast: 600, valid: Number.NaN, invalid: Number.NaN };
    const row = { counts: cells, votes: [1, 2, 3], independent: [0, 0, 0], duplicateOf: undefined };
    const subject = unitSubject(table, batchOf(table, [row]).unit(0));
    const ctx = datasetContext(dataset());
    for (const conditions of [
      { all: [{ fact: 'ballotExcess', path: 'value', operator: 'equal', value: -300 }] },
      { all: [{ fact: 'ballotExcess', operator: 'equal', value: { fact: 'turnoutRatio', path: 'low' } }] },
    ]) {
      const l = loaded('path-on-number', 'unit', conditions);
      const viaEngine = await evaluateSubject(l, buildEngine(l), subject, ctx);
      expect(viaEngine.outcome.outcome).toBe('notEvaluated');
      expect(viaEngine.finding?.evidence.conditions[0]?.reason).toMatch(/has no "(value|low)"/);
      expect(compileRule(l.rule)(subject, ctx)).toBe('notEvaluated');
    }
  });
});

describe('rule files cannot write code', () => {
  const NASTY = `it's "quoted" \\ back\\slash */ /* \${process.exit(1)} \`tick\` \n new line __proto__ constructor`;
  const PIECES = ['"', '\\', '*/', '/*', '${', '`', '__proto__', 'process', 'constructor'];

  it('compiles and evaluates a rule whose ids, names and values hold quotes, comments and __proto__', async () => {
    const ctx = datasetContext(
      dataset({
        releases: [
          release([
            { candidate: 'a', share: fig(60) },
            { candidate: 'b', share: fig(40) },
          ]),
        ],
      }),
    );
    const [subject] = subjectsOf('release', ctx);
    if (!subject) throw new Error('no subject');
    // Past the schema (as a caller of compileRuleSet could be): the id, names and a path hold anything.
    const rules = [
      {
        id: NASTY,
        conditions: {
          all: [
            { fact: 'releaseStatus', operator: 'in', value: ['preliminary', NASTY, 'final'], name: NASTY },
            { fact: 'releaseStatus', operator: 'notEqual', value: NASTY },
          ],
        },
      },
      { id: `${NASTY}2`, conditions: { all: [{ fact: 'releaseStatus', operator: 'equal', value: NASTY }] } },
      {
        id: '__proto__',
        conditions: { all: [{ fact: 'shareSum', path: '__proto__', operator: 'equal', value: NASTY }] },
      },
      {
        id: 'constructor',
        conditions: {
          any: [{ fact: 'shareSum', path: 'constructor.name', operator: 'equal', value: 'Object' }],
        },
      },
      {
        // Inherited: Object.prototype.__proto__ is null, which `equal` would compare.
        id: 'inherited',
        conditions: {
          all: [{ fact: 'shareSum', path: '__proto__.__proto__', operator: 'equal', value: null }],
        },
      },
      {
        id: 'x',
        conditions: { all: [{ fact: 'candidateCount', operator: 'greaterThan', value: 1 }] },
      },
    ].map(({ id, conditions }) => ({
      id,
      meta: {
        title: NASTY,
        severity: 'error',
        scope: 'release',
        rationale: NASTY,
        message: NASTY,
        references: [],
        evidence: [],
        tags: [],
      },
      conditions,
      event: { type: 'finding' },
    })) as unknown as RuleFile[];
    const program = compileRuleSet(rules);
    for (const piece of PIECES) expect(program.source).not.toContain(piece);
    expect(program.source).not.toContain(NASTY);
    // The only quotes are the fixed literals.
    expect(program.source.replace(/'(?:use strict|missing|notApplicable|object)'/g, '')).not.toContain("'");
    const out = outcomesOf(rules, subject, ctx as never);
    expect(out).toEqual(['failed', 'passed', 'notEvaluated', 'notEvaluated', 'notEvaluated', 'failed']);
    // As the engine reads them (whose path resolver follows own properties only, too).
    for (const [i, rule] of rules.entries()) {
      const l: LoadedRule = { file: 'x.json', sha256: '', rule };
      expect((await evaluateSubject(l, buildEngine(l), subject, ctx)).outcome.outcome).toBe(out[i]);
    }
  });

  it('passes fact ids and parameters as data, never as source', () => {
    const echo: FactDefinition<'release', { label: string }> = {
      id: NASTY,
      description: 'the label it is given',
      scopes: ['release'],
      params: z.strictObject({ label: z.string().default(NASTY) }),
      compute: (_subject, params) => ({ value: params.label }),
    };
    const facts = new Map([[NASTY, echo as AnyFact]]);
    const rule = (params: object | undefined, value: string) =>
      ({ conditions: { all: [{ fact: NASTY, params, operator: 'equal', value }] } }) as unknown as RuleFile;
    const program = compileRuleSet([rule(undefined, NASTY), rule({ label: `${NASTY}'` }, NASTY)], { facts });
    for (const piece of PIECES) expect(program.source).not.toContain(piece);
    const out = new Uint8Array(2);
    program.run({} as never, {} as never, out, new Float64Array(8));
    expect([...out].map((c) => OUTCOMES[c])).toEqual(['failed', 'passed']);
  });

  it('refuses a source with any other character', () => {
    expect(() => assertSafeSource("x = 'a';")).toThrow(/must not/);
    expect(() => assertSafeSource('x = "a";')).toThrow(/must not/);
    expect(() => assertSafeSource('x = `a`;')).toThrow(/must not/);
    expect(() => assertSafeSource('x = 1; // a')).toThrow(/must not/);
    expect(() => assertSafeSource('x = a\\u0027;')).toThrow(/must not/);
    expect(() => assertSafeSource("'use strict';\nif ('missing' in m0) x1 = val0[val1];")).not.toThrow();
    // Allowed characters only, but words no generated source has: a rule-file id, or code built from char codes.
    expect(() => assertSafeSource('x1 = fact0.compute(s, param0, ctx) + ballots_cast;')).toThrow(/must not/);
    expect(() =>
      assertSafeSource('x0 = s.constructor.constructor(String.fromCharCode(112, 114))().exit(3);'),
    ).toThrow(/must not/);
  });

  it('reports unknown facts and operators when compiling, in rule order', () => {
    const rule = (fact: string, operator: string) =>
      ({ conditions: { all: [{ fact, operator, value: 1 }] } }) as unknown as RuleFile;
    expect(() => compileRuleSet([rule('candidateCount', 'equal'), rule('nope', 'equal')])).toThrow(
      'unknown fact "nope"',
    );
    expect(() => compileRuleSet([rule('nope', 'nah')])).toThrow('unknown operator "nah"');
  });
});

describe('facts in a generated rule set', () => {
  const subject = {} as SubjectOf<'release'>;
  const ctx = {} as never;

  /** A fact that counts its calls, with a parameter. */
  function counting() {
    const calls: number[] = [];
    const fact: FactDefinition<'release', { n: number }> = {
      id: 'counted',
      description: 'n',
      scopes: ['release'],
      params: z.strictObject({ n: z.number().default(1) }),
      compute: (_s, { n }) => {
        calls.push(n);
        return { value: n };
      },
    };
    return { calls, facts: new Map([['counted', fact as AnyFact]]) };
  }
  const leaf = (params: object | undefined, operator: string, value: number) => ({
    fact: 'counted',
    ...(params ? { params } : {}),
    operator,
    value,
  });
  const rules = [
    { all: [leaf(undefined, 'equal', 1), leaf(undefined, 'greaterThan', 0)] },
    { any: [leaf(undefined, 'lessThan', 0), leaf({ n: 2 }, 'equal', 2)] },
    { not: leaf({ n: 2 }, 'equal', 3) },
  ].map((conditions) => ({ conditions }) as unknown as RuleFile);

  it('computes a fact used with the same parameters once per subject, like the engine within a rule', () => {
    const { calls, facts } = counting();
    const program = compileRuleSet(rules, { facts });
    const out = new Uint8Array(3);
    program.run(subject as never, ctx, out, new Float64Array(12));
    expect(calls).toEqual([1, 2]);
    expect([...out].map((c) => OUTCOMES[c])).toEqual(['failed', 'failed', 'failed']);
  });

  it('computes it at each use when sharing is off, with the same outcomes', () => {
    const { calls, facts } = counting();
    const program = compileRuleSet(rules, { facts, shareFacts: false });
    const out = new Uint8Array(3);
    program.run(subject as never, ctx, out, new Float64Array(12));
    expect(calls).toEqual([1, 1, 1, 2, 2]);
    expect([...out].map((c) => OUTCOMES[c])).toEqual(['failed', 'failed', 'failed']);
  });

  it('lets a fact that throws throw, after counting the rules before it (as a loop over the rules did)', () => {
    const boom: FactDefinition<'release'> = {
      id: 'boom',
      description: 'throws',
      scopes: ['release'],
      compute: () => {
        throw new Error('boom');
      },
    };
    const { facts } = counting();
    const all = new Map([...facts, ['boom', boom as AnyFact]]);
    const set = [
      rules[0] as RuleFile,
      { conditions: { all: [{ fact: 'boom', operator: 'equal', value: 1 }] } } as unknown as RuleFile,
      rules[1] as RuleFile,
    ];
    for (const shareFacts of [true, false]) {
      const program = compileRuleSet(set, { facts: all, shareFacts, leavesPerFunction: 1 });
      const out = new Uint8Array(3).fill(9);
      const counts = new Float64Array(12);
      expect(() => program.run(subject as never, ctx, out, counts)).toThrow('boom');
      expect([...out]).toEqual([1, 9, 9]);
      expect([...counts]).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    }
  });

  it('splits a large set over several functions, and an empty set gives 0', () => {
    const { facts } = counting();
    const program = compileRuleSet(rules, { facts, leavesPerFunction: 2 });
    expect(program.source.match(/function ruleSet\d/g)).toHaveLength(3);
    const empty = compileRuleSet([]);
    expect(empty.run(subject as never, ctx, new Uint8Array(0), new Float64Array(0))).toBe(0);
  });

  it('uses the registry the engine uses by default', () => {
    expect(() => compileRuleSet([{ conditions: { all: [leaf(undefined, 'equal', 1)] } } as never])).toThrow(
      'unknown fact "counted"',
    );
    expect(factsById.has('counted')).toBe(false);
  });
});
