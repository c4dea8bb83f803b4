/** Screening facts: the per-unit view of a table, p for the table and Benjamini-Hochberg q for regions, seeds. */
import { describe, expect, it } from 'vitest';
import { datasetContext, type SubjectOf, subjectsOf } from '../../src/engine/subjects.js';
import { type FactDefinition, isMissing, type Measurement } from '../../src/facts/define.js';
import { factsById } from '../../src/facts/index.js';
import { fractionsOf, screenData, unitBlocks } from '../../src/facts/screen-data.js';
import { TurnoutShareParamsSchema } from '../../src/facts/screen-facts.js';
import { TableAggregate, type TableInfo } from '../../src/precinct/aggregate.js';
import type { Unit } from '../../src/precinct/read.js';
import { type SynthRow, synthUnits } from '../../src/precinct/synth.js';
import { MappingSchema } from '../../src/schema/mapping.js';
import {
  benjaminiHochberg,
  integerPercentExcess,
  lastDigitUniformity,
  moments,
  secondDigitBenford,
  turnoutShareRelation,
} from '../../src/stats/index.js';
import { dataset } from '../helpers/facts.js';

const info: TableInfo = (() => {
  const mapping = MappingSchema.parse({
    schemaVersion: 1,
    id: { columns: ['id'] },
    levels: [{ name: 'region', column: 'region' }],
    counts: { registered: 'registered', cast: 'cast' },
    candidates: [
      { id: 'a', column: 'a' },
      { id: 'b', column: 'b', name: 'Bea' },
      { id: 'c', column: 'c' },
    ],
  });
  return {
    index: 0,
    entry: { id: 't', table: 't.csv', mapping: 'm.json' },
    file: 't.csv',
    mappingFile: 'm.json',
    mapping,
    candidates: ['a', 'b', 'c'],
  };
})();

function unit(i: number, region: string, registered: number, cast: number, votes: number[]): Unit {
  return {
    line: i + 2,
    id: String(i + 1),
    levels: [region],
    counts: { registered, cast, issued: undefined, valid: undefined, invalid: undefined },
    votes,
  };
}

/** An aggregate of the given units, and the dataset context holding it. */
function aggregateOf(units: Unit[]) {
  const aggregate = new TableAggregate(info);
  for (const u of units) aggregate.add(u);
  const ctx = datasetContext(dataset());
  ctx.tables.push(aggregate);
  const subjects = subjectsOf('unitScreen', ctx) as SubjectOf<'unitScreen'>[];
  return { aggregate, ctx, subjects };
}

/** A synthetic table (three candidates, five regions) as aggregate units; candidate 1 ("b") is the leader. */
function synthAggregate(seed: number, rows: number) {
  const synth = [...synthUnits({ seed, rows, regions: 5, candidates: 3 })];
  // Swap candidates 0 and 1, so the leader is not simply the first column.
  const swap = (u: SynthRow) => [u.votes[1], u.votes[0], u.votes[2]] as number[];
  return {
    synth,
    ...aggregateOf(synth.map((u, i) => unit(i, u.region, u.registered, u.cast, swap(u)))),
  };
}

function measure(
  id: string,
  subject: SubjectOf<'unitScreen'>,
  ctx: ReturnType<typeof aggregateOf>['ctx'],
  params = {},
) {
  const fact = factsById.get(id) as FactDefinition<'unitScreen', unknown>;
  return fact.compute(subject, fact.params ? fact.params.parse(params) : {}, ctx);
}

const value = (m: Measurement) => (isMissing(m) ? m : m.value);

