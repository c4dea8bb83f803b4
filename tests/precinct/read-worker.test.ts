/** Reading on a worker thread: the same batches, dictionaries, stats and errors as reading inline. */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/load/errors.js';
import type { ByteIds, UnitBatch } from '../../src/precinct/batch.js';
import { SharedPool } from '../../src/precinct/buffers.js';
import { newReadStats, type ReadStats } from '../../src/precinct/problems.js';
import {
  dropReadAhead,
  type ReadOptions,
  readAhead,
  readsAhead,
  readThread,
  readUnitBatches,
  readUnitBatchesInline,
  WORKER_MIN_BYTES,
} from '../../src/precinct/read.js';
import {
  BatchEncoder,
  batchesFromWorker,
  buffersOf,
  CREDIT_STEP,
  type Credit,
  decodeBatch,
  decodeError,
  encodeError,
  IN_FLIGHT,
  lastWorkerBuffers,
  type SentEntry,
  startReadWorker,
  WorkerFeed,
  warmReadWorker,
} from '../../src/precinct/read-thread.js';
import { synthLines, synthMapping } from '../../src/precinct/synth.js';
import { type Mapping, MappingSchema } from '../../src/schema/mapping.js';
import { brief, HEADER, MAPPING, ndjsonRow, tempTables } from './helpers.js';

const { dir, table, remove } = tempTables('tallycheck-read-worker-');
afterAll(remove);

/** Everything a consumer can see of one read: per batch its units, dictionaries and the stats then. */
async function observe(file: string, mapping: Mapping, options: ReadOptions) {
  const stats = newReadStats(file);
  const batches: { size: number; capacity: number; units: unknown[]; names: string[][]; stats: ReadStats }[] =
    [];
  let error: unknown;
  let returned: ReadStats | undefined;
  try {
    const gen = readUnitBatches(file, mapping, { ...options, stats });
    for (;;) {
      const step = await gen.next();
      if (step.done) {
        returned = step.value;
        break;
      }
      const b = step.value;
      batches.push({
        size: b.size,
        capacity: b.capacity,
        units: Array.from({ length: b.size }, (_, i) => b.unit(i)),
        names: b.dictionaries.map((d) => [...d.names]),
        stats: structuredClone(stats),
      });
    }
  } catch (e) {
    error = e;
  }
  if (returned !== undefined) expect(returned).toBe(stats);
  return { batches, stats, error: error === undefined ? undefined : describeError(error) };
}

function describeError(error: unknown) {
  const e = error as Error;
  return {
    input: e instanceof InputError,
    name: e.name,
    message: e.message,
    problems: e instanceof InputError ? e.problems : undefined,
  };
}

/** Reads both ways and expects the same; returns the inline observation. */
async function same(file: string, mapping: Mapping = MAPPING, options: ReadOptions = {}) {
  const inline = await observe(file, mapping, { ...options, threads: 'inline' });
  const worker = await observe(file, mapping, { ...options, threads: 'worker' });
  expect(worker).toEqual(inline);
  return inline;
}

const ROWS = [
  HEADER,
  'North,s1,1000,600,590,10,400,190',
  'North,s2,800,5x0,495,5,200,295',
  'North,s3,800,500',
  'North,s4,800,500,495,5,200,295,9',
  'North,s5,NA,500,495,5,200,295',
  'North,s6,900,500,495,5,NA,295',
  'North,NA,900,500,495,5,200,295',
  ',s8,900,500,495,5,200,295',
  'North,s1,900,500,495,5,200,295',
  'North,s9,"1 204",500,495,5,200,295',
  'North,"s10"x,1,1,1,0,1,0',
  'South,s11,1,1,1,0,1,0',
].join('\n');

const mapping = (extra: object) => MappingSchema.parse({ ...MAPPING, ...extra });

