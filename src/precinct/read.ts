/** Streams the units of a precinct table (CSV or NDJSON) through a mapping, chunk by chunk, in bounded memory. */
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { InputError } from '../load/errors.js';
import { assertText, firstNonUtf8Line } from '../load/sniff.js';
import type { Mapping } from '../schema/mapping.js';
import type { Unit, UnitBatch } from './batch.js';
import { type BufferSource, freshBuffers } from './buffers.js';
import { CsvCells, CsvRows, JsonCells } from './cells.js';
import { emptyTable, planColumns } from './columns.js';
import { type CsvRecord, CsvRecordTooLong, CsvScanner, fieldText, MALFORMED } from './csv.js';
import { GzipText, gzipDamaged, hashesAsRead, isGzip, textSize } from './gzip.js';
import { NdjsonLines } from './ndjson.js';
import {
  MAX_PROBLEMS,
  malformedQuote,
  newReadStats,
  notUtf8,
  type ReadStats,
  recordProblem,
  unclosedQuote,
  wrongWidth,
} from './problems.js';
import { batchesFromWorker, readWorkerScript, startReadWorker, takeReadAhead } from './read-thread.js';
import { groupedNumber } from './thousands.js';
import { type Cells, report, UnitBuilder, type UnitContext } from './unit.js';

// Why hand-written: issue 6 measured papaparse at 500,000 rows/s and csv-parse at 170,000 against about
// 2 million for a byte-level parser. csv.ts scans bytes by hand, cells.ts parses digits in place, batch.ts
// keeps units by column instead of one object per row, and id-index.ts checks ids as bytes: together about
// 1.9 million rows/s on a 1M-row synthetic table (15 columns, ids sorted; 1.1 million with ids shuffled).

export type { LevelDictionary, Unit, UnitBatch, UnitCounts } from './batch.js';
export type { ReadStats, RowProblem } from './problems.js';
export { dropReadAhead, readAhead, readsAhead, warmReadWorker } from './read-thread.js';

/**
 * How the audit's table pass reads a table (engine/table-run.ts), and so how warm.ts reads one ahead of it:
 * a read ahead is taken only by a read with the same options.
 */
export const TABLE_PASS_READ = { threads: 'auto', hash: true } as const satisfies ReadOptions;

/** Options of readUnits and readUnitBatches. */
export interface ReadOptions {
  /** How many problems to keep in `stats.problems`; all are counted. Default MAX_PROBLEMS (100). */
  maxProblems?: number;
  /** Counters to fill in as reading goes (for a progress display, or to read them after `for await`). */
  stats?: ReadStats;
  /** Bytes per read (the first reads fewer, see FIRST_READ). Default 256 KiB. */
  chunkBytes?: number;
  /** Most units per batch (default 8192); batches are sized to the rows a chunk holds, up to this. */
  batchRows?: number;
  /** Longest CSV record, in bytes, before the file is declared malformed. Default 16 MiB. */
  maxRecordBytes?: number;
  /**
   * Remember every unit id to flag repeats (default true). The only memory that grows with the table:
   * nothing per unit for runs of consecutive numbered ids, about 8 to 24 bytes plus the id for others
   * (id-index.ts).
   */
  checkIds?: boolean;
  /**
   * Compute the SHA-256 of the file's bytes as they are read, into `stats.sha256` at the end (default
   * false): the report names the table by it, and hashing while reading spares a second read of the file
   * after the pass. A read on a worker thread hashes on this thread, over the bytes the worker shares: the
   * worker, which bounds a large audit, is spared the time.
   */
  hash?: boolean;
  /**
   * Called with the bytes of the file as they are read, piece by piece and in order, each piece once, then with
   * undefined once the last byte has been read, where `stats.sha256` is set (the reader's worker passes them on
   * to be hashed on the main thread). Not sent to a worker.
   */
  onBytes?: (bytes: Buffer | undefined) => void;
  /**
   * Where to parse. 'inline': on this thread, between batches. 'worker': on a worker thread, which sends
   * each batch (in shared memory, not copied) while this thread works on the ones before; same batches,
   * stats and errors. 'auto' (default): a worker for files of WORKER_MIN_BYTES or more, unless the environment
   * variable TALLYCHECK_READ_THREADS is 'inline' or 'worker'.
   */
  threads?: 'auto' | 'worker' | 'inline';
  /**
   * Where a CSV read's batches and chunks get their buffers (buffers.ts): fresh ones by default; the reader's
   * worker thread passes its pool of shared buffers. Not sent to a worker.
   */
  buffers?: BufferSource;
}

