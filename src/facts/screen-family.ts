/** Screening facts per test: the judged p (Benjamini-Hochberg q for a region) and its companions for messages. */
import type { z } from 'zod';
import type { DatasetContext, SubjectOf } from '../engine/subjects.js';
import type { TableAggregate } from '../precinct/aggregate.js';
import { benjaminiHochberg, type StatResult } from '../stats/index.js';
import { defineFact, type FactDefinition, type Measurement, missing } from './define.js';
import { type ScreenData, screenData } from './screen-data.js';

/** What a test's run gets: the table's columns, the group, the rule's parameters. */
export interface ScreenRun<P> {
  data: ScreenData;
  params: P;
  /** The group: a region's code, or null for the whole table. */
  region: number | null;
  /**
   * Room for work arrays a test reuses from group to group (the table's serve each region): kept while the
   * groups of this test and parameters are being computed, dropped once the table and every region are done.
   */
  work: Record<string, unknown>;
}

/** A fact id suffix and a one-line description of the number it names. */
export type Named = readonly [suffix: string, description: string];

/**
 * A screening test: how to run it on a group of units and what to call its numbers. No zod here: the screens'
 * worker thread loads the tests (screen-methods.ts) without the parameter schemas (screen-facts.ts), which would
 * cost it zod (about 25 ms and 4 MB of heap).
 */
export interface ScreenMethod<P, R extends StatResult> {
  /** Fact id prefix, e.g. "secondDigit" gives secondDigitPValue, secondDigitChiSquare ... */
  prefix: string;
  /** What is tested, for the fact descriptions, e.g. "second digits of the leader's vote counts". */
  what: string;
  /** Whether the test reads the leader's votes (a table where nobody has votes then has no value). */
  usesLeader: (params: P) => boolean;
  /**
   * Relative CPU time per unit of the table and its regions, by which the audit shares the tests out between
   * threads (screen-thread.ts): measured at 1,000,000 units, 1 is about 0.1 s.
   */
  cost: (params: P) => number;
  /** Runs the test; its `insufficient` reason makes every fact "unknown: insufficient data". */
  run(input: ScreenRun<P>): R;
  /** Names (fact id suffixes) and one-line descriptions of the companions. */
  statistic: Named;
  expected: Named;
  effectSize: Named;
  units: Named;
  /** Further numbers of the result worth naming in a message, by suffix. */
  extras?: Record<
    string,
    readonly [
      description: string,
      value: (r: R) => number | null,
      /** Why the number is not computed with these parameters (so the fact says so), or null. */
      notComputed?: (params: P) => string | null,
    ]
  >;
}

/** A screening test as facts: the test and the schema of its parameters. */
export interface ScreenTest<P, R extends StatResult> extends ScreenMethod<P, R> {
  params: z.ZodType<P>;
}

/** A test's results on a table: the whole table's, each region's (by code) and their q-values. */
export interface Computed {
  table?: StatResult;
  regions?: StatResult[];
  q?: (number | null)[];
  work?: Record<string, unknown>;
}

// Keyed by the aggregate (alive for one audit) and then by test and parameters: a region's q-value needs every
// region's p-value, and the companions of a p-value need the same result, so each test runs once per group.
const cache = new WeakMap<TableAggregate, Map<string, Computed>>();

/** The cache key of a test with its parsed parameters (which come out in schema order: same values, same key). */
export function screenKey(test: { prefix: string }, params: unknown): string {
  return `${test.prefix}\u0000${JSON.stringify(params)}`;
}

function computed(aggregate: TableAggregate, key: string): Computed {
  let byKey = cache.get(aggregate);
  if (!byKey) {
    byKey = new Map();
    cache.set(aggregate, byKey);
  }
  let entry = byKey.get(key);
  if (!entry) {
    entry = {};
    byKey.set(key, entry);
  }
  return entry;
}

interface GroupResult<R> {
  result: R;
  /** The judged number: p for the whole table, the Benjamini-Hochberg q for a region. */
  judged: number | null;
  qValue: number | null;
  regionsTested: number | null;
}

const NO_LEADER = 'no candidate has votes in the table, so there is no leader';

function groupResult<P, R extends StatResult>(
  test: ScreenTest<P, R>,
  subject: SubjectOf<'unitScreen'>,
  params: P,
): GroupResult<R> | string {
  const data = screenData(subject.aggregate);
  if (test.usesLeader(params) && data.leader === null) return NO_LEADER;
  const entry = computed(subject.aggregate, screenKey(test, params));
  if (subject.region === null ? !entry.table : !entry.regions)
    computeGroups(test, data, params, entry, subject.region === null ? 'table' : 'regions');
  if (subject.region === null) {
    const result = entry.table as R;
    return { result, judged: result.pValue, qValue: null, regionsTested: null };
  }
  const result = entry.regions?.[subject.region] as R;
  const q = entry.q?.[subject.region] ?? null;
  return {
    result,
    judged: q,
    qValue: q,
    regionsTested: entry.q?.filter((x) => x !== null).length ?? 0,
  };
}

