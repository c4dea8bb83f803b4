/** The screens on two threads: the same outcomes whichever thread runs a test, and a failed worker's tests run here. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runRules } from '../../src/engine/run.js';
import { datasetContext } from '../../src/engine/subjects.js';
import { facts } from '../../src/facts/index.js';
import { type ScreenData, screenData } from '../../src/facts/screen-data.js';
import { computeAll, screenTest, screenTestOfFact } from '../../src/facts/screen-family.js';
import { screenMethods } from '../../src/facts/screen-methods.js';
import {
  prepareScreens,
  SCREEN_WORKER_MIN_UNITS,
  type ScreenOptions,
  type ScreenSharing,
  screenJobs,
  screenThreads,
} from '../../src/facts/screen-thread.js';
import { loadRules } from '../../src/load/rules.js';
import { TableAggregate } from '../../src/precinct/aggregate.js';
import { synthUnits } from '../../src/precinct/synth.js';
import { dataset } from '../helpers/facts.js';
import { table as tableInfo } from '../helpers/precinct.js';

const rules = loadRules('rules/screen');

// Counts registered and cast; three candidates, a region level.
const info = tableInfo({
  counts: { registered: 'registered', cast: 'cast' },
  candidates: ['a', 'b', 'c'].map((id) => ({ id, column: id })),
});

/** A synthetic table of five regions, with ballot stuffing in one, as a fresh aggregate in a dataset context. */
function table() {
  const aggregate = filled(info, 7);
  const ctx = datasetContext(dataset());
  ctx.tables.push(aggregate);
  return { aggregate, ctx };
}

/** A fresh aggregate of 3,000 synthetic units in five regions, with ballot stuffing in one. */
function filled(tableInfo: typeof info, seed: number): TableAggregate {
  const aggregate = new TableAggregate(tableInfo);
  let line = 2;
  for (const u of synthUnits({
    seed,
    rows: 3000,
    regions: 5,
    candidates: 3,
    regionOptions: { R02: { inject: { stuffing: 0.3 } } },
  })) {
    aggregate.add({
      line,
      id: String(line++),
      levels: [u.region],
      counts: {
        registered: u.registered,
        cast: u.cast,
        issued: undefined,
        valid: undefined,
        invalid: undefined,
      },
      votes: u.votes,
    });
  }
  return aggregate;
}

/**
 * The screen rules' outcomes on a fresh table (as JSON), the tests prepared with `options` (none: left to the
 * facts), and which thread ran each test.
 */
async function outcomes(
  options?: ScreenOptions,
  busy = 0,
): Promise<{ json: string; sharing?: ScreenSharing }> {
  const { ctx } = table();
  let sharing: ScreenSharing | undefined;
  if (options) {
    const screens = prepareScreens(rules, ctx.tables, options);
    try {
      // This thread busy with other rules for a while: the worker may finish, or fail, before finish().
      if (busy > 0) await new Promise((resolve) => setTimeout(resolve, busy));
      sharing = await screens.finish();
    } finally {
      screens.close();
    }
  }
  return { json: JSON.stringify(await runRules(rules, ctx)), ...(sharing ? { sharing } : {}) };
}

const PREFIXES = [
  'lastDigit',
  'leaderIntegerPercent',
  'leaderShareMoments',
  'secondDigit',
  'turnoutIntegerPercent',
  'turnoutMoments',
  'turnoutShare',
];

describe('screenJobs', () => {
  it('lists each test the rules read once, with its parsed parameters', () => {
    const jobs = screenJobs(rules, table().aggregate);
    expect(jobs.map((j) => j.prefix).sort()).toEqual(PREFIXES);
    expect(jobs.find((j) => j.prefix === 'turnoutShare')?.params).toEqual({
      cornerTurnout: 0.95,
      cornerShare: 0.95,
      bins: 20,
      minUnits: 30,
      spearman: false,
    });
  });

  it('leaves out tests already computed', async () => {
    const { aggregate, ctx } = table();
    await runRules(rules, ctx);
    expect(screenJobs(rules, aggregate)).toEqual([]);
  });
});