/**
 * Smallest file read on a worker thread under `threads: 'auto'`. The worker saves the main thread the parse
 * (about 0.45 s a million rows, 60 MB) but its first batch comes later: starting the thread and loading its
 * modules (zod, through the mapping schema's COUNT_FIELDS) kept the main thread waiting about 180 ms on an
 * idle 2-core machine. The arithmetic pack's audit broke even at about 24 MB (400,000 rows: 1.53 s inline,
 * 1.48 s worker; 260,000 rows, 16 MB: 1.28 s and 1.38 s; 1M rows: 2.56 s and 2.33 s, medians of 3-4).
 */
export const WORKER_MIN_BYTES = 24 << 20;

/** The parts of one read that depend on the format: feed a chunk, end the input. */
interface Feeder {
  readonly pending: Buffer | undefined;
  push(chunk: Buffer, startsWithPending: boolean): void;
  end(): void;
  readonly blankLines: number;
}

/** Most room before each chunk for the bytes the feeder still holds from the last one. */
const HEADROOM = 1 << 16;

/**
 * Bytes of the first reads: each size is read READS_PER_SIZE times, then doubled, up to the chunk size (32 KiB
 * of 8 KiB reads, 64 KiB of 16 KiB ..., about 20,000 rows of a synthetic table before the 256 KiB reads).
 * The first chunk is scanned before the scanner is optimised: at 256 KiB it kept a 1M-row audit's main thread
 * waiting about 60 ms for its first batch, 25 ms from 16 KiB. And the first batches, small, end the row loops
 * of both threads (the scanner, the row facts, the rule set) before V8 optimises them in the middle of a loop
 * (on-stack replacement, compiled again for the next call): reading each size four times instead of once, a
 * 1M-row audit compiled 6 or 7 functions on the stack instead of 13, and took 0.77 s instead of 0.80 s
 * (medians of 8 interleaved runs; 4M rows: 1.87 s against 1.91 s, 4 runs).
 */
const FIRST_READ = 1 << 13;
const READS_PER_SIZE = 4;

/** A chunk buffer of `size` bytes from `buffers` (a batch's ids point into their chunk). */
function chunkBuffer(buffers: BufferSource, size: number): Buffer {
  return Buffer.from(buffers.take(size), 0, size);
}

/**
 * Reads the file in fresh chunks (batches keep theirs for ids), the next read running while the caller
 * works on the current chunk. The bytes the feeder still holds from the last chunk are copied into room
 * left before the new one, so the chunk itself is never copied.
 */
async function* chunksOf(
  file: string,
  size: number,
  feeder: Feeder,
  onBytes: ((bytes: Buffer) => void) | undefined,
  buffers: BufferSource,
): AsyncGenerator<Buffer> {
  // A gzip file is read as the text it holds (gzip.ts); its bytes as read are that text's.
  const handle = isGzip(file) ? new GzipText(file) : await open(file, 'r');
  const room = Math.min(HEADROOM, size);
  let length = Math.min(size, FIRST_READ);
  let reads = 0;
  const readNext = async () => {
    const buf = chunkBuffer(buffers, room + size);
    const want = length;
    if (++reads % READS_PER_SIZE === 0) length = Math.min(size, length * 2);
    const { bytesRead } = await handle.read(buf, room, want, null);
    return { buf, bytesRead };
  };
  let next = readNext();
  try {
    for (;;) {
      const { buf, bytesRead } = await next;
      if (bytesRead === 0) {
        buffers.give(buf.buffer);
        return;
      }
      next = readNext();
      const pending = feeder.pending;
      const keep = pending?.length ?? 0;
      let chunk: Buffer;
      if (pending === undefined) chunk = buf.subarray(room, room + bytesRead);
      else if (keep <= room) {
        pending.copy(buf, room - keep);
        chunk = buf.subarray(room - keep, room + bytesRead);
      } else {
        chunk = chunkBuffer(buffers, keep + bytesRead);
        pending.copy(chunk, 0);
        buf.copy(chunk, keep, room, room + bytesRead);
        // Read into, copied out of, and never yielded: nothing points into it.
        buffers.give(buf.buffer);
      }
      // The bytes read this time: the chunk's end (its start may repeat the last chunk's unfinished record).
      onBytes?.(chunk.subarray(chunk.length - bytesRead));
      yield chunk;
    }
  } finally {
    await next.catch(() => undefined);
    await handle.close();
  }
}

