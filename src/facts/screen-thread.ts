/**
 * The screens on two threads. Once a table pass is done, the screening tests its rules will read are known, and
 * each runs on the whole table's columns: they are shared out between this thread and a worker thread, by their
 * stated cost, and their results stored where the facts look first (screen-family.ts). The results are the
 * same wherever a test runs (the same code on the same columns); a test whose worker fails runs here.
 *
 * Why: at a million units the screens took about 0.9 s of one core after the table pass, with the reader's
 * worker idle and the other core free.
 */
import { Worker } from 'node:worker_threads';
import { factUses, type LoadedRule } from '../load/rules.js';
import type { TableAggregate } from '../precinct/aggregate.js';
import { type WorkerScript, workerScript } from '../precinct/worker-script.js';
import { type ScreenColumns, type ScreenData, screenData } from './screen-data.js';
import {
  type Computed,
  computeAll,
  isComputed,
  screenKey,
  screenTest,
  screenTestOfFact,
  storeComputed,
} from './screen-family.js';

/** One test with its parsed parameters. */
export interface ScreenJob {
  prefix: string;
  params: unknown;
}

/**
 * Main thread to the worker: the tests to run on one table, costliest first. Both threads take the next test by
 * adding 1 to `claim[0]` (Atomics.add): whichever is free first runs it, so the work balances whatever else
 * either thread has to do.
 */
export interface ScreenRequest {
  id: number;
  columns: ScreenColumns;
  jobs: ScreenJob[];
  claim: Int32Array;
}

/** Worker to main thread: the results of a job it took, the end of its share, or why it stopped. */
export type ScreenReply =
  | { id: number; index: number; results: Computed }
  | { id: number; done: true }
  | { id: number; error: { message: string; stack?: string } };

/** Below this many units the tests run here, when the rules ask: a worker's start costs more than it saves. */
export const SCREEN_WORKER_MIN_UNITS = 100_000;

/** Where the screens run: see ScreenOptions.threads. */
export type ScreenThreads = 'auto' | 'worker' | 'inline';

/** Which thread ran each test (by prefix, in the order run), and why the worker failed, if it did. */
export interface ScreenSharing {
  onWorker: string[];
  here: string[];
  /** Null, or why the worker failed: the tests it took and did not finish then ran here. */
  workerFailure: string | null;
}

/**
 * The distinct tests (with parsed parameters) that `rules` read on a table, in rule order, leaving out those
 * already computed and those that need a leader when the table has none.
 */
export function screenJobs(rules: readonly LoadedRule[], aggregate: TableAggregate): ScreenJob[] {
  const data = screenData(aggregate);
  const jobs = new Map<string, ScreenJob>();
  for (const { rule } of rules) {
    if (rule.meta.scope !== 'unitScreen') continue;
    for (const use of factUses(rule)) {
      const test = screenTestOfFact(use.fact);
      if (!test) continue;
      const parsed = test.params.safeParse(use.params ?? {});
      // Parameters the loader let through but the test rejects: the fact reports that, when asked.
      if (!parsed.success) continue;
      const params = parsed.data;
      if (test.usesLeader(params) && data.leader === null) continue;
      const key = screenKey(test, params);
      if (!jobs.has(key) && !isComputed(aggregate, key)) jobs.set(key, { prefix: test.prefix, params });
    }
  }
  return [...jobs.values()];
}

/** Where to run the screens of a table of `units` units: see ScreenOptions.threads. */
export function screenThreads(units: number, threads: ScreenThreads = 'auto'): 'inline' | 'worker' {
  let choice = threads;
  const env = process.env.TALLYCHECK_SCREEN_THREADS;
  if (choice === 'auto' && (env === 'inline' || env === 'worker')) choice = env;
  if (choice === 'inline') return 'inline';
  if (workerScript(import.meta.url, 'screen-worker', 'facts') === undefined) return 'inline';
  return choice === 'worker' || units >= SCREEN_WORKER_MIN_UNITS ? 'worker' : 'inline';
}