/**
 * Runs a test on the whole table or on every region (filling in their q-values), into `entry`: the work of
 * groupResult when a fact asks, and of computeAll when the audit runs the tests ahead (screen-thread.ts).
 */
function computeGroups<P, R extends StatResult>(
  test: Pick<ScreenMethod<P, R>, 'run'>,
  data: ScreenData,
  params: P,
  entry: Computed,
  groups: 'table' | 'regions',
): void {
  if (!entry.work) entry.work = {};
  const work = entry.work;
  if (groups === 'table') entry.table = test.run({ data, params, region: null, work });
  else {
    entry.regions = data.regions.map((_, region) => test.run({ data, params, region, work }));
    entry.q = benjaminiHochberg(entry.regions.map((r) => (r.insufficient ? null : r.pValue)));
  }
  // The work arrays serve the table and its regions; once both are done (or the table has no regions to ask
  // for theirs), nothing reads them.
  if (entry.table && (entry.regions || data.regions.length === 0)) entry.work = undefined;
}

/** A test's results on the whole table and every region (one job of screen-thread.ts, on either thread). */
export function computeAll<P, R extends StatResult>(
  test: Pick<ScreenMethod<P, R>, 'run'>,
  data: ScreenData,
  params: P,
): Computed {
  const entry: Computed = {};
  computeGroups(test, data, params, entry, 'table');
  computeGroups(test, data, params, entry, 'regions');
  return { table: entry.table, regions: entry.regions, q: entry.q };
}

/** Stores a test's results computed elsewhere (screen-thread.ts), as if groupResult had computed them. */
export function storeComputed(aggregate: TableAggregate, key: string, results: Computed): void {
  const entry = computed(aggregate, key);
  if (results.table) entry.table = results.table;
  if (results.regions) {
    entry.regions = results.regions;
    entry.q = results.q;
  }
}

/** Whether groupResult would find the table's and every region's results of a test without computing. */
export function isComputed(aggregate: TableAggregate, key: string): boolean {
  const entry = cache.get(aggregate)?.get(key);
  return entry?.table !== undefined && entry.regions !== undefined;
}

// Every screening test by prefix, and the test behind each of its facts: how the audit finds, from the rules,
// which tests with which parameters it will need (screen-thread.ts). The screens' worker thread finds the test a
// job names in screen-methods.ts instead.
// biome-ignore lint/suspicious/noExplicitAny: tests of every parameter type.
type AnyScreenTest = ScreenTest<any, any>;
const testsByPrefix = new Map<string, AnyScreenTest>();
const testOfFact = new Map<string, AnyScreenTest>();

/** The screening test of a prefix, if any. */
export function screenTest(prefix: string): AnyScreenTest | undefined {
  return testsByPrefix.get(prefix);
}

/** The screening test a fact reads, if it is one of a test's facts. */
export function screenTestOfFact(factId: string): AnyScreenTest | undefined {
  return testOfFact.get(factId);
}

/**
 * The measurement of one number of a group's result, or why there is none. Below the test's minimum the judged
 * p-value gives the full reason and its companions point to it, so a "not evaluated" says it once.
 */
function measureNumber<P, R extends StatResult>(
  test: ScreenTest<P, R>,
  subject: SubjectOf<'unitScreen'>,
  params: P,
  value: (g: GroupResult<R>) => number | null,
  when: { judged: boolean; evenIfInsufficient?: boolean },
): Measurement {
  const g = groupResult(test, subject, params);
  if (typeof g === 'string') return missing('unknown', g);
  if (g.result.insufficient && !when.evenIfInsufficient) {
    return missing(
      'unknown',
      when.judged
        ? `insufficient data: ${g.result.insufficient.replace(/\.$/, '')}`
        : `insufficient data, as for ${test.prefix}PValue`,
    );
  }
  const v = value(g);
  return v === null || !Number.isFinite(v)
    ? missing('unknown', `the ${test.what} test gave no such number for ${subject.label}`)
    : { value: v };
}

// biome-ignore lint/suspicious/noExplicitAny: the family holds facts of one scope and the test's parameter type.
type ScreenFact = FactDefinition<'unitScreen', any>;