/**
 * Reads a precinct table as batches of units stored by column: the fast path, with no object per row.
 * Throws InputError before any batch when the file is missing or empty, or when a mapped column is absent.
 * Bad rows are reported in the stats and left out; the generator's return value is the completed stats.
 * Parses on a worker thread or this one (`options.threads`), with the same results. A batch is valid until
 * the next one is asked for (or the read ends): read on a worker thread, its memory is then reused. Keep
 * copies (`batch.unit(i)`, the values of its arrays), never the batch or its arrays.
 */
export async function* readUnitBatches(
  file: string,
  mapping: Mapping,
  options: ReadOptions = {},
): AsyncGenerator<UnitBatch, ReadStats> {
  if ((await readThread(file, options.threads)) === 'inline')
    return yield* readUnitBatchesInline(file, mapping, options);
  const stats = options.stats ?? newReadStats(file);
  const feed = takeReadAhead(file, mapping, options, stats) ?? startReadWorker(file, mapping, options, stats);
  return yield* batchesFromWorker(feed, file, mapping, stats, options);
}

/** Where to parse a file: see ReadOptions.threads. */
export async function readThread(
  file: string,
  threads: ReadOptions['threads'] = 'auto',
): Promise<'inline' | 'worker'> {
  let choice = threads;
  const env = process.env.TALLYCHECK_READ_THREADS;
  if (choice === 'auto' && (env === 'inline' || env === 'worker')) choice = env;
  if (choice !== 'auto') return choice;
  if (readWorkerScript() === undefined) return 'inline';
  // A file that cannot be stat'ed is read here, to fail with the reader's own error.
  const size = await stat(file).then(
    (s) => (s.isFile() ? s.size : 0),
    () => 0,
  );
  // A gzip table by the text it holds: the parse, not the file's size, is the work.
  return textSize(file, size) >= WORKER_MIN_BYTES ? 'worker' : 'inline';
}

