/**
 * The screens' worker thread: runs screening tests on a table's columns, which the main thread shares (no copy),
 * taking the tests one at a time from a list the main thread takes from too, and posts back the results of each
 * test it ran, for the whole table and every region. See screen-thread.ts.
 */
import { parentPort } from 'node:worker_threads';
import { screenDataOf } from './screen-data.js';
import { computeAll } from './screen-family.js';
import { screenMethods } from './screen-methods.js';
import type { ScreenJob, ScreenReply, ScreenRequest } from './screen-thread.js';

const port = parentPort;
if (!port) throw new Error('screen-worker.ts runs as a worker thread (see screen-thread.ts)');

port.on('message', (request: ScreenRequest) => {
  try {
    const data = screenDataOf(request.columns);
    // Jobs are claimed one at a time, by this thread and the main thread alike (see screen-thread.ts).
    for (
      let index = Atomics.add(request.claim, 0, 1);
      index < request.jobs.length;
      index = Atomics.add(request.claim, 0, 1)
    ) {
      const job = request.jobs[index] as ScreenJob;
      const test = screenMethods.get(job.prefix);
      if (!test) throw new Error(`no screening test ${job.prefix}`);
      const reply: ScreenReply = { id: request.id, index, results: computeAll(test, data, job.params) };
      port.postMessage(reply);
    }
    port.postMessage({ id: request.id, done: true } satisfies ScreenReply);
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    port.postMessage({
      id: request.id,
      error: { message: error.message, stack: error.stack },
    } satisfies ScreenReply);
  }
});
