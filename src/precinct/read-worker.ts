/**
 * The reader's worker thread: runs readUnitBatchesInline (the same parser as the main thread's) and posts
 * its batches, stats and errors to the main thread (read-thread.ts), at most IN_FLIGHT messages ahead.
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { isOwnChunk, readUnitBatchesInline } from './read.js';
import {
  BatchEncoder,
  type Credit,
  chunkOf,
  encodeError,
  type JobMessage,
  type SentEntry,
  type WorkerInput,
  type WorkerStart,
} from './read-thread.js';

// Why batches wait for the next chunk: a chunk moves to the main thread with its batches, and this thread
// may no longer touch it. The parser keeps the chunk's last, unfinished record until the next chunk has
// been read (then copies it there), and the last chunk until the end (a final record without a line end).
// So the batches of a chunk are posted once a batch from a later chunk comes, or the table ends; batches
// of the same chunk go in one message, which moves it once.

async function serve(port: MessagePort, input: WorkerInput): Promise<void> {
  let credits = input.inFlight;
  let wake: (() => void) | undefined;
  port.on('message', (message: Credit) => {
    credits += message.credits;
    const w = wake;
    wake = undefined;
    w?.();
  });
  const { stats } = input;
  const encoder = new BatchEncoder(stats, isOwnChunk);
  let held: SentEntry[] = [];
  let transfer = new Set<ArrayBuffer>();
  let heldChunk: ArrayBufferLike | undefined;
  const flush = async () => {
    if (held.length === 0) return;
    while (credits === 0) {
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
    credits--;
    port.postMessage({ type: 'batches', entries: held }, [...transfer]);
    held = [];
    transfer = new Set();
    heldChunk = undefined;
  };
  const batches = readUnitBatchesInline(input.file, input.mapping, { ...input.options, stats });
  try {
    for (;;) {
      const step = await batches.next();
      if (step.done) {
        await flush();
        port.postMessage({ type: 'done', stats: encoder.update() });
        break;
      }
      const chunk = chunkOf(step.value);
      if (chunk !== heldChunk) await flush();
      held.push(encoder.entry(step.value, transfer));
      heldChunk = chunk;
      // Ids held as strings (NDJSON) point into no chunk: nothing to wait for.
      if (chunk === undefined) await flush();
    }
  } catch (error) {
    // The batches before the error first, as the reader on the main thread would have yielded them.
    await flush();
    port.postMessage({ type: 'error', error: encodeError(error), stats: encoder.update() });
  }
  port.removeAllListeners('message');
  port.unref();
}

const port = parentPort as MessagePort;
const start = workerData as WorkerStart;
// A warm worker (warmReadWorker) has loaded its modules by now and waits for its read.
const job =
  start.job ??
  (await new Promise<WorkerInput>((resolve) => port.once('message', (m: JobMessage) => resolve(m.job))));
await serve(port, job);
