/** Streams the units of a precinct table (CSV or NDJSON) through a mapping, chunk by chunk, in bounded memory. */
import { Buffer } from 'node:buffer';
import { open } from 'node:fs/promises';
import { InputError } from '../load/errors.js';
import type { Mapping } from '../schema/mapping.js';
import type { Unit, UnitBatch } from './batch.js';
import { CsvCells, JsonCells } from './cells.js';
import { emptyTable, planColumns } from './columns.js';
import { type CsvRecord, CsvRecordTooLong, CsvScanner, fieldText, MALFORMED } from './csv.js';
import { NdjsonLines } from './ndjson.js';
import { malformedQuote, newReadStats, type ReadStats, recordProblem, wrongWidth } from './problems.js';
import { type Cells, report, UnitBuilder, type UnitContext } from './unit.js';

// Why hand-written: issue 6 measured papaparse at 500,000 rows/s and csv-parse at 170,000 against about
// 2 million for a byte-level parser. csv.ts scans bytes by hand, cells.ts parses digits in place, batch.ts
// keeps units by column instead of one object per row, and id-index.ts checks ids as bytes: together about
// 1.9 million rows/s on a 1M-row synthetic table (15 columns, ids sorted; 1.1 million with ids shuffled).

export type { LevelDictionary, Unit, UnitBatch, UnitCounts } from './batch.js';
export type { ReadStats, RowProblem } from './problems.js';

/** Options of readUnits and readUnitBatches. */
export interface ReadOptions {
  /** How many problems to keep in `stats.problems`; all are counted. Default 100. */
  maxProblems?: number;
  /** Counters to fill in as reading goes (for a progress display, or to read them after `for await`). */
  stats?: ReadStats;
  /** Bytes per read. Default 256 KiB. */
  chunkBytes?: number;
  /** Most units per batch (default 8192); batches are sized to the rows a chunk holds, up to this. */
  batchRows?: number;
  /** Longest CSV record, in bytes, before the file is declared malformed. Default 16 MiB. */
  maxRecordBytes?: number;
  /**
   * Remember every unit id to flag repeats (default true). The only memory that grows with the table:
   * about 8 bytes plus the id per unit while ids come sorted, about 24 plus the id once they do not.
   */
  checkIds?: boolean;
}

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
 * Reads the file in fresh chunks (batches keep theirs for ids), the next read running while the caller
 * works on the current chunk. The bytes the feeder still holds from the last chunk are copied into room
 * left before the new one, so the chunk itself is never copied.
 */
async function* chunksOf(file: string, size: number, feeder: Feeder): AsyncGenerator<Buffer> {
  const handle = await open(file, 'r');
  const room = Math.min(HEADROOM, size);
  const readNext = async () => {
    const buf = Buffer.allocUnsafe(room + size);
    const { bytesRead } = await handle.read(buf, room, size, null);
    return { buf, bytesRead };
  };
  let next = readNext();
  try {
    for (;;) {
      const { buf, bytesRead } = await next;
      if (bytesRead === 0) return;
      next = readNext();
      const pending = feeder.pending;
      const keep = pending?.length ?? 0;
      if (pending === undefined) yield buf.subarray(room, room + bytesRead);
      else if (keep <= room) {
        pending.copy(buf, room - keep);
        yield buf.subarray(room - keep, room + bytesRead);
      } else yield Buffer.concat([pending, buf.subarray(room, room + bytesRead)]);
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
 */
export async function* readUnitBatches(
  file: string,
  mapping: Mapping,
  options: ReadOptions = {},
): AsyncGenerator<UnitBatch, ReadStats> {
  const stats = options.stats ?? newReadStats(file);
  const missing = new Set(mapping.missingValues.map((m) => m.trim()));
  const maxRows = Math.max(1, options.batchRows ?? 8192);
  let capacity = maxRows;
  const ready: UnitBatch[] = [];
  let ctx: UnitContext | undefined;
  let builder: UnitBuilder | undefined;
  let cells: Cells | undefined;
  let batch: UnitBatch | undefined;
  const start = (header: string[], line: number, makeCells: (width: number) => Cells) => {
    const plan = planColumns(header, mapping, file, line);
    const maxProblems = options.maxProblems ?? 100;
    ctx = { file, mapping, plan, missing, stats, maxProblems, checkIds: options.checkIds ?? true };
    builder = new UnitBuilder(ctx);
    cells = makeCells(header.length);
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
    (builder as UnitBuilder).build(cells as Cells, line, batch);
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
          start(header, rec.line, (width) => new CsvCells(width, missing, mapping.id.separator));
          return;
        }
        stats.rowsRead++;
        if (acceptRecord(ctx, rec)) {
          (cells as CsvCells).rec = rec;
          add(rec.line);
        }
      },
      options.maxRecordBytes,
    );
    feeder = scanner;
  } else {
    const lines = new NdjsonLines(
      (row, line) => {
        if (ctx === undefined) {
          const header = Object.keys(row);
          start(header, line, () => new JsonCells(header, missing, mapping.id.separator));
        }
        stats.rowsRead++;
        (cells as JsonCells).row = row;
        add(line);
      },
      (problem) => {
        stats.rowsRead++;
        stats.rowsRejected++;
        recordProblem(stats, { ...problem, file }, options.maxProblems ?? 100);
      },
    );
    feeder = lines;
  }
  try {
    for await (const chunk of chunksOf(file, options.chunkBytes ?? 1 << 18, feeder)) {
      // Size batches to the rows this chunk probably holds: a batch's arrays are allocated (and zeroed)
      // whole, and wide tables would otherwise zero megabytes for a few hundred rows.
      if (stats.rowsRead > 0) {
        const expected = Math.ceil((1.1 * chunk.length * stats.rowsRead) / stats.bytesRead) + 16;
        capacity = Math.min(maxRows, expected);
      }
      stats.bytesRead += chunk.length - (feeder.pending?.length ?? 0);
      feeder.push(chunk, true);
      // A batch never spans chunks: its ids point into one chunk's bytes.
      seal();
      while (ready.length > 0) yield ready.shift() as UnitBatch;
    }
    feeder.end();
    seal();
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
  for (;;) {
    const next = await batches.next();
    if (next.done) return next.value;
    for (let i = 0; i < next.value.size; i++) yield next.value.unit(i);
  }
}

/** Whether a CSV record is well formed and as wide as the header; reports it when not. */
function acceptRecord(ctx: UnitContext, rec: CsvRecord): boolean {
  const header = ctx.plan.header;
  if (rec.malformed !== MALFORMED.none) {
    const column = header[rec.malformedField] ?? `#${rec.malformedField + 1}`;
    report(ctx, malformedQuote(ctx.file, rec.line, column, rec.malformed === MALFORMED.unclosedQuote));
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