/** Options of prepareScreens. */
export interface ScreenOptions {
  /**
   * 'worker': share the tests out between this thread and a worker. 'inline': leave them to the facts, on this
   * thread. 'auto' (default): a worker for tables of SCREEN_WORKER_MIN_UNITS or more, unless the environment
   * variable TALLYCHECK_SCREEN_THREADS is 'inline' or 'worker'.
   */
  threads?: ScreenThreads;
  /** The worker's script, instead of screen-worker's (for tests: one that fails). */
  script?: WorkerScript;
  /** False: this thread takes no test unless the worker fails (for tests: the worker runs them all). */
  here?: boolean;
  /** Called when a table's tests start on two threads: its units and the number of tests, for progress. */
  onStart?: (aggregate: TableAggregate, units: number, tests: number) => void;
}

/**
 * Screens under way: `finish` runs this thread's share, waits for the worker's and says which thread ran
 * what; `close` stops the worker.
 */
export interface PreparedScreens {
  finish(): Promise<ScreenSharing>;
  /** Stops the worker, done or not (call it in any case: a running worker keeps the process alive). */
  close(): void;
}

/** The jobs, costliest first (ties: rule order). */
function byCost(jobs: ScreenJob[]): ScreenJob[] {
  const cost = (j: ScreenJob) => screenTest(j.prefix)?.cost(j.params) ?? 1;
  return jobs
    .map((job, i) => ({ job, i }))
    .sort((a, b) => cost(b.job) - cost(a.job) || a.i - b.i)
    .map((x) => x.job);
}

/** What the worker did with a request: the results of the tests it finished, by job index, and why it failed. */
interface WorkerOutcome {
  results: Map<number, Computed>;
  failure: string | null;
}

/** A table's tests under way: the list both threads take from, and the worker's results. */
interface Plan {
  aggregate: TableAggregate;
  jobs: ScreenJob[];
  claim: Int32Array;
  worker: Promise<WorkerOutcome>;
}

/**
 * Starts the screening tests `rules` will read on each table: the worker starts taking tests at once, so that
 * it runs while this thread evaluates other rules; `finish` then takes tests here until no table has any left,
 * and only then waits for the worker's results and stores them with this thread's. Tables below the worker's
 * threshold are left to the facts.
 */
export function prepareScreens(
  rules: readonly LoadedRule[],
  tables: readonly TableAggregate[],
  options: ScreenOptions = {},
): PreparedScreens {
  const sharing: ScreenSharing = { onWorker: [], here: [], workerFailure: null };
  const plans: Plan[] = [];
  const large = (a: TableAggregate) =>
    a.keepsColumns && screenThreads(a.columns.registered.length, options.threads) === 'worker';
  // Started before the tables' screening views are built (the candidates' totals and the leader), so
  // that its start-up overlaps them; stopped at the end, used or not.
  const worker =
    rules.some((r) => r.rule.meta.scope === 'unitScreen') && tables.some(large)
      ? new ScreenWorker(options.script).started()
      : undefined;
  for (const aggregate of tables) {
    if (!worker || !large(aggregate)) continue;
    const jobs = byCost(screenJobs(rules, aggregate));
    if (jobs.length === 0) continue;
    const data = screenData(aggregate);
    // The columns' chunks: in shared memory, or in the temporary file whose descriptor the worker shares.
    const columns: ScreenColumns = data.columns;
    options.onStart?.(aggregate, data.units, jobs.length);
    const claim = new Int32Array(new SharedArrayBuffer(4));
    plans.push({
      aggregate,
      jobs,
      claim,
      worker: worker.run({ columns, jobs, claim }),
    });
  }
  return {
    async finish() {
      try {
        // Every table's tests are taken here before any of the worker's results is awaited: this thread does
        // not wait on one table's last test on the worker while another table has tests to take.
        const ran = plans.map((plan) => takeHere(plan, options.here ?? true, sharing));
        for (const [k, plan] of plans.entries()) await storeWorkers(plan, ran[k] as Set<number>, sharing);
      } finally {
        worker?.close();
      }
      return sharing;
    },
    close: () => worker?.close(),
  };
}