describe('screenData', () => {
  const { aggregate } = aggregateOf([
    unit(0, 'N', 100, 50, [30, 10, 10]),
    unit(1, 'N', 0, 0, [0, 0, 0]), // registered 0: no turnout
    unit(2, 'S', 100, 120, [40, 60, 20]), // turnout above 100%: left out of the distribution
    unit(3, 'S', 100, Number.NaN, [Number.NaN, 5, 5]), // missing cast and a missing vote
    unit(4, 'S', 200, 100, [10, 80, 10]),
  ]);
  const data = screenData(aggregate);

  it('picks the leader by total votes over the table (b: 155 against a: 80)', () => {
    expect(data.candidateTotals).toEqual([80, 155, 45]);
    expect(data.leader).toBe(1);
  });

  it('gives turnout only within 0..1 and with both counts, the leader share only with every vote', () => {
    const none = (x: number) => (Number.isNaN(x) ? null : x);
    expect([...fractionsOf(data, 'turnout')].map(none)).toEqual([0.5, null, null, null, 0.5]);
    expect([...unitBlocks(data)].flatMap((b) => [...b.voteSum])).toEqual([50, 0, 120, -1, 100]);
    expect([...fractionsOf(data, 'leaderShare')].map(none)).toEqual([0.2, null, 0.5, null, 0.8]);
  });

  it('is computed once per aggregate', () => {
    expect(screenData(aggregate)).toBe(data);
  });
});