/** readUnitBatches on this thread: the parser itself, which the worker thread runs too (read-worker.ts). */
export async function* readUnitBatchesInline(
  file: string,
  mapping: Mapping,
  options: ReadOptions = {},
): AsyncGenerator<UnitBatch, ReadStats> {
  const stats = options.stats ?? newReadStats(file);
  const missing = new Set(mapping.missingValues.map((m) => m.trim()));
  const grouped = groupedNumber(mapping.thousandsSeparator);
  // Batches take their buffers from `options.buffers`; so do a CSV table's chunks, which its batches' ids point
  // into and which go back with them. An NDJSON table's chunks are decoded into strings and dropped here.
  const buffers = options.buffers ?? freshBuffers;
  const chunkBuffers = mapping.format.type === 'csv' ? buffers : freshBuffers;
  const maxRows = Math.max(1, options.batchRows ?? 8192);
  let capacity = maxRows;
  const ready: UnitBatch[] = [];
  let ctx: UnitContext | undefined;
  let builder: UnitBuilder | undefined;
  let cells: Cells | undefined;
  let batch: UnitBatch | undefined;
  /** The CSV fast path, which also checks the ids of the rows the builder adds. */
  let rows: CsvRows | undefined;
  const start = (
    header: string[],
    line: number,
    makeCells: (width: number) => Cells,
    lines?: readonly string[],
  ) => {
    const plan = planColumns(header, mapping, file, line, lines);
    const maxProblems = options.maxProblems ?? MAX_PROBLEMS;
    ctx = { file, mapping, plan, missing, stats, maxProblems, checkIds: options.checkIds ?? true, buffers };
    cells = makeCells(header.length);
    return ctx;
  };
  const seal = () => {
    if (batch && batch.size > 0) {
      batch.seal((cells as Cells).sealIds());
      ready.push(batch);
    }
    batch = undefined;
  };
  const add = (line: number) => {
    batch ??= (builder as UnitBuilder).newBatch(cells as Cells, capacity);
    if ((builder as UnitBuilder).build(cells as Cells, line, batch))
      rows?.checkId(batch, batch.size - 1, line);
    if (batch.size === batch.capacity) seal();
  };
  let feeder: Feeder;
  if (mapping.format.type === 'csv') {
    const scanner = new CsvScanner(
      mapping.format.delimiter.charCodeAt(0),
      (rec) => {
        if (ctx === undefined) {
          const header: string[] = [];
          for (let k = 0; k < rec.count; k++) header.push(fieldText(rec, k));
          const c = start(
            header,
            rec.line,
            (width) => new CsvCells(width, missing, mapping.id.separator, buffers, grouped),
            headerLines(rec),
          );
          // The ids are checked by `rows`, for the builder's rows too.
          builder = new UnitBuilder({ ...c, checkIds: false });
          scanner.numeric = CsvRows.numericColumns(c);
          rows = new CsvRows(c, cells as CsvCells, builder.dictionaries, scanner.numeric);
          return;
        }
        stats.rowsRead++;
        if (batch === undefined) {
          batch = (builder as UnitBuilder).newBatch(cells as Cells, capacity);
          // Plain while every row comes through the fast path (rows.write), which reads plain digits only.
          batch.plain = (rows as CsvRows).plain;
        }
        if ((rows as CsvRows).write(rec, batch)) {
          if (batch.size === batch.capacity) seal();
        } else if (acceptRecord(ctx, rec)) {
          (cells as CsvCells).rec = rec;
          batch.plain = false;
          add(rec.line);
        }
      },
      options.maxRecordBytes,
      mapping.format.headerLine,
    );
    feeder = scanner;
  } else {
    const lines = new NdjsonLines(
      (row, line) => {
        if (ctx === undefined) {
          const header = Object.keys(row);
          builder = new UnitBuilder(
            start(header, line, () => new JsonCells(header, missing, mapping.id.separator, grouped)),
          );
        }
        stats.rowsRead++;
        (cells as JsonCells).row = row;
        add(line);
      },
      (problem) => {
        stats.rowsRead++;
        stats.rowsRejected++;
        recordProblem(stats, { ...problem, file }, options.maxProblems ?? MAX_PROBLEMS);
      },
    );
    feeder = lines;
  }
  try {
    const hash = hashesAsRead(file, options.hash) ? createHash('sha256') : undefined;
    const { onBytes } = options;
    const bytes = hash
      ? (b: Buffer) => {
          hash.update(b);
          onBytes?.(b);
        }
      : onBytes;
    let first = true;
    for await (const chunk of chunksOf(file, options.chunkBytes ?? 1 << 18, feeder, bytes, chunkBuffers)) {
      // A compressed file, a workbook or UTF-16 fails here, as what it is, before any record is parsed; another
      // 8-bit encoding (Windows-1252) is read, and noted once, at the first line it shows in.
      let noted = false;
      if (first) {
        assertText(chunk, file);
        const legacy = firstNonUtf8Line(chunk);
        if (legacy) {
          recordProblem(stats, notUtf8(file, legacy.line, legacy.bytes), options.maxProblems ?? MAX_PROBLEMS);
          noted = true;
        }
      }
      first = false;
      // Size batches to the rows this chunk probably holds: a batch's arrays are allocated (and zeroed)
      // whole, and wide tables would otherwise zero megabytes for a few hundred rows.
      if (stats.rowsRead > 0) {
        const expected = Math.ceil((1.1 * chunk.length * stats.rowsRead) / stats.bytesRead) + 16;
        capacity = Math.min(maxRows, expected);
      }
      stats.bytesRead += chunk.length - (feeder.pending?.length ?? 0);
      feeder.push(chunk, true);
      // Recorded before the chunk's rows, so that a full list keeps it, it goes to its place in file order.
      if (noted) stats.problems.sort((a, b) => a.line - b.line);
      // A batch never spans chunks: its ids point into one chunk's bytes.
      seal();
      while (ready.length > 0) yield ready.shift() as UnitBatch;
    }
    feeder.end();
    seal();
    if (hash) stats.sha256 = hash.digest('hex');
    options.onBytes?.(undefined);
  } catch (error) {
    throw asInputError(error, file);
  }
  stats.blankLines = feeder.blankLines;
  if (ctx === undefined && stats.rowsRead === 0) throw emptyTable(file);
  while (ready.length > 0) yield ready.shift() as UnitBatch;
  return stats;
}

