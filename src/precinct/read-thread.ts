/**
 * Reading a precinct table on a worker thread: the messages between the threads, batches and stats sent as
 * typed arrays (in shared memory: neither copied nor moved; see buffers.ts), and the main thread's side, which rebuilds the same batches, level
 * dictionaries, stats and errors as reading on this thread would give.
 */
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { InputError, type InputProblem } from '../load/errors.js';
import type { Mapping } from '../schema/mapping.js';
import { ByteIds, LevelDictionary, type SealedColumns, StringIds, UnitBatch } from './batch.js';
import { BatchIdCheck } from './batch-ids.js';
import { hashesAsRead } from './gzip.js';
import { MAX_PROBLEMS, newReadStats, type ReadStats, type RowProblem } from './problems.js';
import type { ReadOptions } from './read.js';
import { type WorkerScript, workerScript } from './worker-script.js';

// Why a thread: issue 6's profile of a 1M-row audit spent about 0.45 s parsing and 0.55 s evaluating rules
// on one core of two. The worker runs the same reader as the main thread (read.ts, readUnitBatchesInline)
// and posts each batch's arrays, and the chunk its ids point into, in SharedArrayBuffers from a pool: posting
// them copies nothing, and the main thread evaluates batch n while the worker parses batch n + 1. Once the
// consumer has moved past a message's batches, the main thread hands their buffers back for reuse.

/**
 * Batch messages (each the batches of one chunk, usually one) the worker may post that the main thread has
 * not given room for again: bounds memory, at about 1 MB a message for a 15-column table.
 */
export const IN_FLIGHT = 8;

/**
 * The main thread gives room back this many messages at a time. A message waking a worker that waits for
 * room costs little, but on a busy machine the woken thread can take the core of the one that woke it:
 * a profile under load showed 2 ms a wake-up, 0.5 s for a 1M-row table when every message gave room back.
 */
export const CREDIT_STEP = 4;

/**
 * Messages a read started ahead (readAhead) may post before its consumer comes: enough for the worker to
 * parse through an audit's start-up (about 0.15 s, some 150,000 rows), at about 0.8 MB a message. Once
 * consumed, the read gives room back only down to IN_FLIGHT.
 */
export const AHEAD_IN_FLIGHT = 40;

/** The reader options the worker honours (stats travel separately; threads is decided before). */
export type WorkerReadOptions = Pick<
  ReadOptions,
  'maxProblems' | 'chunkBytes' | 'batchRows' | 'maxRecordBytes' | 'checkIds' | 'hash'
>;

/** One read for the worker. */
export interface WorkerInput {
  file: string;
  mapping: Mapping;
  options: WorkerReadOptions;
  /** The caller's counters as they were: the worker counts on from them. */
  stats: ReadStats;
  /** Messages the worker may post ahead of the main thread. */
  inFlight: number;
}

/** The worker's workerData: its read, or none yet for a warm worker (the read comes as a JobMessage). */
export interface WorkerStart {
  job?: WorkerInput;
  /** Module to load when the script is the tsx shim (running from .ts sources). */
  entry?: string;
}

/** Main thread to a warm worker: its read. */
export interface JobMessage {
  job: WorkerInput;
}

/** Ids as sent: byte ranges of the chunk (CSV) or strings (NDJSON, or any other id source). */
export type SentIds =
  | {
      kind: 'bytes';
      buf: Uint8Array;
      parts: number;
      starts: Int32Array;
      ends: Int32Array;
      escaped: Uint8Array;
      separator: string;
    }
  | { kind: 'strings'; texts: string[] };

/** A sealed batch as sent: its columns (ids as data), capacity and candidates. */
export type SentBatch = Omit<SealedColumns, 'ids'> & { capacity: number; candidates: number; ids: SentIds };

/**
 * The reader's counters at one point: absolute values, and the problems kept since the last update. No sha256:
 * the worker reads without hashing, and the main thread hashes the bytes it sends (batchesFromWorker).
 */
export type StatsUpdate = Omit<ReadStats, 'file' | 'sha256'> & {
  /**
   * The file has been read to its last byte: where the main thread hashes the bytes the worker sends, it has
   * them all now, and sets `sha256` where a read on one thread would have.
   */
  hashed?: true;
};

/** One batch with what the main thread needs before handing it out: new level names, the counters then. */
export interface SentEntry {
  batch: SentBatch;
  /** Per level, the names added to its dictionary since the last entry, in code order. */
  names: string[][];
  stats: StatsUpdate;
}