/** The facts of one screening test: `<prefix>PValue` (judged) and its named companions. */
export function screenFacts<P, R extends StatResult>(test: ScreenTest<P, R>): ScreenFact[] {
  const scopes = ['unitScreen'] as const;
  const companion = (
    [suffix, description]: Named,
    value: (r: R) => number | null,
    evenIfInsufficient = false,
    notComputed?: (params: P) => string | null,
  ): ScreenFact =>
    defineFact({
      id: `${test.prefix}${suffix}`,
      description: `${description} (${test.what}).`,
      scopes,
      returns: 'number',
      // Parameters with which the number is never computed are refused where the rule is loaded (rules
      // validate), not left to read "not evaluated" on every subject.
      params: notComputed
        ? test.params.superRefine((params, ctx) => {
            const why = notComputed(params);
            if (why) ctx.addIssue({ code: 'custom', message: why });
          })
        : test.params,
      compute(subject, params: P) {
        const why = notComputed?.(params);
        if (why) return missing('unknown', why);
        return measureNumber(test, subject, params, (g) => value(g.result), {
          judged: false,
          evenIfInsufficient,
        });
      },
    });
  const pValue: ScreenFact = defineFact({
    id: `${test.prefix}PValue`,
    description:
      `p-value of the test on the ${test.what} for the whole table; for a region, its Benjamini-Hochberg ` +
      'q-value across the regions with enough data. Detail: the full result, for charts.',
    scopes,
    returns: 'number',
    params: test.params,
    compute(subject, params: P, ctx: DatasetContext) {
      const m = measureNumber(test, subject, params, (g) => g.judged, { judged: true });
      if ('missing' in m) return m;
      const g = groupResult(test, subject, params) as GroupResult<R>;
      const data = screenData(subject.aggregate);
      const leader =
        test.usesLeader(params) && data.leader !== null ? subject.table.candidates[data.leader] : null;
      const detail: Record<string, unknown> = {
        ...(g.result as unknown as Record<string, unknown>),
        ...(leader ? { leader, leaderName: candidateLabel(subject, data.leader as number, ctx) } : {}),
        judged: subject.region === null ? 'pValue' : 'qValue',
        qValue: g.qValue,
        ...(g.regionsTested !== null ? { regionsTested: g.regionsTested } : {}),
      };
      return { value: m.value, detail };
    },
  });
  const facts = [
    pValue,
    companion(test.statistic, (r) => r.statistic),
    companion(test.expected, (r) => r.expected),
    companion(test.effectSize, (r) => r.effectSize),
    companion(test.units, (r) => r.units, true),
    ...Object.entries(test.extras ?? {}).map(([suffix, [description, value, notComputed]]) =>
      companion([suffix, description], value, false, notComputed),
    ),
  ];
  if (testsByPrefix.has(test.prefix)) throw new Error(`screening test ${test.prefix} defined twice`);
  testsByPrefix.set(test.prefix, test);
  for (const f of facts) testOfFact.set(f.id, test);
  return facts;
}

/** A candidate's display name: the mapping's, else the dataset's, else the id. */
function candidateLabel(subject: SubjectOf<'unitScreen'>, index: number, ctx: DatasetContext): string {
  const id = subject.table.candidates[index] ?? `candidate ${index + 1}`;
  return subject.table.mapping.candidates[index]?.name ?? ctx.candidates.get(id)?.name ?? id;
}

/** The candidate with the most votes in the table (ties: the first in the mapping), by name. */
export const screenLeader = defineFact({
  id: 'screenLeader',
  description:
    'Name of the candidate with the most votes in the whole table (also for a region), whose votes and share the screens test.',
  scopes: ['unitScreen'],
  returns: 'text',
  compute(subject, _params, ctx) {
    const data = screenData(subject.aggregate);
    if (data.leader === null) return missing('unknown', NO_LEADER);
    const total = data.candidateTotals.reduce((a, b) => a + b, 0);
    return {
      value: candidateLabel(subject, data.leader, ctx),
      detail: {
        candidate: subject.table.candidates[data.leader],
        votes: data.candidateTotals[data.leader],
        shareOfVotes: (data.candidateTotals[data.leader] as number) / total,
      },
    };
  },
});

/** Which number a screening rule judges for this subject: "p" for the whole table, "q" for a region. */
export const screenPValueKind = defineFact({
  id: 'screenPValueKind',
  description:
    'Text naming the judged number: "p" for the whole table, "Benjamini-Hochberg q" for a region (adjusted across regions).',
  scopes: ['unitScreen'],
  returns: 'text',
  compute: (subject) => ({ value: subject.region === null ? 'p' : 'Benjamini-Hochberg q' }),
});