describe('screen facts on a synthetic table', () => {
  const { synth, ctx, subjects } = synthAggregate(11, 1500);
  const [table, ...regions] = subjects as [SubjectOf<'unitScreen'>, ...SubjectOf<'unitScreen'>[]];
  const leaderVotes = synth.map((u) => u.votes[0] as number);

  it('lists the whole table and each region', () => {
    expect(table.region).toBeNull();
    expect(regions.map((r) => r.names.group)).toHaveLength(5);
  });

  it('names the leader by the mapping name, and says p for the table and q for a region', () => {
    expect(value(measure('screenLeader', table, ctx))).toBe('Bea');
    expect(value(measure('screenPValueKind', table, ctx))).toBe('p');
    expect(value(measure('screenPValueKind', regions[0] as SubjectOf<'unitScreen'>, ctx))).toBe(
      'Benjamini-Hochberg q',
    );
  });

  it('gives the whole table its own p-value and the full result in the detail', () => {
    const direct = secondDigitBenford(leaderVotes);
    const m = measure('secondDigitPValue', table, ctx);
    expect(value(m)).toBe(direct.pValue);
    expect('detail' in m && m.detail).toMatchObject({
      digitCounts: direct.digitCounts,
      leader: 'b',
      leaderName: 'Bea',
      judged: 'pValue',
    });
    expect(value(measure('secondDigitChiSquare', table, ctx))).toBe(direct.statistic);
    expect(value(measure('secondDigitExpectedChiSquare', table, ctx))).toBe(9);
    expect(value(measure('secondDigitCounts', table, ctx))).toBe(direct.units);
  });

  it("gives each region the Benjamini-Hochberg q of its p among all regions' p-values", () => {
    const perRegion = regions.map((r) =>
      lastDigitUniformity(
        synth
          .filter((u) => u.region === r.aggregate.columns.regions[r.region as number])
          .flatMap((u) => u.votes),
      ),
    );
    const q = benjaminiHochberg(perRegion.map((r) => r.pValue));
    regions.forEach((r, i) => {
      expect(value(measure('lastDigitPValue', r, ctx))).toBeCloseTo(q[i] as number, 12);
      expect(value(measure('lastDigitChiSquare', r, ctx))).toBe(perRegion[i]?.statistic);
    });
  });

  it('gives the table and each region the integer-percentage result of their own units, from shared q', () => {
    const voteSum = (u: SynthRow) => u.votes.reduce((x, y) => x + y, 0);
    const direct = (units: SynthRow[]) => ({
      turnout: integerPercentExcess({
        numerators: units.map((u) => u.cast),
        denominators: units.map((u) => u.registered),
      }),
      leader: integerPercentExcess({
        numerators: units.map((u) => u.votes[0] as number),
        denominators: units.map(voteSum),
      }),
    });
    const whole = direct(synth);
    const perRegion = regions.map((r) =>
      direct(synth.filter((u) => u.region === r.aggregate.columns.regions[r.region as number])),
    );
    for (const [prefix, key] of [
      ['turnoutIntegerPercent', 'turnout'],
      ['leaderIntegerPercent', 'leader'],
    ] as const) {
      expect(value(measure(`${prefix}PValue`, table, ctx))).toBe(whole[key].pValue);
      expect(value(measure(`${prefix}Expected`, table, ctx))).toBe(whole[key].expected);
      expect(value(measure(`${prefix}Percentile`, table, ctx))).toBe(whole[key].percentile);
      const m = measure(`${prefix}PValue`, table, ctx);
      expect('detail' in m && m.detail).toMatchObject({ stdDev: whole[key].stdDev, tails: 'exact' });
      const q = benjaminiHochberg(perRegion.map((r) => r[key].pValue));
      regions.forEach((r, i) => {
        expect(value(measure(`${prefix}PValue`, r, ctx))).toBeCloseTo(q[i] as number, 12);
        expect(value(measure(`${prefix}Observed`, r, ctx))).toBe(perRegion[i]?.[key].observed);
        expect(value(measure(`${prefix}Expected`, r, ctx))).toBe(perRegion[i]?.[key].expected);
      });
    }
  });

  it('measures the moments of turnout without the units left out', () => {
    const direct = moments(synth.map((u) => u.cast / u.registered));
    expect(value(measure('turnoutMomentsSkewness', table, ctx))).toBeCloseTo(direct.skewness as number, 12);
    expect(value(measure('turnoutMomentsExcessKurtosis', table, ctx))).toBeCloseTo(
      direct.excessKurtosis as number,
      12,
    );
  });

  it("gives each region the moments of its own units' turnout and leader's share, exactly", () => {
    // The fractions a unit has, as the screens compute them from its counts (turnout up to 1 only).
    const turnout = (u: SynthRow) => (u.cast <= u.registered ? u.cast / u.registered : Number.NaN);
    const share = (u: SynthRow) => (u.votes[0] as number) / u.votes.reduce((a, b) => a + b, 0);
    const names = [...new Set(synth.map((u) => u.region))].sort();
    for (const [prefix, of] of [
      ['turnoutMoments', turnout],
      ['leaderShareMoments', share],
    ] as const) {
      regions.forEach((r, i) => {
        const direct = moments(synth.filter((u) => u.region === names[i]).map(of));
        const m = measure(`${prefix}PValue`, r, ctx);
        const detail = 'detail' in m ? (m.detail as Record<string, unknown>) : {};
        expect(detail.pValue, `${prefix} ${names[i]}`).toBe(direct.pValue);
        expect([detail.skewness, detail.excessKurtosis, detail.units]).toEqual([
          direct.skewness,
          direct.excessKurtosis,
          direct.units,
        ]);
      });
    }
  });

  it('gives the table and each region the turnout-share result of their own units, with ranks only when asked', () => {
    const turnout = (u: SynthRow) => (u.cast <= u.registered ? u.cast / u.registered : Number.NaN);
    const share = (u: SynthRow) => (u.votes[0] as number) / u.votes.reduce((a, b) => a + b, 0);
    const names = [...new Set(synth.map((u) => u.region))].sort();
    const groups = [
      [table, synth] as const,
      ...regions.map((r, i) => [r, synth.filter((u) => u.region === names[i])] as const),
    ];
    for (const [subject, units] of groups) {
      const direct = turnoutShareRelation({
        turnout: units.map(turnout),
        leaderShare: units.map(share),
        bins: 20,
      });
      expect(direct.excluded + direct.units).toBe(units.length);
      const detail = (params: object) => {
        const m = measure('turnoutSharePValue', subject, ctx, params);
        return 'detail' in m ? m.detail : null;
      };
      // Without ranks: every number but Spearman's, from sums over the counts (no per-unit arrays).
      expect(detail({}), subject.label).toMatchObject({ ...direct, spearman: null, spearmanPValue: null });
      expect(detail({ spearman: true }), subject.label).toMatchObject(direct);
      expect(value(measure('turnoutShareSpearman', subject, ctx, { spearman: true }))).toBe(direct.spearman);
      // Without "spearman": true, a rule file is refused where it is loaded; parameters given otherwise (the
      // test's own) still get the reason rather than a number.
      const spearman = factsById.get('turnoutShareSpearman') as FactDefinition<'unitScreen', unknown>;
      const why = 'not computed: the fact computes it when its params ask with "spearman": true';
      expect(spearman.params?.safeParse({}).error?.issues.map((i) => i.message)).toEqual([why]);
      expect(value(spearman.compute(subject, TurnoutShareParamsSchema.parse({}), ctx))).toEqual({
        missing: 'unknown',
        reason: why,
      });
    }
  });

  it('keeps a 100-bin histogram of turnout for its chart', () => {
    const m = measure('turnoutMomentsPValue', table, ctx);
    const detail = 'detail' in m ? (m.detail as { histogram: { bins: number; counts: number[] } }) : null;
    expect(detail?.histogram.counts).toHaveLength(100);
    expect(detail?.histogram.counts.reduce((a, b) => a + b, 0)).toBe(1500);
  });

  it('keeps a coarse histogram for the turnout-by-share chart', () => {
    const m = measure('turnoutSharePValue', table, ctx, { bins: 20 });
    const detail = 'detail' in m ? (m.detail as { histogram: { bins: number; counts: number[][] } }) : null;
    expect(detail?.histogram.bins).toBe(20);
    expect(detail?.histogram.counts.flat().reduce((a, b) => a + b, 0)).toBe(1500);
  });
});

