/** The runner's outcomes: three-valued logic over missing values, skipped subjects, and the engine's traps. */
import { describe, expect, it } from 'vitest';
import { buildEngine, evaluateRule } from '../../src/engine/evaluate.js';
import { runRules } from '../../src/engine/run.js';
import { datasetContext, type Subject, subjectsOf } from '../../src/engine/subjects.js';
import type { LoadedRule } from '../../src/load/rules.js';
import { type Dataset, DatasetSchema } from '../../src/schema/dataset.js';
import { RuleFileSchema } from '../../src/schema/rule.js';

const at = { source: 's', paragraph: 1 };
const share = (value: number) => ({ value, printed: String(value), at });

/** A dataset with three releases: full shares (sum 90), one share missing, and no shares at all. */
function dataset(): Dataset {
  return DatasetSchema.parse({
    schemaVersion: 1,
    id: 'engine-test',
    election: { country: 'T', office: 'P', date: '2024-01-01', kind: 'regular' },
    sources: [{ id: 's', publisher: 'p' }],
    candidates: [
      { id: 'a', name: 'A' },
      { id: 'b', name: 'B' },
    ],
    releases: [
      {
        id: 'full',
        authority: 'C',
        source: 's',
        status: 'final',
        results: [
          { candidate: 'a', share: share(60) },
          { candidate: 'b', share: share(30) },
        ],
      },
      {
        id: 'partial',
        authority: 'C',
        source: 's',
        status: 'preliminary',
        results: [{ candidate: 'a', share: share(60) }, { candidate: 'b' }],
      },
      {
        id: 'none',
        authority: 'C',
        source: 's',
        status: 'final',
        results: [{ candidate: 'a' }, { candidate: 'b' }],
      },
    ],
  });
}

function rule(conditions: object): LoadedRule {
  return {
    file: 'inline.json',
    sha256: '',
    rule: RuleFileSchema.parse({
      id: 'test-rule',
      meta: { title: 't', severity: 'error', scope: 'release', rationale: 'r', message: 'sum {shareSum}' },
      conditions,
    }),
  };
}

async function outcomes(conditions: object) {
  const run = await runRules([rule(conditions)], datasetContext(dataset()));
  return Object.fromEntries(run.outcomes.map((o) => [o.subject.id.replace('release:', ''), o.outcome]));
}

const sumDiffers = { fact: 'shareSum', operator: 'differsBeyondRounding', value: 100 };
const alwaysTrue = { fact: 'shareSum', path: 'plusMinus', operator: 'greaterThanInclusive', value: 0 };
const alwaysFalse = { fact: 'shareSum', path: 'plusMinus', operator: 'lessThan', value: 0 };

describe('runRules', () => {
  it('fails, passes, is not evaluated, or skipped as the data allows', async () => {
    expect(await outcomes({ all: [sumDiffers] })).toEqual({
      full: 'failed',
      partial: 'notEvaluated',
      none: 'skipped',
    });
  });

  it('never reads a missing value wrapped in "not" as passed', async () => {
    expect(await outcomes({ not: sumDiffers })).toEqual({
      full: 'passed',
      partial: 'notEvaluated',
      none: 'skipped',
    });
  });

  it('reads conditions in three-valued logic', async () => {
    const unknownOnPartial = { fact: 'shareSum', path: 'value', operator: 'greaterThan', value: 0 };
    expect((await outcomes({ any: [alwaysTrue, unknownOnPartial] })).full).toBe('failed');
    expect((await outcomes({ all: [alwaysFalse, unknownOnPartial] })).full).toBe('passed');
  });

  it('reports a missing path as not evaluated, with the reason', async () => {
    const run = await runRules(
      [rule({ all: [{ fact: 'shareSum', path: 'nope', operator: 'greaterThan', value: 0 }] })],
      datasetContext(dataset()),
    );
    const full = run.findings.find((f) => f.subject.id === 'release:full');
    expect(full?.outcome).toBe('notEvaluated');
    expect(full?.reasons).toEqual(['shareSum: the fact value has no "nope"']);
  });

  it("names the rule's constant, not the fact, when the constant is what the operator refuses", async () => {
    const run = await runRules(
      [rule({ all: [{ fact: 'shareSum', operator: 'differsBeyondRounding', value: '100' }] })],
      datasetContext(dataset()),
    );
    const full = run.findings.find((f) => f.subject.id === 'release:full');
    expect(full?.outcome).toBe('notEvaluated');
    expect(full?.reasons).toEqual([
      'shareSum: the rule\'s value at /conditions/all/0/value is the text "100", neither a number nor { value, plusMinus }',
    ]);
  });

  it('records the values compared as evidence', async () => {
    const run = await runRules([rule({ all: [sumDiffers] })], datasetContext(dataset()));
    const f = run.findings.find((x) => x.subject.id === 'release:full');
    expect(f?.evidence.conditions).toEqual([
      {
        pointer: '/conditions/all/0',
        fact: 'shareSum',
        operator: 'differsBeyondRounding',
        factValue: { value: 90, plusMinus: 1 },
        value: 100,
        result: true,
      },
    ]);
    expect(f?.message).toBe('sum 90 ± 1');
    expect(f?.sources.map((s) => s.pointer)).toEqual([
      '/releases/0/results/0/share',
      '/releases/0/results/1/share',
    ]);
  });

  it('gives the same results when run repeatedly (no state leaks between runs)', async () => {
    const first = await runRules([rule({ all: [sumDiffers] })], datasetContext(dataset()));
    const second = await runRules([rule({ all: [sumDiffers] })], datasetContext(dataset()));
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });
});

describe('evaluateRule', () => {
  it('refuses a second run on one engine while the first is under way, and runs one after another', async () => {
    const engine = buildEngine(rule({ all: [sumDiffers] }));
    const ctx = datasetContext(dataset());
    const [full, partial] = subjectsOf('release', ctx);
    const first = evaluateRule(engine, full as Subject, ctx);
    await expect(evaluateRule(engine, partial as Subject, ctx)).rejects.toThrow(/already under way/);
    expect((await first).result).toBe(true);
    // Once the first has ended, the engine serves the next subject, with that subject's facts.
    const next = await evaluateRule(engine, partial as Subject, ctx);
    expect(next.result).toBeNull();
    expect(next.conditions[0]?.reason).toMatch(/give no sh/);
  });
});