/**
 * Reads a precinct table unit by unit. Errors as in readUnitBatches; pass `options.stats` to get the
 * counters from a `for await` loop, which drops a generator's return value.
 */
export async function* readUnits(
  file: string,
  mapping: Mapping,
  options: ReadOptions = {},
): AsyncGenerator<Unit, ReadStats> {
  const batches = readUnitBatches(file, mapping, options);
  let done = false;
  try {
    for (;;) {
      const next = await batches.next();
      if (next.done) {
        done = true;
        return next.value;
      }
      for (let i = 0; i < next.value.size; i++) yield next.value.unit(i);
    }
  } finally {
    // A consumer that stops early (break, throw) closes the read: its worker thread and file handle.
    if (!done) await batches.return(undefined as never);
  }
}

/** Lines planColumns looks through for the mapped columns, the header's first, when the header lacks them. */
const LINES_LOOKED_AT = 30;

/**
 * The header record's line as written, quotes included, and the lines after it in its chunk (up to
 * LINES_LOOKED_AT in all): what planColumns reads another delimiter or a header further down from, whatever
 * this delimiter made of the fields (`"a";"b"` read at "," is one malformed field).
 */
function headerLines(rec: CsvRecord): string[] {
  const { buf, starts } = rec;
  let from = starts[0] as number;
  if (from > 0 && buf[from - 1] === 0x22) from--;
  const lines: string[] = [];
  while (lines.length < LINES_LOOKED_AT && from < buf.length) {
    const lf = buf.indexOf(0x0a, from);
    const end = lf < 0 ? buf.length : lf;
    lines.push(buf.toString('utf8', from, end).replace(/\r$/, ''));
    from = end + 1;
  }
  return lines;
}

/** Line and column (1-based, in characters) of the opening quote of a record's malformed field. */
function quoteAt(rec: CsvRecord): { line: number; column: number } {
  const { buf, starts } = rec;
  const quote = (starts[rec.malformedField] as number) - 1;
  let line = rec.line;
  for (let k = starts[0] as number; k < quote; k++) if (buf[k] === 0x0a) line++;
  // Records start at a line's start, so the line's start is past the last LF before the quote, if any.
  const lineStart = quote > 0 ? buf.lastIndexOf(0x0a, quote - 1) + 1 : 0;
  return { line, column: buf.toString('utf8', lineStart, quote).length + 1 };
}

/**
 * Whether a CSV record is well formed and as wide as the header; reports it when not. Throws for a quote never
 * closed: the rest of the file is one cell.
 */
function acceptRecord(ctx: UnitContext, rec: CsvRecord): boolean {
  const header = ctx.plan.header;
  if (rec.malformed !== MALFORMED.none) {
    const column = header[rec.malformedField] ?? `#${rec.malformedField + 1}`;
    if (rec.malformed === MALFORMED.unclosedQuote) {
      throw new InputError([unclosedQuote(ctx.file, quoteAt(rec), rec.lastLine, column)]);
    }
    report(ctx, malformedQuote(ctx.file, rec.line, column));
  } else if (rec.count !== header.length) {
    report(ctx, wrongWidth(ctx.file, rec.line, rec.count, header));
  } else return true;
  ctx.stats.rowsRejected++;
  return false;
}

/** The InputError for a file that cannot be read (or a record too long); other errors pass through. */
export function asInputError(error: unknown, file: string): unknown {
  if (error instanceof CsvRecordTooLong) {
    return new InputError([
      {
        code: 'precinct-record-too-long',
        file,
        line: error.line,
        message: `the record starting here runs past ${error.limit} bytes`,
        expected: 'records of ordinary length',
        hint: 'A quote opened in a cell and never closed is the usual cause.',
      },
    ]);
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined || error instanceof InputError) return error;
  const damaged = gzipDamaged(error, file);
  if (damaged) return damaged;
  return new InputError([
    {
      code: code === 'ENOENT' ? 'file-not-found' : 'file-unreadable',
      file,
      message: code === 'ENOENT' ? 'file not found' : `cannot read the file (${code})`,
      hint:
        code === 'ENOENT' ? 'Check the path; relative paths start from the current directory.' : undefined,
    },
  ]);
}
