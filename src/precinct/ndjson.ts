/** Splits pushed chunks into NDJSON lines and parses each as one JSON object (a row keyed by column name). */
import { Buffer } from 'node:buffer';
import { malformedJson, type RowProblem } from './problems.js';

const LF = 10;
const CR = 13;

/** Emits each line's object, or a problem for a line that is not a JSON object; blank lines are counted. */
export class NdjsonLines {
  private rest: Buffer | undefined;
  private line = 1;
  private atStart = true;
  /** Blank lines skipped so far. */
  blankLines = 0;

  /** Bytes of a record (or line) cut by the last chunk's end, waiting for the next chunk. */
  get pending(): Buffer | undefined {
    return this.rest;
  }

  constructor(
    private readonly onRow: (row: Record<string, unknown>, line: number) => void,
    private readonly onProblem: (problem: RowProblem) => void,
  ) {}

  /** Parses the complete lines of a chunk; a cut line waits for the next chunk. */
  push(chunk: Buffer, startsWithPending = false): void {
    const rest = this.rest;
    this.rest = undefined;
    // A reader that copied `pending` to the front of its chunk saves the copy of the whole chunk here.
    const buf = rest === undefined || startsWithPending ? chunk : Buffer.concat([rest, chunk]);
    let start = 0;
    if (this.atStart) {
      if (buf.length < 3) {
        this.rest = buf;
        return;
      }
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3;
      this.atStart = false;
    }
    for (;;) {
      const end = buf.indexOf(LF, start);
      if (end < 0) break;
      this.parseLine(buf, start, end);
      start = end + 1;
    }
    if (start < buf.length) this.rest = buf.subarray(start);
  }

  /** Parses the last line when the file does not end with a line end. */
  end(): void {
    const rest = this.rest;
    this.rest = undefined;
    if (rest === undefined) return;
    const start = this.atStart && rest[0] === 0xef && rest[1] === 0xbb && rest[2] === 0xbf ? 3 : 0;
    this.atStart = false;
    if (start < rest.length) this.parseLine(rest, start, rest.length);
  }

  private parseLine(buf: Buffer, start: number, stop: number): void {
    const line = this.line++;
    const end = stop > start && buf[stop - 1] === CR ? stop - 1 : stop;
    const text = buf.toString('utf8', start, end);
    if (text.trim() === '') {
      this.blankLines++;
      return;
    }
    let row: unknown;
    try {
      row = JSON.parse(text);
    } catch (error) {
      this.onProblem(malformedJson('', line, (error as Error).message));
      return;
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      this.onProblem(
        malformedJson('', line, Array.isArray(row) ? 'an array' : row === null ? 'null' : `a ${typeof row}`),
      );
      return;
    }
    this.onRow(row as Record<string, unknown>, line);
  }
}
