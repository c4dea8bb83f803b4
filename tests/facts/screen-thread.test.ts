/** The screens on two threads: the same outcomes whichever thread runs a test, and a failed worker's tests run here. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runRules } from '../../src/engine/run.js';
import { datasetContext } from '../../src/engine/subjects.js';
import { facts } from '../../src/facts/index.js';
import { screenData } from '../../src/facts/screen-data.js';
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
function table(resident?: number) {
  const aggregate = filled(info, 7, resident);
  const ctx = datasetContext(dataset());
  ctx.tables.push(aggregate);
  return { aggregate, ctx };
}

/** A fresh aggregate of 3,000 synthetic units in five regions, with ballot stuffing in one. */
function filled(tableInfo: typeof info, seed: number, resident?: number): TableAggregate {
  const aggregate = new TableAggregate(tableInfo, resident === undefined ? {} : { residentUnits: resident });
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
  resident?: number,
): Promise<{ json: string; sharing?: ScreenSharing }> {
  const { ctx } = table(resident);
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

  it('gives the same outcomes when the columns went to a temporary file, on either thread', async () => {
    // 3,000 units in chunks of 1,024, 1,024 and 952: past the first 300 units, the full chunk is written out.
    expect(table(300).aggregate.spilledBytes).toBeGreaterThan(0);
    const { json, sharing } = await outcomes({ threads: 'worker', here: false }, 0, 300);
    expect(sharing?.workerFailure).toBeNull();
    expect([...(sharing?.onWorker ?? [])].sort()).toEqual(PREFIXES);
    expect(json).toBe(await inline);
    expect((await outcomes(undefined, 0, 300)).json).toBe(await inline);
  });

  it('gives every test the same results on columns written out, the Spearman ranks included', () => {
    const memory = screenData(filled(info, 7));
    const spilled = screenData(filled(info, 7, 0));
    for (const [prefix, method] of screenMethods) {
      const given = prefix === 'turnoutShare' ? [{}, { spearman: true }] : [{}];
      for (const p of given) {
        const params = screenTest(prefix)?.params.parse(p);
        expect(computeAll(method, spilled, params), prefix).toEqual(computeAll(method, memory, params));
      }
    }
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

  it('load without zod: the worker bundle holds none of it', () => {
    expect(readFileSync('dist/bundle/main.cjs', 'utf8')).toContain('node_modules/zod/');
    expect(readFileSync('dist/bundle/screen-worker.js', 'utf8')).not.toContain('node_modules/zod/');
    // Nor the table reader's worker, whose start-up delays the first batch of every large table.
    expect(readFileSync('dist/bundle/read-worker.js', 'utf8')).not.toContain('node_modules/zod/');
  });
});