describe('prepareScreens', () => {
  // Each run below starts from a fresh aggregate: nothing computed by one is reused by the next.
  const inline = outcomes().then((o) => o.json);

  it('gives the same outcomes, byte for byte, when the worker runs every test', async () => {
    const { json, sharing } = await outcomes({ threads: 'worker', here: false });
    expect(sharing?.workerFailure).toBeNull();
    expect([...(sharing?.onWorker ?? [])].sort()).toEqual(PREFIXES);
    expect(sharing?.here).toEqual([]);
    expect(json).toBe(await inline);
  });

  it('gives the same outcomes when both threads take tests, each test run once', async () => {
    const started: [number, number][] = [];
    const { json, sharing } = await outcomes({
      threads: 'worker',
      onStart: (_, units, tests) => started.push([units, tests]),
    });
    expect(started).toEqual([[3000, 7]]);
    expect([...(sharing?.onWorker ?? []), ...(sharing?.here ?? [])].sort()).toEqual(PREFIXES);
    expect(json).toBe(await inline);
  });

  it('runs the tests here when the worker fails, with the same outcomes', async () => {
    const crash = { url: new URL('data:text/javascript,process.exit(3)') };
    // The worker exits long before finish() asks for its results: no unhandled rejection in between.
    const { json, sharing } = await outcomes({ threads: 'worker', here: false, script: crash }, 500);
    expect(sharing?.workerFailure).toBe('the screens worker exited with code 3');
    expect(sharing?.onWorker).toEqual([]);
    expect([...(sharing?.here ?? [])].sort()).toEqual(PREFIXES);
    expect(json).toBe(await inline);
  });

  it('keeps the results of the tests a failing worker finished, and runs the rest here', async () => {
    // The real worker, whose second result cannot be posted: it reports the error and takes no more tests.
    const failsSecond = {
      url: new URL('../fixtures/screen/worker-fails-second.mjs', import.meta.url),
      entry: new URL('../../src/facts/screen-worker.ts', import.meta.url).href,
    };
    const { json, sharing } = await outcomes({ threads: 'worker', here: false, script: failsSecond });
    expect(sharing?.workerFailure).toBe('the second result is not posted');
    // The costliest test comes first (screenJobs' order by cost).
    expect(sharing?.onWorker).toEqual(['turnoutIntegerPercent']);
    expect([...(sharing?.here ?? [])].sort()).toEqual(PREFIXES.filter((p) => p !== 'turnoutIntegerPercent'));
    expect(json).toBe(await inline);
  });

  it('takes every table’s tests here before waiting for the worker’s results of the first', async () => {
    // Two tables; a worker that answers the first table's request only once this thread has taken all of the
    // second's tests: waiting on the first table's results before taking the second's would never end (the
    // test would fail by its timeout).
    const second = { ...info, index: 1, entry: { ...info.entry, id: 't2', table: 't2.csv' } };
    const twoTables = () => {
      const ctx = datasetContext(dataset());
      ctx.tables.push(filled(info, 7), filled(second, 8));
      return ctx;
    };
    const shared = twoTables();
    const waits = { url: new URL('../fixtures/screen/worker-waits-for-second-table.mjs', import.meta.url) };
    const screens = prepareScreens(rules, shared.tables, { threads: 'worker', script: waits });
    let sharing: ScreenSharing;
    try {
      sharing = await screens.finish();
    } finally {
      screens.close();
    }
    expect(sharing.workerFailure).toBeNull();
    expect(sharing.onWorker).toEqual([]);
    expect([...sharing.here].sort()).toEqual([...PREFIXES, ...PREFIXES].sort());
    expect(JSON.stringify(await runRules(rules, shared))).toBe(
      JSON.stringify(await runRules(rules, twoTables())),
    );
  }, 10_000);

  it('computes the vote sums for both threads only when a test reads them', async () => {
    const tells = { url: new URL('../fixtures/screen/worker-tells-vote-sums.mjs', import.meta.url) };
    const sharedWith = async (ruleIds: string[] | null) => {
      const { ctx } = table();
      const some = ruleIds ? rules.filter((r) => ruleIds.includes(r.rule.id)) : rules;
      const screens = prepareScreens(some, ctx.tables, { threads: 'worker', here: false, script: tells });
      try {
        return (await screens.finish()).workerFailure;
      } finally {
        screens.close();
      }
    };
    // The digit tests read the leader's votes (second digits) and every candidate's, never their sums.
    expect(await sharedWith(['second-digits-follow-benford', 'last-digits-uniform'])).toBe(
      'vote sums not shared',
    );
    expect(await sharedWith(null)).toBe('vote sums shared');
  });

  it('leaves small tables to the facts, on this thread', async () => {
    expect(screenThreads(SCREEN_WORKER_MIN_UNITS - 1)).toBe('inline');
    expect(screenThreads(SCREEN_WORKER_MIN_UNITS)).toBe('worker');
    expect(screenThreads(SCREEN_WORKER_MIN_UNITS, 'inline')).toBe('inline');
    const { sharing } = await outcomes({});
    expect(sharing).toEqual({ onWorker: [], here: [], workerFailure: null });
  });
});

