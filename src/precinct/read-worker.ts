/**
 * The reader's worker thread: runs readUnitBatchesInline (the same parser as the main thread's) and posts
 * its batches, stats and errors to the main thread (read-thread.ts), at most IN_FLIGHT messages ahead.
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { SharedPool } from './buffers.js';
import { hashesAsRead } from './gzip.js';
import { readUnitBatchesInline } from './read.js';
import {
  BatchEncoder,
  buffersOf,
  type Credit,
  chunkOf,
  encodeError,
  type JobMessage,
  type SentEntry,
  type WorkerInput,
  type WorkerStart,
} from './read-thread.js';

// Buffers come from a pool of SharedArrayBuffers (buffers.ts) and go back to it when the main thread hands a
// message back. So all the batches of a chunk go in one message: the chunk is handed back with them, never
// while a batch still points into it. They are posted once a batch from a later chunk comes (by then the parser
// has copied the chunk's unfinished last record into the next chunk) or the table ends.

async function serve(port: MessagePort, input: WorkerInput): Promise<void> {
  let credits = input.inFlight;
  let wake: (() => void) | undefined;
  const pool = new SharedPool();
  // The buffers of each message posted and not handed back yet, by message id.
  const posted = new Map<number, ArrayBufferLike[]>();
  let nextId = 0;
  port.on('message', (message: Credit) => {
    credits += message.credits;
    for (const id of message.release) {
      for (const buffer of posted.get(id) ?? []) pool.give(buffer);
      posted.delete(id);
    }
    const w = wake;
    wake = undefined;
    w?.();
  });
  const { stats } = input;
  const encoder = new BatchEncoder(stats);
  let held: SentEntry[] = [];
  // With a hash asked for, the file's bytes as read, to be hashed on the main thread (read.ts, ReadOptions.hash):
  // views of the chunks, which go back to the pool only after the message that carries them.
  const hashing = hashesAsRead(input.file, input.options.hash);
  let bytes: Uint8Array[] = [];
  let buffers = new Set<ArrayBufferLike>();
  let heldChunk: ArrayBufferLike | number | undefined;
  const flush = async () => {
    if (held.length === 0) return;
    while (credits === 0) {
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
    credits--;
    const id = nextId++;
    posted.set(id, [...buffers]);
    port.postMessage({ type: 'batches', id, entries: held, bytes });
    held = [];
    bytes = [];
    buffers = new Set();
    heldChunk = undefined;
  };
  const batches = readUnitBatchesInline(input.file, input.mapping, {
    ...input.options,
    stats,
    buffers: pool,
    hash: false,
    ...(hashing
      ? {
          onBytes: (b: Buffer | undefined) => {
            if (b) bytes.push(b);
            // Read to the end: from here on, the stats sent say so, as the reader's own would hold a hash.
            else encoder.hashed = true;
          },
        }
      : {}),
  });
  try {
    for (;;) {
      const step = await batches.next();
      if (step.done) {
        await flush();
        port.postMessage({
          type: 'done',
          stats: encoder.update(),
          buffers: { created: pool.created, reused: pool.reused },
          bytes,
        });
        break;
      }
      // Ids held as strings (NDJSON) point into no chunk; their batches are held by the read they came from all
      // the same (the bytes read so far mark it): each carries the counters as at the end of that read, and the
      // main thread checks a message's ids up to those counters (batchesFromWorker).
      const chunk = chunkOf(step.value) ?? stats.bytesRead;
      if (chunk !== heldChunk) await flush();
      held.push(encoder.entry(step.value));
      for (const buffer of buffersOf(step.value)) buffers.add(buffer);
      heldChunk = chunk;
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