/** Takes and runs a table's remaining tests here (none when `here` is false); returns their job indices. */
function takeHere({ aggregate, jobs, claim }: Plan, here: boolean, sharing: ScreenSharing): Set<number> {
  const data = screenData(aggregate);
  const ran = new Set<number>();
  for (let i = here ? Atomics.add(claim, 0, 1) : jobs.length; i < jobs.length; i = Atomics.add(claim, 0, 1)) {
    runHere(aggregate, data, jobs[i] as ScreenJob, sharing);
    ran.add(i);
  }
  return ran;
}

/**
 * Stores the results of a table's tests that the worker ran (those not in `ran`); the tests a failed worker took
 * and did not finish run here.
 */
async function storeWorkers(
  { aggregate, jobs, worker }: Plan,
  ran: Set<number>,
  sharing: ScreenSharing,
): Promise<void> {
  const data = screenData(aggregate);
  const { results, failure } = await worker;
  if (failure !== null) sharing.workerFailure = failure;
  jobs.forEach((job, i) => {
    if (ran.has(i)) return;
    const computed = results.get(i);
    if (computed) {
      storeComputed(aggregate, screenKey(job, job.params), computed);
      sharing.onWorker.push(job.prefix);
    } else runHere(aggregate, data, job, sharing);
  });
}

function runHere(aggregate: TableAggregate, data: ScreenData, job: ScreenJob, sharing: ScreenSharing): void {
  const test = screenTest(job.prefix);
  if (!test) return;
  storeComputed(aggregate, screenKey(job, job.params), computeAll(test, data, job.params));
  sharing.here.push(job.prefix);
}

/**
 * The worker thread, started on first use; it answers requests in order. It keeps the process alive only while
 * a request is pending.
 */
class ScreenWorker {
  constructor(private readonly script?: WorkerScript) {}

  private worker: Worker | undefined;
  private next = 0;
  private readonly pending = new Map<
    number,
    { results: Map<number, Computed>; settle: (outcome: WorkerOutcome) => void }
  >();

  /**
   * Sends a request. Never rejects: a worker that fails (or cannot start) settles it as failed, with the
   * results of the tests it finished before, which are whole (each is posted once computed).
   */
  run(request: Omit<ScreenRequest, 'id'>): Promise<WorkerOutcome> {
    let worker: Worker;
    try {
      worker = this.worker ?? this.start();
    } catch (e) {
      return Promise.resolve({ results: new Map(), failure: e instanceof Error ? e.message : String(e) });
    }
    const id = this.next++;
    return new Promise((settle) => {
      this.pending.set(id, { results: new Map(), settle });
      worker.ref();
      worker.postMessage({ id, ...request } satisfies ScreenRequest);
    });
  }

  close(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  /** Starts the thread now (loading its modules) rather than at the first request; a failure waits for that. */
  started(): this {
    try {
      this.worker ??= this.start();
    } catch {
      // No script: the first request fails the same way, and its tests run on the main thread.
    }
    return this;
  }

  private start(): Worker {
    const script = this.script ?? workerScript(import.meta.url, 'screen-worker', 'facts');
    if (!script) throw new Error('the screens worker script is missing');
    const worker = new Worker(script.url, { workerData: { entry: script.entry } });
    worker.unref();
    const settled = () => {
      if (this.pending.size === 0) worker.unref();
    };
    const failAll = (failure: string) => {
      for (const p of this.pending.values()) p.settle({ results: p.results, failure });
      this.pending.clear();
      settled();
    };
    worker.on('message', (reply: ScreenReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      if ('results' in reply) p.results.set(reply.index, reply.results);
      else {
        this.pending.delete(reply.id);
        settled();
        p.settle({ results: p.results, failure: 'done' in reply ? null : reply.error.message });
      }
    });
    worker.on('error', (e) => failAll(e.message));
    worker.on('messageerror', (e) => failAll(`a message could not be read: ${e.message}`));
    worker.on('exit', (code) => {
      // A worker that has gone is not asked again: the next request starts another.
      if (this.worker === worker) this.worker = undefined;
      failAll(`the screens worker exited with code ${code}`);
    });
    this.worker = worker;
    return worker;
  }
}