describe('readUnitBatches on a worker thread', () => {
  it('gives the same batches, dictionaries and stats as inline, batch by batch, over the fixtures', async () => {
    const quoted =
      '\uFEFFregion,station,registered,cast,valid,invalid,Ann,Bob\r\n' +
      '"North, upper","s ""1""",1000,600,590,10,"400",190\r\n' +
      '"South\r\nby the sea",s2,800,500,495,5,200,295\r\n\r\n' +
      'East,s3,700,300,290,10,100,190';
    const cases: [string, Mapping?, ReadOptions?][] = [
      [table(`${HEADER}\nNorth,s1,1000,600,590,10,400,190\nSouth,s2,800,NA,495,5,200,295\n`)],
      [table(quoted)],
      [table(ROWS)],
      [table(ROWS), MAPPING, { maxProblems: 3 }],
      [table(`${HEADER}\nNorth,s1,1,1,1,0,1,0\nNorth,"open,1,1,1,0,1,0\nNorth,s3,1,1,1,0,1,0\n`)],
      [table(`${HEADER}\r\n\r\n`)],
      [table(HEADER)],
      [
        table(`${HEADER}\nNorth,1,1,1,1,0,1,0\nSouth,1,1,1,1,0,1,0\nNorth,1,1,1,1,0,1,0\n`),
        mapping({ id: { columns: ['region', 'station'], separator: '/' } }),
      ],
      [
        table(`${HEADER},Bob photo\nNorth,s1,1000,600,590,10,400,190,201\nNorth,s2,1,1,1,0,1,0,x\n`),
        mapping({
          independent: { kind: 'photoVerified', columns: [{ candidate: 'bob', column: 'Bob photo' }] },
        }),
      ],
      [
        table(`${HEADER.replaceAll(',', ';')}\nNorth;s1;10;6;5;1;3;2\n`),
        mapping({ format: { type: 'csv', delimiter: ';' } }),
      ],
      [table(ROWS), MAPPING, { checkIds: false }],
      [
        table(`${HEADER.replaceAll(',', ';')}\nNorth;s1;1.000;600;590;10;400;190\nNorth;s2;1.0;1;1;0;1;0\n`),
        mapping({ format: { type: 'csv', delimiter: ';' }, thousandsSeparator: '.' }),
      ],
      [
        table(`Results\n"by station, final"\n${HEADER}\nNorth,s1,1,1,1,0,1,0\nNorth,s2,x,1,1,0,1,0\n`),
        mapping({ format: { type: 'csv', delimiter: ',', headerLine: 3 } }),
      ],
      [
        table(
          `${HEADER}\nNorth,s1,1,1,1,0,1,0\nSouth,s2,1,1,1,0,,1\nSouth,s3,1,1,1,0,NA,1\nSouth,s4,1,1,1,0,,\n`,
        ),
        mapping({ candidates: [{ id: 'ann', column: 'Ann', emptyMeans: 'zero' }, MAPPING.candidates[1]] }),
      ],
    ];
    for (const [file, m, options] of cases) await same(file, m, options);
  });

  it('gives the same over many chunks and batches, across chunk and batch sizes', async () => {
    const rows = Array.from({ length: 600 }, (_, i) =>
      i % 37 === 0
        ? `"Reg ""${i % 3}""",s${i % 500},100,NA,50,1,20,29`
        : `Reg ${i % 7},s${i % 500},100,60,50,1,20,${i % 53 === 0 ? 'x' : 29}`,
    );
    const file = table(`\uFEFF${[HEADER, ...rows].join('\r\n')}`);
    // 7 and 64 bytes: records span chunks, and the final record is parsed from the last chunk's tail;
    // 17 rows a batch: several batches share a chunk (sent together, the chunk moved once).
    const sizes: [number, number][] = [
      [7, 8192],
      [64, 17],
      [1000, 8192],
      [9000, 17],
      [9000, 8192],
    ];
    for (const [chunkBytes, batchRows] of sizes) {
      const inline = await same(file, MAPPING, { chunkBytes, batchRows });
      expect(inline.stats.duplicateIds).toBe(97);
    }
  });

  it('gives the same on a synthetic table of many chunks', async () => {
    const options = { rows: 20_000, seed: 3, candidates: 5, regions: 4 };
    const file = table([...synthLines(options)].join(''));
    const m = MappingSchema.parse(synthMapping(options));
    const inline = await same(file, m, { chunkBytes: 1 << 16 });
    expect(inline.batches.length).toBeGreaterThan(IN_FLIGHT * 2);
    expect(inline.stats.rowsUsed).toBe(20_000);
  });

  it('hashes the file as it reads it, when asked, on either thread', async () => {
    const options = { rows: 3_000, seed: 5, candidates: 3, regions: 2 };
    const file = table([...synthLines(options)].join(''));
    const m = MappingSchema.parse(synthMapping(options));
    const expected = createHash('sha256').update(readFileSync(file)).digest('hex');
    const inline = await same(file, m, { chunkBytes: 1 << 12, hash: true });
    expect(inline.stats.sha256).toBe(expected);
    expect((await same(file, m, { chunkBytes: 1 << 12 })).stats.sha256).toBeUndefined();
    // The default chunks: four reads of 8 KiB, then of 16 KiB ... (read.ts, FIRST_READ): past the first size.
    expect(readFileSync(file).length).toBeGreaterThan(4 * (1 << 13) + (1 << 14));
    const ramped = await same(file, m, { hash: true });
    expect(ramped.stats.sha256).toBe(expected);
    expect(ramped.stats.rowsUsed).toBe(3_000);
  });

  it('hashes every byte once however the chunks fall: records across chunks, long ones, blank lines, a header alone', async () => {
    const long = `North,s${'9'.repeat(300)},1000,600,590,10,400,190`;
    const files = [
      table([HEADER, ...ROWS.slice(1), long, '', '', ...ROWS.slice(1, 4)].join('\r\n')),
      table(`${HEADER}\n`),
      table([HEADER, '', '', '', 'North,s1,1,1,1,0,1,0'].join('\n')),
    ];
    for (const file of files) {
      const expected = createHash('sha256').update(readFileSync(file)).digest('hex');
      // 7 and 64 bytes: most records are cut by a chunk's end, and the long one is longer than a chunk.
      for (const chunkBytes of [7, 64, 1 << 16]) {
        const worker = await observe(file, MAPPING, { chunkBytes, hash: true, threads: 'worker' });
        expect(worker.stats.sha256, `${file} at ${chunkBytes} bytes a chunk`).toBe(expected);
        expect(worker).toEqual(await observe(file, MAPPING, { chunkBytes, hash: true, threads: 'inline' }));
      }
    }
  });

  it('flags duplicate ids as reading on one thread does (the main thread checks a worker’s ids)', async () => {
    // A duplicate row's missing cell comes before its duplicate; a rejected row is not checked; quoted ids
    // compare by their text ("s1" and s1), escaped ones once decoded (the last row: s "3" unquoted).
    const rows = [
      HEADER,
      'North,s1,1000,600,590,10,400,190',
      'North,s1,NA,600,590,10,400,190',
      'North,s2,1,1,1,0,1,0',
      'North,s2,1,x,1,0,1,0',
      'North,"s2",1,1,1,0,1,0',
      'North,"s ""3""",1,1,1,0,1,0',
      'North,s4,NA,1,1,0,1,0',
      'North,"s ""3""",1,1,1,0,1,0',
      'North,s "3",1,1,1,0,1,0',
    ].join('\n');
    const file = table(rows);
    const full = await same(file, MAPPING, { batchRows: 2 });
    expect(brief(full.stats).map((p) => [p.code, p.line])).toEqual([
      ['precinct-missing-value', 3],
      ['precinct-duplicate-id', 3],
      ['precinct-invalid-number', 5],
      ['precinct-duplicate-id', 6],
      ['precinct-missing-value', 8],
      ['precinct-duplicate-id', 9],
      ['precinct-duplicate-id', 10],
    ]);
    expect(full.stats.duplicateIds).toBe(4);
    // Every cap, so that it falls between each two problems.
    for (let maxProblems = 0; maxProblems <= 7; maxProblems++) {
      for (const chunkBytes of [16, 1 << 16])
        await same(file, MAPPING, { maxProblems, chunkBytes, batchRows: 2 });
    }
    // Composite ids, with an escaped part and a separator inside a part.
    const composite = [
      HEADER,
      '"N ""a""",1,1,1,1,0,1,0',
      'N/a,1,1,1,1,0,1,0',
      '"N ""a""",1,1,1,1,0,1,0',
      'N,a/1,1,1,1,0,1,0',
      '"N ""a""",2,1,1,1,0,1,0',
    ].join('\n');
    const m = mapping({ id: { columns: ['region', 'station'], separator: '/' } });
    const both = await same(table(composite), m, { batchRows: 2 });
    expect(brief(both.stats).map((p) => [p.line, p.found])).toEqual([
      [4, '"N \\"a\\"/1"'],
      [5, '"N/a/1"'],
    ]);
  });

  it('gives the same on NDJSON, with malformed lines', async () => {
    const row = ndjsonRow;
    const text = [
      row({ Bob: 2 }),
      '',
      row({ station: 's2', cast: null, Bob: 1 }),
      row({ station: 's3', Bob: '7', region: 'South' }),
      '[1,2]',
      '{"broken": ',
      row({ station: 's4', valid: 'many', Bob: 1 }),
      row({ station: 's1', Bob: 0 }),
    ].join('\r\n');
    const m = mapping({ format: { type: 'ndjson' } });
    for (const chunkBytes of [5, 1 << 18]) await same(table(text, 'ndjson'), m, { chunkBytes, batchRows: 2 });
    // Bob not on the ballot where his value is null: read as 0, counted in the stats sent across.
    const zero = mapping({
      format: { type: 'ndjson' },
      candidates: [MAPPING.candidates[0], { id: 'bob', column: 'Bob', emptyMeans: 'zero' }],
    });
    const blank = `${text}\r\n${row({ station: 's5', Bob: null })}\r\n${row({ station: 's6', Bob: 'NA' })}`;
    const both = await same(table(blank, 'ndjson'), zero, { batchRows: 2 });
    expect(both.stats.cellsReadAsZero).toEqual({ bob: 1 });
  });

  it('orders and caps NDJSON duplicates as on one thread when they sit in a middle batch of a chunk', async () => {
    // Batches of 2 rows in one chunk: the duplicate s1 (line 3) is in the second batch, a missing count on
    // line 4 too, and a bad value on line 5 in the third.
    const row = (station: string, o: Record<string, unknown> = {}) => ndjsonRow({ station, ...o });
    const text = [
      row('s1'),
      row('s2'),
      row('s1'),
      row('s3', { cast: null }),
      row('s4', { valid: 'x' }),
      row('s5'),
    ]
      .map((l) => `${l}\n`)
      .join('');
    const m = mapping({ format: { type: 'ndjson' } });
    for (const maxProblems of [0, 1, 2, 100]) {
      const inline = await same(table(text, 'ndjson'), m, { batchRows: 2, maxProblems });
      expect(inline.stats.duplicateIds).toBe(1);
    }
  });

  const albania = '../shared/data/real/albania-2013-parliament-precinct.csv';
  it.skipIf(!existsSync(albania))('gives the same on the Albania 2013 precinct table', async () => {
    // The mapping the bundled Albania dataset reads it with.
    const m = MappingSchema.parse(JSON.parse(readFileSync('data/albania-2013-mapping.json', 'utf8')));
    const inline = await same(albania, m, { chunkBytes: 1 << 15 });
    expect(inline.stats.rowsRead).toBe(5508);
  });

  it('throws the same InputErrors, from the same place', async () => {
    const longRows = Array.from({ length: 400 }, (_, i) => `North,s${i},1,1,1,0,1,0`);
    const cases: [string, Mapping?, ReadOptions?][] = [
      [join(dir, 'absent.csv')],
      [dir], // a directory: EISDIR
      [table('')],
      [table('\uFEFF')],
      [table('\n\n')],
      [table('region,stat,registered,cast,valid,invalid,Ann\nNorth,s1,1,1,1,0,1\n')],
      [table(`${HEADER},Ann\n`)],
      [table('{"region":"N","station":"s"}\n', 'ndjson'), mapping({ format: { type: 'ndjson' } })],
      [table(Buffer.from(gzipSync(`${HEADER}\nNorth,s1,1,1,1,0,1,0\n`)).fill(0xff, 10, 14))],
      [table(`${HEADER.replace(/,/g, ';')}\nNorth;s1;1;1;1;0;1;0\n`)],
      // Too long a record after several batches: those batches first, then the error.
      [
        table([HEADER, ...longRows, 'North,"never closed', ...longRows].join('\n')),
        MAPPING,
        { chunkBytes: 512, maxRecordBytes: 2000 },
      ],
      // A quote never closed after several batches, within the size limit.
      [
        table([HEADER, ...longRows, 'North,"never closed', ...longRows.slice(0, 3)].join('\n')),
        MAPPING,
        { chunkBytes: 512 },
      ],
    ];
    const codes: string[] = [];
    for (const [file, m, options] of cases) {
      const inline = await same(file, m, options);
      expect(inline.error?.input).toBe(true);
      codes.push(inline.error?.problems?.[0]?.code ?? '');
      const late = ['precinct-record-too-long', 'precinct-unclosed-quote'];
      if (!late.includes(inline.error?.problems?.[0]?.code ?? '')) expect(inline.batches).toEqual([]);
      else expect(inline.batches.length).toBeGreaterThan(IN_FLIGHT);
    }
    expect(codes).toEqual([
      'file-not-found',
      'file-unreadable',
      'precinct-empty-file',
      'precinct-empty-file',
      'precinct-empty-file',
      'precinct-missing-column',
      'precinct-ambiguous-column',
      'precinct-missing-column',
      'precinct-gzip-damaged',
      'precinct-wrong-delimiter',
      'precinct-record-too-long',
      'precinct-unclosed-quote',
    ]);
  });

  it('fills the caller’s stats object as batches are handed out, counting on from what it held', async () => {
    const file = table(ROWS);
    const run = async (threads: 'inline' | 'worker') => {
      const stats = newReadStats(file);
      stats.rowsRead = 5;
      stats.problems.push({ code: 'earlier', file, line: 1, message: 'before' });
      stats.duplicateIds = 2;
      stats.problemsByCode['precinct-duplicate-id'] = 2;
      stats.problemCount = 3;
      const problems = stats.problems;
      for await (const _ of readUnitBatches(file, MAPPING, { stats, threads, maxProblems: 4 })) {
        // counters are running here (progress display)
      }
      expect(stats.problems).toBe(problems);
      return stats;
    };
    const inline = await run('inline');
    expect(await run('worker')).toEqual(inline);
    expect(inline).toMatchObject({ rowsRead: 17, problemCount: 13, duplicateIds: 3 });
    expect(inline.problemsByCode['precinct-duplicate-id']).toBe(3);
    expect(inline.problems).toHaveLength(4);
  });
});