/** An error as sent: an InputError's problems, or another error's name, message and stack. */
export type SentError =
  | { kind: 'input'; problems: InputProblem[] }
  | { kind: 'other'; name: string; message: string; stack: string | undefined; code: string | undefined };

/** Worker to main thread. A batches message has an id, by which its buffers are handed back (Credit). */
export type FromWorker =
  | { type: 'batches'; id: number; entries: SentEntry[]; bytes: Uint8Array[] }
  | { type: 'done'; stats: StatsUpdate; buffers: BufferCounts; bytes: Uint8Array[] }
  | { type: 'error'; error: SentError; stats: StatsUpdate };

/**
 * Main thread to worker: room for this many more batch messages, and the messages whose batches the consumer
 * is done with: their buffers may be reused.
 */
export interface Credit {
  credits: number;
  release: number[];
}

/** The worker's pool at the end of a read: buffers allocated, and takes served by a buffer handed back. */
export interface BufferCounts {
  created: number;
  reused: number;
}

/** The pool counts of the last read on a worker that ran to its end (for tests and diagnostics). */
export const lastWorkerBuffers: BufferCounts = { created: 0, reused: 0 };

/**
 * Turns batches into entries on the worker, remembering which level names and problems it has sent. A batch's
 * arrays and its chunk are in shared buffers (buffers.ts): posted, they are neither copied nor moved.
 */
export class BatchEncoder {
  private sentNames: number[] = [];
  private sentProblems: number;
  /** Whether the file has been read to its end (see StatsUpdate.hashed). */
  hashed = false;

  constructor(private readonly stats: ReadStats) {
    this.sentProblems = stats.problems.length;
  }

  /** The entry of a batch just yielded. */
  entry(batch: UnitBatch): SentEntry {
    const names = batch.dictionaries.map((d, l) => {
      const from = this.sentNames[l] ?? 0;
      this.sentNames[l] = d.names.length;
      return d.names.slice(from);
    });
    return { batch: this.batch(batch), names, stats: this.update() };
  }

  /** The counters now, with the problems kept since the last update. */
  update(): StatsUpdate {
    const s = this.stats;
    const problems = s.problems.slice(this.sentProblems);
    this.sentProblems = s.problems.length;
    return {
      ...(this.hashed ? { hashed: true as const } : {}),
      bytesRead: s.bytesRead,
      rowsRead: s.rowsRead,
      rowsUsed: s.rowsUsed,
      rowsRejected: s.rowsRejected,
      blankLines: s.blankLines,
      duplicateIds: s.duplicateIds,
      problemCount: s.problemCount,
      missingCells: { ...s.missingCells },
      cellsReadAsZero: { ...s.cellsReadAsZero },
      problemsByCode: { ...s.problemsByCode },
      problems,
    };
  }

  private batch(b: UnitBatch): SentBatch {
    const ids = b.ids;
    let sentIds: SentIds;
    if (ids instanceof ByteIds) {
      sentIds = {
        kind: 'bytes',
        buf: ids.buf,
        parts: ids.parts,
        starts: ids.starts,
        ends: ids.ends,
        escaped: ids.escaped,
        separator: ids.separator,
      };
    } else if (ids instanceof StringIds) sentIds = { kind: 'strings', texts: ids.texts };
    else sentIds = { kind: 'strings', texts: Array.from({ length: b.size }, (_, i) => b.id(i)) };
    return {
      capacity: b.capacity,
      candidates: b.candidates,
      size: b.size,
      lines: b.lines,
      countList: b.countList,
      votes: b.votes,
      independent: b.independent,
      levels: b.levels,
      duplicateOf: b.duplicateOf,
      plain: b.plain,
      ids: sentIds,
    };
  }
}

/** The buffers a batch's arrays, ids and chunk live in, to hand back to the pool they came from. */
export function buffersOf(batch: UnitBatch): ArrayBufferLike[] {
  const found = new Set<ArrayBufferLike>([batch.votes.buffer, batch.lines.buffer]);
  if (batch.ids instanceof ByteIds) {
    found.add(batch.ids.buf.buffer);
    found.add(batch.ids.starts.buffer);
  }
  return [...found];
}

/** The ArrayBuffer a batch's ids point into (its chunk), if any. */
export function chunkOf(batch: UnitBatch): ArrayBufferLike | undefined {
  return batch.ids instanceof ByteIds ? batch.ids.buf.buffer : undefined;
}

