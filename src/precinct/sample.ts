/** Reads the header and first rows of a precinct table, guessing its format, for `map suggest`. */
import type { Buffer } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { assertText, firstNonUtf8Line } from '../load/sniff.js';
import type { TableFormat } from '../schema/mapping.js';
import { COMMON_DELIMITERS, CsvScanner, fieldText, splitLine } from './csv.js';
import { isGzip } from './gzip.js';
import { NdjsonLines } from './ndjson.js';
import { asInputError } from './read.js';

/** The head of a table: its format, header and first data rows as text. */
export interface TableSample {
  format: TableFormat;
  header: string[];
  rows: string[][];
  /** The first line of the table's first read that is not UTF-8 (its names then show U+FFFD), if any. */
  notUtf8Line?: number;
}

/**
 * The delimiter and the header's line, from a CSV table's first lines (quoted text taken whole). For each
 * delimiter, the number of fields (2 or more) the most lines share; the delimiter whose number the most lines
 * share wins (then the larger number, then "," before ";", tab and "|"). The header is the first line with at
 * least that many fields, at least half of them named: a title or a note above it has fewer fields, or (padded
 * with delimiters to the table's width, as spreadsheets write them) mostly empty ones; a header may have one
 * field more than its rows.
 */
export function sniffLayout(head: string): { delimiter: string; headerLine: number } {
  const lines = head.split(/\r?\n/, 31);
  // The last line may be cut by the end of `head`.
  if (lines.length > 1) lines.pop();
  let best = { delimiter: ',', headerLine: 1, fields: 0, lines: 0 };
  for (const d of COMMON_DELIMITERS) {
    const fields = lines.map((l) => splitLine(l, d));
    const frequency = new Map<number, number>();
    for (const f of fields) if (f.length >= 2) frequency.set(f.length, (frequency.get(f.length) ?? 0) + 1);
    for (const [width, n] of frequency) {
      if (n > best.lines || (n === best.lines && width > best.fields)) {
        const header = fields.findIndex(
          (f) => f.length >= width && f.filter((x) => x.trim() !== '').length * 2 >= width,
        );
        best = { delimiter: d, headerLine: Math.max(0, header) + 1, fields: width, lines: n };
      }
    }
  }
  return { delimiter: best.delimiter, headerLine: best.headerLine };
}

/** Reads up to `rows` data rows (1,000 by default) from the start of a CSV or NDJSON table. */
export async function readSample(file: string, rows = 1000): Promise<TableSample> {
  const raw = createReadStream(file, { highWaterMark: 1 << 16 });
  // A gzip table's text, as the audit reads it (gzip.ts).
  const stream = isGzip(file) ? raw.pipe(createGunzip({ chunkSize: 1 << 16 })) : raw;
  if (stream !== raw) raw.on('error', (error) => stream.destroy(error));
  const sample: TableSample = { format: { type: 'csv', delimiter: ',' }, header: [], rows: [] };
  let consume: ((chunk: Buffer) => void) | undefined;
  let finish = () => {};
  const enough = () => sample.rows.length >= rows;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (consume === undefined) {
        assertText(chunk, file);
        const legacy = firstNonUtf8Line(chunk);
        if (legacy) sample.notUtf8Line = legacy.line;
        const head = chunk.toString('utf8', 0, Math.min(chunk.length, 1 << 16)).replace(/^\uFEFF/, '');
        if (head.trimStart().startsWith('{')) {
          sample.format = { type: 'ndjson' };
          const keys: string[] = [];
          const lines = new NdjsonLines(
            (row) => {
              if (sample.header.length === 0) keys.push(...Object.keys(row));
              sample.header = keys;
              if (!enough()) sample.rows.push(keys.map((k) => cellText(row[k])));
            },
            () => {},
          );
          consume = (c) => lines.push(c);
          finish = () => lines.end();
        } else {
          const { delimiter, headerLine } = sniffLayout(head);
          sample.format = { type: 'csv', delimiter, ...(headerLine > 1 ? { headerLine } : {}) };
          let seenHeader = false;
          const scanner = new CsvScanner(
            delimiter.charCodeAt(0),
            (rec) => {
              const fields: string[] = [];
              for (let k = 0; k < rec.count; k++) fields.push(fieldText(rec, k));
              if (!seenHeader) {
                seenHeader = true;
                sample.header = fields;
              } else if (!enough()) sample.rows.push(fields);
            },
            undefined,
            headerLine,
          );
          consume = (c) => scanner.push(c);
          finish = () => scanner.end();
        }
      }
      consume(chunk);
      if (enough()) break;
    }
    if (!enough()) finish();
  } catch (error) {
    throw asInputError(error, file);
  } finally {
    stream.destroy();
    raw.destroy();
  }
  return sample;
}

function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