describe('the worker thread', () => {
  const started: Worker[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((w) => w.terminate()));
  });

  /** A table of many chunks and its worker, with the messages it posted counted and its exit awaited. */
  function manyChunks(rows = 3000, options: ReadOptions = { chunkBytes: 2048 }) {
    const lines = Array.from({ length: rows }, (_, i) => `R${i % 5},s${i},100,60,50,1,20,29`);
    const file = table([HEADER, ...lines].join('\n'));
    const stats = newReadStats(file);
    const feed = startReadWorker(file, MAPPING, options, stats);
    const { worker } = feed;
    started.push(worker);
    const seen = { messages: 0 };
    worker.on('message', () => seen.messages++);
    const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
    return { file, stats, worker, seen, exited, batches: batchesFromWorker(feed, file, MAPPING, stats) };
  }

  const settle = async (seen: { messages: number }) => {
    let last = -1;
    while (seen.messages !== last) {
      last = seen.messages;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  };

  it('stays at most IN_FLIGHT messages ahead of the consumer', async () => {
    const { batches, seen, stats } = manyChunks();
    await batches.next();
    await settle(seen);
    expect(seen.messages).toBe(IN_FLIGHT);
    // Taking CREDIT_STEP messages gives room for as many more (one message a chunk here: 2048 bytes).
    for (let i = 1; i < CREDIT_STEP; i++) await batches.next();
    await settle(seen);
    expect(seen.messages).toBe(IN_FLIGHT + CREDIT_STEP);
    let n = CREDIT_STEP;
    for await (const _ of batches) n++;
    expect(n).toBeGreaterThan(IN_FLIGHT + 10);
    expect(stats.rowsUsed).toBe(3000);
  });

  it('is terminated when the consumer stops early, also while it waits for room', async () => {
    const { batches, exited } = manyChunks();
    await batches.next();
    await batches.return(newReadStats(''));
    expect(await exited).toBe(1);
    const again = manyChunks();
    for await (const _ of again.batches) break;
    expect(await again.exited).toBe(1);
  });

  it('exits by itself after the last batch', async () => {
    const { batches, exited } = manyChunks(50);
    for await (const _ of batches) {
      // drain
    }
    expect(typeof (await exited)).toBe('number');
  });

  it('hands a read to the warm worker, which then serves it as a fresh one would', async () => {
    const probe = new Worker('', { eval: true });
    const next = probe.threadId + 1;
    await probe.terminate();
    expect(warmReadWorker()).toBe(true);
    expect(warmReadWorker()).toBe(true); // one warm worker at a time
    await new Promise((resolve) => setTimeout(resolve, 300)); // let it load, or not: both must work
    const file = table(ROWS);
    const stats = newReadStats(file);
    const feed = startReadWorker(file, MAPPING, {}, stats);
    started.push(feed.worker);
    expect(feed.worker.threadId).toBe(next);
    const units = [];
    for await (const b of batchesFromWorker(feed, file, MAPPING, stats))
      for (let i = 0; i < b.size; i++) units.push(b.unit(i));
    const inline = await observe(file, MAPPING, { threads: 'inline' });
    expect(units).toEqual(inline.batches.flatMap((b) => b.units));
    expect(stats).toEqual(inline.stats);
    // Taken: the next read starts a worker of its own.
    const other = startReadWorker(file, MAPPING, {}, newReadStats(file)).worker;
    started.push(other);
    expect(other.threadId).toBeGreaterThan(next);
  });

  it('turns a crash or an early exit into an error, never a hang', async () => {
    const stats = newReadStats('t.csv');
    const crash = new WorkerFeed(new Worker('throw new Error("boom")', { eval: true }), 't.csv');
    await expect(batchesFromWorker(crash, 't.csv', MAPPING, stats).next()).rejects.toThrow(
      'the worker thread reading t.csv failed: boom',
    );
    const exit = new WorkerFeed(new Worker('process.exit(3)', { eval: true }), 't.csv');
    await expect(batchesFromWorker(exit, 't.csv', MAPPING, stats).next()).rejects.toThrow(
      'stopped (exit code 3) before the end of the table',
    );
    const silent = new WorkerFeed(new Worker('', { eval: true }), 't.csv');
    await expect(batchesFromWorker(silent, 't.csv', MAPPING, stats).next()).rejects.toThrow('exit code 0');
  });

  it('fails at once when a message from the worker cannot be read (batches would be lost)', async () => {
    const stats = newReadStats('t.csv');
    // A worker that stays alive: the read must not wait for it to end, nor end as if complete.
    const idle = new Worker('setInterval(() => {}, 1000)', { eval: true });
    const reading = batchesFromWorker(new WorkerFeed(idle, 't.csv'), 't.csv', MAPPING, stats).next();
    idle.emit('messageerror', new Error('cannot deserialize'));
    await expect(reading).rejects.toThrow('a message from the worker thread reading t.csv could not be read');
  });

  it('sends errors as data and rebuilds them with their class and fields', () => {
    const input = new InputError([{ code: 'c', file: 'f', line: 3, message: 'm', hint: undefined }]);
    const back = decodeError(structuredClone(encodeError(input)));
    expect(back).toBeInstanceOf(InputError);
    expect([back.message, (back as InputError).problems]).toEqual([input.message, input.problems]);
    const type = decodeError(structuredClone(encodeError(new TypeError('bad'))));
    expect(type).toBeInstanceOf(TypeError);
    expect(type.message).toBe('bad');
    const io = Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
    expect(decodeError(structuredClone(encodeError(io)))).toMatchObject({ message: io.message, code: 'EIO' });
  });

  it('posts a batch’s arrays and chunk in shared memory: nothing copied, moved or detached', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => `North,s${i},1,1,1,0,1,0`);
    const file = table([HEADER, ...rows].join('\n'));
    const stats = newReadStats(file);
    const pool = new SharedPool();
    const gen = readUnitBatchesInline(file, MAPPING, { stats, chunkBytes: 1 << 14, buffers: pool });
    const batch = (await gen.next()).value as UnitBatch;
    await gen.return(stats);
    const ids = batch.ids as ByteIds;
    const counts = batch.countList.filter((c) => c !== undefined);
    const arrays = [batch.lines, ...counts, batch.votes, batch.duplicateOf, ...batch.levels];
    // One shared buffer for the batch's arrays, one for its ids' offsets, and its chunk's.
    expect(new Set(arrays.map((a) => a.buffer)).size).toBe(1);
    expect(buffersOf(batch)).toHaveLength(3);
    expect(buffersOf(batch)).toContain(ids.buf.buffer);
    for (const b of buffersOf(batch)) expect(b).toBeInstanceOf(SharedArrayBuffer);
    const units = Array.from({ length: batch.size }, (_, i) => batch.unit(i));
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<SentEntry>((resolve) => port2.once('message', resolve));
    port1.postMessage(new BatchEncoder(stats).entry(batch));
    const sent = await received;
    port1.close();
    expect(batch.votes.length).toBeGreaterThan(0); // still readable here: not moved
    const rebuilt = decodeBatch(sent.batch, batch.dictionaries);
    expect(Array.from({ length: rebuilt.size }, (_, i) => rebuilt.unit(i))).toEqual(units);
    batch.votes[0] = 4321; // the same memory, not a copy
    expect(rebuilt.votes[0]).toBe(4321);
  });

  it('hands a message’s buffers back only once the consumer has asked for the batch after its last', async () => {
    // One batch per message here (a chunk of 2048 bytes holds fewer rows than a batch): message k is batch k.
    const { batches, worker, stats, file } = manyChunks(3000);
    const posts: { release: number[]; asked: number }[] = [];
    let asked = 0;
    const post = worker.postMessage.bind(worker);
    worker.postMessage = (message: Credit) => {
      posts.push({ release: message.release, asked });
      post(message);
    };
    const seen: unknown[] = [];
    for (;;) {
      const step = await batches.next();
      asked++;
      if (step.done) break;
      seen.push(Array.from({ length: step.value.size }, (_, i) => step.value.unit(i)));
    }
    expect(stats.rowsUsed).toBe(3000);
    const released = posts.flatMap((p) => p.release.map((id) => ({ id, asked: p.asked })));
    expect(released.length).toBeGreaterThan(seen.length / 2);
    // Posted while batch `asked` (0-based) was being asked for: message `id` (batch `id`) comes before it.
    for (const { id, asked: when } of released) expect(when).toBeGreaterThan(id);
    // And the buffers were reused: a few sets, not one per message.
    expect(lastWorkerBuffers.reused).toBeGreaterThan(lastWorkerBuffers.created);
    const inline = await observe(file, MAPPING, { threads: 'inline', chunkBytes: 2048 });
    expect(seen.flat()).toEqual(inline.batches.flatMap((b) => b.units));
  });
});

