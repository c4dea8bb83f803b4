/** Reads the header and first rows of a precinct table, guessing its format, for `map suggest`. */
import type { Buffer } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { assertText } from '../load/sniff.js';
import type { TableFormat } from '../schema/mapping.js';
import { CsvScanner, fieldText } from './csv.js';
import { NdjsonLines } from './ndjson.js';
import { asInputError } from './read.js';

/** The head of a table: its format, header and first data rows as text. */
export interface TableSample {
  format: TableFormat;
  header: string[];
  rows: string[][];
}

const DELIMITERS = [',', ';', '\t', '|'];

/** The delimiter that splits the first line into most fields, ignoring quoted text; "," on a tie. */
export function sniffDelimiter(firstLine: string): string {
  const unquoted = firstLine.replace(/"(?:[^"]|"")*"/g, '');
  let best = ',';
  let most = 0;
  for (const d of DELIMITERS) {
    const n = unquoted.split(d).length - 1;
    if (n > most) {
      best = d;
      most = n;
    }
  }
  return best;
}

/** Reads up to `rows` data rows (1,000 by default) from the start of a CSV or NDJSON table. */
export async function readSample(file: string, rows = 1000): Promise<TableSample> {
  const stream = createReadStream(file, { highWaterMark: 1 << 16 });
  const sample: TableSample = { format: { type: 'csv', delimiter: ',' }, header: [], rows: [] };
  let consume: ((chunk: Buffer) => void) | undefined;
  let finish = () => {};
  const enough = () => sample.rows.length >= rows;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (consume === undefined) {
        assertText(chunk, file);
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
          const delimiter = sniffDelimiter(head.split(/\r?\n/, 1)[0] ?? '');
          sample.format = { type: 'csv', delimiter };
          let seenHeader = false;
          const scanner = new CsvScanner(delimiter.charCodeAt(0), (rec) => {
            const fields: string[] = [];
            for (let k = 0; k < rec.count; k++) fields.push(fieldText(rec, k));
            if (!seenHeader) {
              seenHeader = true;
              sample.header = fields;
            } else if (!enough()) sample.rows.push(fields);
          });
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
  }
  return sample;
}

function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
