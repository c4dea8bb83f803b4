/** Gzip tables: read as the text they hold, on either thread, with damaged data named as such. */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { InputError } from '../../src/load/errors.js';
import { GzipText, hashesAsRead, isGzip, textSize } from '../../src/precinct/gzip.js';
import { readSample } from '../../src/precinct/sample.js';
import { HEADER, MAPPING, read, tempTables } from './helpers.js';

const { dir, table, remove } = tempTables('tallycheck-gzip-');
afterAll(remove);

/** A table of `n` stations, with a problem row and a repeated id, so that stats have something to count. */
function text(n: number): string {
  const rows = Array.from(
    { length: n },
    (_, i) => `${i % 3 ? 'North' : 'South'},s${i},1000,600,590,10,400,190`,
  );
  return [HEADER, ...rows, 'North,s1,900,5x0,495,5,200,295', 'North,s2,800,500,495,5,200,295'].join('\n');
}

/** Gzip data whose first deflate block is damaged: zlib fails before any text. */
function damaged(gz: Buffer): Buffer {
  const bad = Buffer.from(gz);
  bad.fill(0xff, 10, 14);
  return bad;
}

describe('gzip tables', () => {
  it('knows gzip by its first two bytes, and the text size by its trailer', () => {
    const plain = table(text(10));
    const gz = table(gzipSync(text(10)), 'csv.gz');
    expect([isGzip(plain), isGzip(gz), isGzip(table('')), isGzip(join(dir, 'absent'))]).toEqual([
      false,
      true,
      false,
      false,
    ]);
    const size = gzipSync(text(10)).length;
    expect(textSize(gz, size)).toBe(Buffer.byteLength(text(10)));
    expect(textSize(plain, 123)).toBe(123);
    // The reader hashes the bytes it reads, except a gzip file's: its sha256 is the file's (load/precinct.ts).
    expect([hashesAsRead(plain, true), hashesAsRead(gz, true), hashesAsRead(plain, undefined)]).toEqual([
      true,
      false,
      false,
    ]);
  });

  it('reads a gzip table as its text: the same units and counts, on either thread, any chunk size', async () => {
    const body = text(3000);
    const plain = table(body);
    const gz = table(gzipSync(body), 'csv.gz');
    for (const threads of ['inline', 'worker'] as const) {
      for (const chunkBytes of [64, 4096, 1 << 18]) {
        const a = await read(plain, MAPPING, { threads, chunkBytes, hash: true });
        const b = await read(gz, MAPPING, { threads, chunkBytes, hash: true });
        expect(b.units).toEqual(a.units);
        expect(b.units).toHaveLength(3001);
        // The same counters and problems, each naming its own file.
        const { sha256: ha, ...sa } = a.stats;
        const { sha256: hb, ...sb } = b.stats;
        const named = (stats: object, file: string) => JSON.stringify(stats).split(file).join('FILE');
        expect(named(sb, gz)).toBe(named(sa, plain));
        expect(sb.problems.map((p) => p.file)).toEqual([gz, gz]);
        expect(ha).toBe(createHash('sha256').update(body).digest('hex'));
        expect(hb).toBeUndefined();
      }
    }
  });

  it('names damaged or cut gzip data, with the text read before it, on either thread', async () => {
    const gz = gzipSync(text(20000));
    const cases: [Buffer, RegExp][] = [
      [damaged(gz), /^the table's gzip data is damaged after 0 bytes of text: /],
      [
        gz.subarray(0, gz.length >> 1),
        /^the table's gzip data is damaged after [1-9]\d* bytes of text: unexpected end of file$/,
      ],
    ];
    for (const [bytes, message] of cases) {
      const file = table(bytes, 'csv.gz');
      for (const threads of ['inline', 'worker'] as const) {
        const error = (await read(file, MAPPING, { threads }).catch((e: unknown) => e)) as InputError;
        expect(error.name).toBe('InputError');
        expect(error.problems.map((p) => p.code)).toEqual(['precinct-gzip-damaged']);
        expect(error.problems[0]?.message).toMatch(message);
        expect(error.problems[0]?.hint).toContain('gunzip -t FILE');
      }
    }
  });

  it('reads GzipText in pieces of any size, to the end', async () => {
    const body = Buffer.from(text(500));
    const file = table(gzipSync(body), 'csv.gz');
    const reader = new GzipText(file);
    const parts: Buffer[] = [];
    const buffer = Buffer.alloc(1000);
    for (let want = 1; ; want = (want * 7) % 997 || 1) {
      const { bytesRead } = await reader.read(buffer, 3, want);
      if (bytesRead === 0) break;
      parts.push(Buffer.from(buffer.subarray(3, 3 + bytesRead)));
    }
    await reader.close();
    expect(Buffer.concat(parts).equals(body)).toBe(true);
  });

  it('drafts a mapping from a gzip table’s text; a damaged one is named', async () => {
    const gz = join(dir, 's.csv.gz');
    writeFileSync(gz, gzipSync(text(50)));
    const sample = await readSample(gz);
    expect(sample.header).toEqual(HEADER.split(','));
    expect(sample.rows).toHaveLength(52);
    const bad = join(dir, 'bad.csv.gz');
    writeFileSync(bad, damaged(gzipSync(text(50))));
    const error = (await readSample(bad).catch((e: unknown) => e)) as InputError;
    expect(error.problems.map((p) => p.code)).toEqual(['precinct-gzip-damaged']);
  });
});