describe('readThread', () => {
  const env = process.env.TALLYCHECK_READ_THREADS;
  afterEach(() => {
    if (env === undefined) delete process.env.TALLYCHECK_READ_THREADS;
    else process.env.TALLYCHECK_READ_THREADS = env;
  });

  it('uses a worker for large files only, unless told', async () => {
    delete process.env.TALLYCHECK_READ_THREADS;
    const small = table(ROWS);
    const big = table(''); // sparse: no disk used
    truncateSync(big, WORKER_MIN_BYTES);
    expect(await readThread(small)).toBe('inline');
    expect(await readThread(big)).toBe('worker');
    expect(await readThread(join(dir, 'absent.csv'))).toBe('inline');
    expect(await readThread(dir)).toBe('inline');
    expect(await readThread(big, 'inline')).toBe('inline');
    expect(await readThread(small, 'worker')).toBe('worker');
    process.env.TALLYCHECK_READ_THREADS = 'worker';
    expect(await readThread(small)).toBe('worker');
    expect(await readThread(small, 'inline')).toBe('inline');
    process.env.TALLYCHECK_READ_THREADS = 'inline';
    expect(await readThread(big)).toBe('inline');
  });
});

describe('a read started ahead', () => {
  const rows = Array.from({ length: 2000 }, (_, i) => `R${i % 7},s${i},100,60,50,1,20,29`);
  const tables = () => ({
    good: table([HEADER, ...rows].join('\n')),
    // A repeated id, a short row, then a header that lacks a mapped column (an error before any batch).
    odd: table(
      [HEADER, ...rows.slice(0, 900), 'R1,s3,100,60,50,1,20,29', 'R1,s9', ...rows.slice(900)].join('\n'),
    ),
    broken: table(['region,station,registered', 'R1,s1,10'].join('\n')),
  });
  const options = { threads: 'worker', chunkBytes: 2048 } as const;

  it('is taken by the same read, which then gives what a fresh read gives, errors included', async () => {
    for (const file of Object.values(tables())) {
      const fresh = await observe(file, MAPPING, options);
      const before = { ...readsAhead };
      readAhead(file, MAPPING, options);
      await new Promise((resolve) => setTimeout(resolve, 200)); // it reads ahead meanwhile
      const taken = await observe(file, MAPPING, options);
      expect(readsAhead).toEqual({
        started: before.started + 1,
        taken: before.taken + 1,
        dropped: before.dropped,
      });
      expect(taken).toEqual(fresh);
      expect(taken).toEqual(await observe(file, MAPPING, { ...options, threads: 'inline' }));
    }
  });

  it('is dropped by a read of another file, mapping or options, which reads as it would have', async () => {
    const { good, odd } = tables();
    const other = MappingSchema.parse({ ...MAPPING, missingValues: ['NA'] });
    for (const [file, mapping, opts] of [
      [odd, MAPPING, options],
      [good, other, options],
      [good, MAPPING, { ...options, chunkBytes: 4096 }],
    ] as const) {
      const before = { ...readsAhead };
      readAhead(good, MAPPING, options);
      const read = await observe(file, mapping, opts);
      expect(readsAhead).toEqual({
        started: before.started + 1,
        taken: before.taken,
        dropped: before.dropped + 1,
      });
      expect(read).toEqual(await observe(file, mapping, { ...opts, threads: 'inline' }));
    }
    // Dropped by hand, or by the next one started.
    const before = { ...readsAhead };
    readAhead(good, MAPPING, options);
    readAhead(good, MAPPING, options);
    dropReadAhead();
    dropReadAhead();
    expect(readsAhead).toEqual({
      started: before.started + 2,
      taken: before.taken,
      dropped: before.dropped + 2,
    });
  });
});