/** Rebuilds a batch on the main thread over the arrays it came with. */
export function decodeBatch(sent: SentBatch, dictionaries: readonly LevelDictionary[]): UnitBatch {
  const s = sent.ids;
  const ids =
    s.kind === 'bytes'
      ? new ByteIds(
          Buffer.from(s.buf.buffer, s.buf.byteOffset, s.buf.byteLength),
          s.parts,
          s.starts,
          s.ends,
          s.escaped,
          s.separator,
        )
      : new StringIds(s.texts);
  return UnitBatch.of(sent.capacity, sent.candidates, { ...sent, ids }, dictionaries);
}

/** Brings the caller's counters to an update (same objects: a progress display keeps its reference). */
export function applyStats(stats: ReadStats, u: StatsUpdate): void {
  stats.bytesRead = u.bytesRead;
  stats.rowsRead = u.rowsRead;
  stats.rowsUsed = u.rowsUsed;
  stats.rowsRejected = u.rowsRejected;
  stats.blankLines = u.blankLines;
  stats.duplicateIds = u.duplicateIds;
  stats.problemCount = u.problemCount;
  Object.assign(stats.missingCells, u.missingCells);
  Object.assign(stats.cellsReadAsZero, u.cellsReadAsZero);
  Object.assign(stats.problemsByCode, u.problemsByCode);
  for (const p of u.problems) stats.problems.push(p);
}

/** An error as data, to cross threads. */
export function encodeError(error: unknown): SentError {
  if (error instanceof InputError) return { kind: 'input', problems: error.problems };
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { kind: 'other', name: error.name, message: error.message, stack: error.stack, code };
  }
  return { kind: 'other', name: 'Error', message: String(error), stack: undefined, code: undefined };
}

const ERROR_CLASSES: Record<string, ErrorConstructor> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

/** The error again: an InputError with the same problems (hence message), or an error of the same name. */
export function decodeError(sent: SentError): Error {
  if (sent.kind === 'input') return new InputError(sent.problems);
  const error = new (ERROR_CLASSES[sent.name] ?? Error)(sent.message);
  if (error.name !== sent.name) error.name = sent.name;
  if (sent.stack !== undefined) error.stack = `${sent.stack}\n    (on the reader's worker thread)`;
  if (sent.code !== undefined) (error as NodeJS.ErrnoException).code = sent.code;
  return error;
}

/** The reader's worker script (see workerScript); undefined when it cannot be found. */
export function readWorkerScript(): WorkerScript | undefined {
  return workerScript(import.meta.url, 'read-worker', 'precinct');
}

/** A worker started ahead of its read, and whether it has exited since. */
let warm: { worker: Worker; exited: boolean } | undefined;

/**
 * Starts a reader worker now, to be taken by the next read on a worker thread, so that its start-up (about
 * 100 ms, mostly loading modules) overlaps the caller's own (loading rules, say) instead of delaying the
 * first batch. Call it as soon as a large table is likely to be read. Unused, it idles, unref'd (it does not
 * keep the process alive). True when a worker is warm or warming, false without the worker's script.
 */
export function warmReadWorker(): boolean {
  if (warm !== undefined && !warm.exited) return true;
  const found = readWorkerScript();
  if (!found) return false;
  const start: WorkerStart = { entry: found.entry };
  const state = { worker: new Worker(found.url, { workerData: start }), exited: false };
  // A warm worker that fails before its read is dropped; the read then starts one of its own.
  state.worker.on('error', () => {});
  state.worker.once('exit', () => {
    state.exited = true;
    if (warm === state) warm = undefined;
  });
  state.worker.unref();
  warm = state;
  return true;
}

/**
 * A worker's messages and fate, recorded from the moment it is given its read, so that none is lost while no
 * consumer (batchesFromWorker) is there yet: a read started ahead (readAhead) posts batches before one is.
 */
export class WorkerFeed {
  readonly inbox: FromWorker[] = [];
  /** A message that could not be read: lost batches. */
  lost: Error | undefined;
  failure: Error | undefined;
  exitCode: number | undefined;
  private wake: (() => void) | undefined;

  /** Messages to take before giving room back: a read ahead comes down to IN_FLIGHT this way. */
  withheld: number;