describe('the tests the screens worker runs (screen-methods.ts)', () => {
  it('are the tests whose facts the registry holds, with the same runs', () => {
    const registered = new Map<string, ReturnType<typeof screenTestOfFact>>();
    for (const f of facts) {
      const test = screenTestOfFact(f.id);
      if (test) registered.set(test.prefix, test);
    }
    expect([...screenMethods.keys()].sort()).toEqual([...registered.keys()].sort());
    for (const [prefix, method] of screenMethods) expect(method.run).toBe(registered.get(prefix)?.run);
  });

  it('say truly whether they read the vote sums', () => {
    for (const [prefix, method] of screenMethods) {
      const data = screenData(table().aggregate);
      let read = false;
      // The table's view, but for a vote-sums getter that notes the read.
      const watched = Object.create(data, {
        voteSum: {
          get: () => {
            read = true;
            return data.voteSum;
          },
        },
      }) as ScreenData;
      computeAll(method, watched, screenTest(prefix)?.params.parse({}));
      expect(read, prefix).toBe(method.readsVoteSums);
    }
  });

  it("say truly whether they read the regions' unit lists", () => {
    const cases = [...screenMethods].flatMap(([prefix, method]) =>
      prefix === 'turnoutShare'
        ? [{ spearman: false }, { spearman: true }].map((p) => [method, p] as const)
        : [[method, {}] as const],
    );
    for (const [method, given] of cases) {
      const data = screenData(table().aggregate);
      const params = screenTest(method.prefix)?.params.parse(given);
      let read = false;
      computeAll(
        {
          run: (input) =>
            method.run(
              Object.create(input, {
                units: {
                  get: () => {
                    if (input.region !== null) read = true;
                    return input.units;
                  },
                },
              }),
            ),
        },
        data,
        params,
      );
      expect(read, `${method.prefix} ${JSON.stringify(given)}`).toBe(method.readsSelections(params));
    }
    expect(cases.filter(([m, p]) => m.readsSelections(screenTest(m.prefix)?.params.parse(p)))).toHaveLength(
      1,
    );
  });

  it('load without zod: the worker bundle holds none of it', () => {
    expect(readFileSync('dist/bundle/main.cjs', 'utf8')).toContain('node_modules/zod/');
    expect(readFileSync('dist/bundle/screen-worker.js', 'utf8')).not.toContain('node_modules/zod/');
  });
});