describe('screen facts without enough data', () => {
  it.each([
    ['secondDigitPValue', /^insufficient data: counts of 10 or more: \d+; the test needs at least 60$/],
    ['secondDigitCounts', null],
    ['lastDigitPValue', /^insufficient data: /],
    ['turnoutIntegerPercentPValue', /^insufficient data: units with a denominator of 100 or more: 12/],
    ['leaderIntegerPercentExcess', /^insufficient data, as for leaderIntegerPercentPValue$/],
    ['turnoutSharePValue', /^insufficient data: units with turnout and share between 0 and 1: 12;/],
    ['turnoutShareCorner', /^insufficient data, as for turnoutSharePValue$/],
    ['leaderShareMomentsPValue', /^insufficient data: finite values: 12; the test needs at least 20$/],
  ])('%s is unknown with the reason', (id, reason) => {
    const { ctx, subjects } = synthAggregate(3, 12);
    const m = measure(id, subjects[0] as SubjectOf<'unitScreen'>, ctx);
    if (reason === null) expect(isMissing(m)).toBe(false);
    else expect(isMissing(m) && m.missing === 'unknown' && m.reason).toMatch(reason);
  });

  it('has no leader, and no leader-based value, when nobody has votes', () => {
    const { ctx, subjects } = aggregateOf([unit(0, 'N', 100, 0, [0, 0, 0])]);
    const table = subjects[0] as SubjectOf<'unitScreen'>;
    for (const id of ['screenLeader', 'leaderIntegerPercentPValue', 'turnoutSharePValue']) {
      expect(measure(id, table, ctx)).toMatchObject({ missing: 'unknown', reason: /no leader/ });
    }
    // Turnout needs no leader: it is merely too short.
    expect(measure('turnoutMomentsPValue', table, ctx)).toMatchObject({ reason: /^insufficient data/ });
  });

  it('rejects parameters outside their range', () => {
    const fact = factsById.get('turnoutIntegerPercentPValue');
    expect(fact?.params?.safeParse({ minDenominator: 0 }).success).toBe(false);
    // The Monte Carlo's seed and iterations are gone with it: the tails are computed exactly.
    expect(fact?.params?.safeParse({ seed: 1 }).success).toBe(false);
    expect(fact?.params?.safeParse({ iterations: 200 }).success).toBe(false);
    expect(factsById.get('secondDigitPValue')?.params?.safeParse({ minCount: 9 }).success).toBe(false);
    expect(factsById.get('lastDigitPValue')?.params?.safeParse({ counts: 'rivals' }).success).toBe(false);
  });
});