  constructor(
    readonly worker: Worker,
    file: string,
    inFlight = IN_FLIGHT,
  ) {
    this.withheld = Math.max(0, inFlight - IN_FLIGHT);
    worker.on('message', (message: FromWorker) => {
      this.inbox.push(message);
      this.signal();
    });
    worker.on('messageerror', (error: Error) => {
      this.lost ??= new Error(`a message from the worker thread reading ${file} could not be read`, {
        cause: error,
      });
      this.signal();
    });
    worker.on('error', (error: Error) => {
      this.failure ??= new Error(`the worker thread reading ${file} failed: ${error.message}`, {
        cause: error,
      });
      this.signal();
    });
    worker.on('exit', (code: number) => {
      this.exitCode = code;
      this.signal();
    });
    // Until a consumer waits on it, a read does not keep the process alive (see batchesFromWorker).
    worker.unref();
  }

  /** Resolves at the next message, error or exit. */
  next(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wake = resolve;
    });
  }

  private signal(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  /** Stops listening, and the worker unless it has exited. */
  async close(): Promise<void> {
    this.worker.removeAllListeners('message');
    if (this.exitCode === undefined) await this.worker.terminate();
  }
}

/** Starts a worker reading the table, or hands the read to the warm one; consume it with `batchesFromWorker`. */
export function startReadWorker(
  file: string,
  mapping: Mapping,
  options: ReadOptions,
  stats: ReadStats,
  inFlight = IN_FLIGHT,
): WorkerFeed {
  const found = readWorkerScript();
  if (!found)
    throw new Error(`the precinct reader's worker script is missing (looked next to ${import.meta.url})`);
  const job: WorkerInput = { file, mapping, options: workerOptions(options), stats, inFlight };
  const ready = warm;
  warm = undefined;
  if (ready !== undefined && !ready.exited) {
    const feed = new WorkerFeed(ready.worker, file, inFlight);
    ready.worker.postMessage({ job } satisfies JobMessage);
    return feed;
  }
  const start: WorkerStart = { job, entry: found.entry };
  return new WorkerFeed(new Worker(found.url, { workerData: start }), file, inFlight);
}

/** The reader options a worker is given. */
function workerOptions(options: ReadOptions): WorkerReadOptions {
  return {
    maxProblems: options.maxProblems,
    chunkBytes: options.chunkBytes,
    batchRows: options.batchRows,
    maxRecordBytes: options.maxRecordBytes,
    // The main thread checks the ids (batchesFromWorker, batch-ids.ts): the worker bounds a large table's pass.
    checkIds: false,
    hash: options.hash,
  };
}

/** A read started before anyone asked for it (readAhead), with what it reads, until a read takes or drops it. */
let ahead: { key: string; feed: WorkerFeed } | undefined;

/** Reads started ahead, and how many of them a read took or dropped (for tests and diagnostics). */
export const readsAhead = { started: 0, taken: 0, dropped: 0 };

function readKey(file: string, mapping: Mapping, options: ReadOptions, stats: ReadStats): string {
  return JSON.stringify([file, mapping, workerOptions(options), stats]);
}

/**
 * Starts reading a table on a worker thread now, for the read of the same file, mapping and options (and
 * fresh counters) that is expected to come (readUnitBatches takes it): the worker parses while the caller
 * still loads its rules. Up to AHEAD_IN_FLIGHT messages wait for it. Any other read on a worker drops this
 * one (its worker is terminated: it would only compete for the cores), and an abandoned one does not keep
 * the process alive. The read is the same as a fresh one in every result, errors included.
 */
export function readAhead(file: string, mapping: Mapping, options: ReadOptions = {}): void {
  dropReadAhead();
  const stats = newReadStats(file);
  readsAhead.started++;
  ahead = {
    key: readKey(file, mapping, options, stats),
    feed: startReadWorker(file, mapping, options, stats, AHEAD_IN_FLIGHT),
  };
}

/** The read started ahead if it is this one (taken, so only once), else undefined (and the other dropped). */
export function takeReadAhead(
  file: string,
  mapping: Mapping,
  options: ReadOptions,
  stats: ReadStats,
): WorkerFeed | undefined {
  const found = ahead;
  if (found?.key !== readKey(file, mapping, options, stats)) {
    dropReadAhead();
    return undefined;
  }
  ahead = undefined;
  readsAhead.taken++;
  return found.feed;
}

/** Stops a read started ahead that nobody took (if any). */
export function dropReadAhead(): void {
  const dropped = ahead;
  ahead = undefined;
  if (dropped === undefined) return;
  readsAhead.dropped++;
  void dropped.feed.close();
}

