/**
 * Loading a rule checks it against the kinds of value its facts declare: a path into the value, the operator
 * for the fact's kind, and the kind of the compared constant or fact. Such a rule could never be evaluated.
 */
import { describe, expect, it } from 'vitest';
import { pack, problemsOf } from '../helpers/rule-pack.js';

const gap = (extra: object) => ({ all: [{ fact: 'pollGapSize', ...extra }] });

describe('rule conditions against the kinds of value facts declare', () => {
  it('a threshold given as text, for an operator that compares numbers', () => {
    const [p, ...more] = problemsOf(pack(gap({ operator: 'greaterThanBeyondRounding', value: '1' })));
    expect(more).toEqual([]);
    expect(p).toMatchObject({
      code: 'rule-value-type',
      pointer: '/conditions/all/0/value',
      found: 'the text "1"',
      expected: 'a number or { value, plusMinus }',
      line: expect.any(Number),
    });
    expect(p?.hint).toContain('"value": 1');
  });

  it('a path the fact value does not have, with the members it has', () => {
    const [p, ...more] = problemsOf(
      pack(gap({ operator: 'greaterThanBeyondRounding', value: 1, path: 'hihg' })),
    );
    expect(more).toEqual([]);
    expect(p).toMatchObject({
      code: 'rule-unknown-path',
      pointer: '/conditions/all/0/path',
      message: 'the value of fact "pollGapSize" has no member "hihg" (path "hihg")',
      found: 'path "hihg"',
      expected: 'a member of { value, plusMinus }: "value", "plusMinus"',
    });
    const [q] = problemsOf(pack(gap({ operator: 'greaterThan', value: 1, path: 'valeu' })));
    expect(q?.hint).toBe('Known members with a similar name: "value".');
    // A path into a number, also in the evidence and in a compared fact.
    const deeper = problemsOf(
      pack(
        gap({
          operator: 'greaterThan',
          value: { fact: 'pollMarginOfError', path: 'value' },
          path: 'value.x',
        }),
        { evidence: [{ fact: 'pollShare', path: 'plusMinus.y' }] },
      ),
    );
    expect(deeper.map((x) => [x.pointer, x.expected])).toEqual([
      ['/conditions/all/0/path', 'no path: the value of fact "pollGapSize" is a number'],
      ['/conditions/all/0/value/path', 'no path: the value of fact "pollMarginOfError" is a number'],
      ['/meta/evidence/0/path', 'no path: the value of fact "pollShare" is a number'],
    ]);
  });

  it('an operator that does not take the kind of value the fact gives', () => {
    const [p, ...more] = problemsOf(pack(gap({ operator: 'contains', value: 1 })));
    expect(more).toEqual([]);
    expect(p).toMatchObject({
      code: 'rule-operator-type',
      pointer: '/conditions/all/0/operator',
      found: '"contains" on { value, plusMinus }',
      expected:
        'an operator for { value, plusMinus }: differsBeyondRounding, greaterThanBeyondRounding, lessThanBeyondRounding',
    });
    expect(p?.hint).toContain('"path": "value"');
    const [q] = problemsOf(pack(gap({ operator: 'lessThan', value: 1 })));
    expect(q?.code).toBe('rule-operator-type');
  });

  it('a constant of another kind than the fact for equal, in and contains', () => {
    const direction = (operator: string, value: unknown) =>
      problemsOf(pack({ all: [{ fact: 'pollGapDirection', operator, value }] }));
    expect(direction('equal', 1).map((p) => [p.pointer, p.expected])).toEqual([
      ['/conditions/all/0/value', 'text'],
    ]);
    expect(direction('in', ['above', 2]).map((p) => [p.pointer, p.found])).toEqual([
      ['/conditions/all/0/value/1', 'the number 2'],
    ]);
    expect(direction('in', 'above').map((p) => [p.pointer, p.expected])).toEqual([
      ['/conditions/all/0/value', 'a list'],
    ]);
    expect(direction('equal', 'above')).toEqual([]);
    const names = (value: unknown) =>
      problemsOf(
        pack({ all: [{ fact: 'duplicatedCandidates', operator: 'contains', value }] }, { scope: 'release' }),
      );
    expect(names('a')).toEqual([]);
    expect(names(3).map((p) => p.expected)).toEqual(['text']);
  });

  it('a compared fact of a kind the operator does not take', () => {
    const problems = problemsOf(
      pack(gap({ operator: 'greaterThanBeyondRounding', value: { fact: 'pollGapDirection' } })),
    );
    expect(problems.map((p) => [p.code, p.pointer])).toEqual([
      ['rule-value-type', '/conditions/all/0/value/fact'],
    ]);
  });

  it('loads the rules that fit, and every bundled rule', () => {
    expect(problemsOf(pack(gap({ operator: 'greaterThanBeyondRounding', value: 1 })))).toEqual([]);
    expect(problemsOf(pack(gap({ operator: 'greaterThan', value: 1, path: 'value' })))).toEqual([]);
    expect(problemsOf('rules')).toEqual([]);
  });
});

describe('rule parameters with which a fact is never computed', () => {
  const spearman = (params: object) =>
    pack(
      { all: [{ fact: 'turnoutShareSpearman', params, operator: 'greaterThan', value: 0.3 }] },
      { scope: 'unitScreen' },
    );

  it('turnoutShareSpearman without "spearman": true, refused where the rule is loaded', () => {
    const [p, ...more] = problemsOf(spearman({ minUnits: 50 }));
    expect(more).toEqual([]);
    expect(p).toMatchObject({
      code: 'rule-invalid-params',
      pointer: '/conditions/all/0/params',
      message:
        'invalid parameter of fact "turnoutShareSpearman": not computed: the fact computes it when its params ask with "spearman": true',
    });
    expect(problemsOf(spearman({ minUnits: 50, spearman: true }))).toEqual([]);
  });
});