/**
 * The batches a reading worker sends, rebuilt: the same sequence, level dictionaries, stats (filled in as
 * batches are handed out, as on this thread) and errors (thrown after the batches before them) as
 * readUnitBatchesInline. A worker that crashes or exits early becomes an error; the worker is terminated
 * when the consumer stops early. While the consumer holds the generator without asking for more, the
 * worker is unref'd: an abandoned read does not keep the process alive.
 */
export async function* batchesFromWorker(
  feed: WorkerFeed,
  file: string,
  mapping: Mapping,
  stats: ReadStats,
  options: Pick<ReadOptions, 'hash' | 'checkIds' | 'maxProblems'> = {},
): AsyncGenerator<UnitBatch, ReadStats> {
  const { worker, inbox } = feed;
  // The file's bytes come with the messages, in order, when asked for a hash (read-worker.ts): hashed here.
  const digest = hashesAsRead(file, options.hash) ? createHash('sha256') : undefined;
  // The ids are checked here, as batches come (the worker's options have checkIds off).
  const ids =
    (options.checkIds ?? true)
      ? new BatchIdCheck(file, options.maxProblems ?? MAX_PROBLEMS, stats)
      : undefined;
  // The worker's counters, then the duplicates found here since the last update (BatchIdCheck.settle).
  const update = (u: StatsUpdate, found: readonly RowProblem[] = []) => {
    const from = stats.problems.length;
    applyStats(stats, u);
    ids?.settle(stats, from, found);
  };
  const dictionaries = mapping.levels.map(() => new LevelDictionary());
  let taken = 0;
  // Messages whose batches the consumer is done with, handed back with the next credits.
  let done: number[] = [];
  try {
    for (;;) {
      if (feed.lost) throw feed.lost;
      let message = inbox.shift();
      while (message === undefined) {
        // Messages posted before a crash arrive before 'exit': fail only once it has come.
        if (feed.exitCode !== undefined) {
          throw (
            feed.failure ??
            new Error(
              `the worker thread reading ${file} stopped (exit code ${feed.exitCode}) before the end of the table`,
            )
          );
        }
        worker.ref();
        await feed.next();
        worker.unref();
        if (feed.lost) throw feed.lost;
        message = inbox.shift();
      }
      if (message.type === 'batches') {
        // Before the batches are handed out: their chunks (and these bytes) go back once they have been.
        for (const bytes of message.bytes) digest?.update(bytes);
        if (++taken === CREDIT_STEP) {
          taken = 0;
          // A read ahead comes back down to IN_FLIGHT by taking messages without giving room back.
          const credits = feed.withheld >= CREDIT_STEP ? 0 : CREDIT_STEP;
          feed.withheld -= CREDIT_STEP - credits;
          worker.postMessage({ credits, release: done } satisfies Credit);
          done = [];
        }
        const batches = message.entries.map((entry) => decodeBatch(entry.batch, dictionaries));
        let checked = 0;
        for (let k = 0; k < batches.length; k++) {
          const entry = message.entries[k] as SentEntry;
          entry.names.forEach((names, l) => {
            const dictionary = dictionaries[l] as LevelDictionary;
            for (const name of names) dictionary.code(name);
          });
          // Each batch comes with the counters as the worker had them then: as reading on this thread leaves
          // them, they count every row of the chunk read so far, also those of its batches after this one. So
          // the ids are checked up to the rows those counters have used (this batch's at least).
          const found: RowProblem[] = [];
          while (ids && checked < batches.length && (checked <= k || ids.rows < entry.stats.rowsUsed)) {
            for (const p of ids.check(batches[checked++] as UnitBatch)) found.push(p);
          }
          update(entry.stats, found);
          if (entry.stats.hashed && digest && stats.sha256 === undefined) stats.sha256 = digest.digest('hex');
          yield batches[k] as UnitBatch;
        }
        // Here only once the consumer has asked for the batch after this message's last: by the contract of
        // readUnitBatches, it no longer reads these batches, and the worker may reuse their buffers.
        done.push(message.id);
      } else if (message.type === 'done') {
        update(message.stats);
        if (digest && stats.sha256 === undefined) {
          for (const bytes of message.bytes) digest.update(bytes);
          stats.sha256 = digest.digest('hex');
        }
        Object.assign(lastWorkerBuffers, message.buffers);
        return stats;
      } else {
        // The counters as far as reading got, as the reader on this thread leaves them when it throws.
        update(message.stats);
        throw decodeError(message.error);
      }
    }
  } finally {
    await feed.close();
  }
}
