/** Cell access for the two table formats: CSV bytes (digits parsed in place) and NDJSON objects. */
import { Buffer } from 'node:buffer';
import { ByteIds, type IdSource, type LevelDictionary, StringIds } from './batch.js';
import { type CsvRecord, fieldText } from './csv.js';
import { CELL, type Cells, parseCellText } from './unit.js';

/** Longest cell whose bytes are kept to recognise a repeat of the previous row's text. */
const CACHED_BYTES = 64;

/** Cells of a CSV record: plain digits and ids never become strings, repeated level names are looked up once. */
export class CsvCells implements Cells {
  status: number = CELL.ok;
  rec: CsvRecord | undefined;
  keyBuf: Uint8Array = new Uint8Array(0);
  keyStart = 0;
  keyEnd = 0;
  private scratch: Buffer = Buffer.allocUnsafe(256);
  private readonly separator: Buffer;
  private readonly longestMissing: number;
  // Levels repeat row after row in a table sorted by region: keep each column's last bytes and level code.
  private readonly lastBytes: Buffer[];
  private readonly lastLength: Int32Array;
  private readonly lastCode: Int32Array;
  private idStarts = new Int32Array(0);
  private idEnds = new Int32Array(0);
  private idEscaped = new Uint8Array(0);
  private idParts = 1;

  constructor(
    width: number,
    private readonly missing: ReadonlySet<string>,
    private readonly separatorText: string,
  ) {
    this.separator = Buffer.from(separatorText, 'utf8');
    this.longestMissing = Math.max(0, ...[...missing].map((m) => Buffer.byteLength(m, 'utf8')));
    this.lastBytes = Array.from({ length: width }, () => Buffer.allocUnsafe(CACHED_BYTES));
    this.lastLength = new Int32Array(width).fill(-1);
    this.lastCode = new Int32Array(width).fill(-1);
  }

  text(k: number): string {
    return fieldText(this.rec as CsvRecord, k);
  }

  number(k: number): number {
    const rec = this.rec as CsvRecord;
    const buf = rec.buf;
    let i = rec.starts[k] as number;
    const end = rec.ends[k] as number;
    // Up to 15 digits fit a double exactly; anything else (sign, point, spaces, NA) takes the slow path.
    if (end > i && end - i < 16) {
      let value = 0;
      for (; i < end; i++) {
        const digit = (buf[i] as number) - 48;
        if (digit < 0 || digit > 9) break;
        value = value * 10 + digit;
      }
      if (i === end) {
        this.status = CELL.ok;
        return value;
      }
    }
    return parseCellText(this, this.text(k), this.missing);
  }

  isMissingKey(k: number): boolean {
    const rec = this.rec as CsvRecord;
    const start = rec.starts[k] as number;
    const end = rec.ends[k] as number;
    if (end === start) return true;
    // Text longer than every marker, with no space at either end, cannot be one: skip decoding it.
    const buf = rec.buf;
    if (end - start > this.longestMissing && (buf[start] as number) > 32 && (buf[end - 1] as number) > 32)
      return false;
    const trimmed = this.text(k).trim();
    return trimmed === '' || this.missing.has(trimmed);
  }

  levelCode(k: number, dictionary: LevelDictionary): number {
    const rec = this.rec as CsvRecord;
    const buf = rec.buf;
    const start = rec.starts[k] as number;
    const length = (rec.ends[k] as number) - start;
    const last = this.lastBytes[k] as Buffer;
    if (this.lastLength[k] === length && rec.escaped[k] === 0) {
      let i = 0;
      while (i < length && last[i] === buf[start + i]) i++;
      if (i === length) return this.lastCode[k] as number;
    }
    const code = dictionary.code(this.text(k));
    if (length <= CACHED_BYTES && rec.escaped[k] === 0) {
      for (let i = 0; i < length; i++) last[i] = buf[start + i] as number;
      this.lastLength[k] = length;
      this.lastCode[k] = code;
    }
    return code;
  }

  idKey(columns: readonly number[]): void {
    const rec = this.rec as CsvRecord;
    const first = columns[0] as number;
    if (columns.length === 1 && rec.escaped[first] === 0) {
      this.keyBuf = rec.buf;
      this.keyStart = rec.starts[first] as number;
      this.keyEnd = rec.ends[first] as number;
      return;
    }
    // Composite or escaped: the bytes of the decoded parts and separators, as the id's text would encode.
    let at = 0;
    for (let j = 0; j < columns.length; j++) {
      const k = columns[j] as number;
      const part = rec.escaped[k] === 1 ? Buffer.from(fieldText(rec, k), 'utf8') : rec.buf;
      const start = rec.escaped[k] === 1 ? 0 : (rec.starts[k] as number);
      const end = rec.escaped[k] === 1 ? part.length : (rec.ends[k] as number);
      const need = at + (end - start) + this.separator.length;
      if (need > this.scratch.length) this.scratch = grow(this.scratch, at, need);
      if (j > 0) at += this.separator.copy(this.scratch, at);
      at += part.copy(this.scratch, at, start, end);
    }
    this.keyBuf = this.scratch;
    this.keyStart = 0;
    this.keyEnd = at;
  }

  idText(columns: readonly number[]): string {
    return columns.map((k) => this.text(k)).join(this.separatorText);
  }

  startIds(capacity: number, columns: readonly number[]): void {
    this.idParts = columns.length;
    this.idStarts = new Int32Array(capacity * columns.length);
    this.idEnds = new Int32Array(capacity * columns.length);
    this.idEscaped = new Uint8Array(capacity * columns.length);
  }

  keepId(row: number, columns: readonly number[]): void {
    const rec = this.rec as CsvRecord;
    for (let j = 0; j < columns.length; j++) {
      const k = columns[j] as number;
      const p = row * this.idParts + j;
      this.idStarts[p] = rec.starts[k] as number;
      this.idEnds[p] = rec.ends[k] as number;
      this.idEscaped[p] = rec.escaped[k] as number;
    }
  }

  sealIds(): IdSource {
    const rec = this.rec as CsvRecord;
    return new ByteIds(rec.buf, this.idParts, this.idStarts, this.idEnds, this.idEscaped, this.separatorText);
  }
}

/** NDJSON cells: values of the row's object, looked up by column name. */
export class JsonCells implements Cells {
  status: number = CELL.ok;
  row: Record<string, unknown> = {};
  keyBuf: Uint8Array = new Uint8Array(0);
  keyStart = 0;
  keyEnd = 0;
  private scratch: Buffer = Buffer.allocUnsafe(256);
  private texts: string[] = [];

  constructor(
    private readonly header: readonly string[],
    private readonly missing: ReadonlySet<string>,
    private readonly separator: string,
  ) {}

  text(k: number): string {
    const value = this.row[this.header[k] as string];
    if (value === undefined || value === null) return '';
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  number(k: number): number {
    const value = this.row[this.header[k] as string];
    if (typeof value === 'number') {
      this.status = CELL.ok;
      return value;
    }
    if (value === undefined || value === null) {
      this.status = CELL.missing;
      return Number.NaN;
    }
    if (typeof value === 'string') return parseCellText(this, value, this.missing);
    this.status = CELL.invalid;
    return Number.NaN;
  }

  isMissingKey(k: number): boolean {
    const trimmed = this.text(k).trim();
    return trimmed === '' || this.missing.has(trimmed);
  }

  levelCode(k: number, dictionary: LevelDictionary): number {
    return dictionary.code(this.text(k));
  }

  idKey(columns: readonly number[]): void {
    const id = this.idText(columns);
    const need = Buffer.byteLength(id, 'utf8');
    if (need > this.scratch.length)
      this.scratch = Buffer.allocUnsafe(Math.max(need, this.scratch.length * 2));
    this.keyBuf = this.scratch;
    this.keyStart = 0;
    this.keyEnd = this.scratch.write(id, 0, 'utf8');
  }

  idText(columns: readonly number[]): string {
    return columns.map((k) => this.text(k)).join(this.separator);
  }

  startIds(): void {
    this.texts = [];
  }

  keepId(row: number, columns: readonly number[]): void {
    this.texts[row] = this.idText(columns);
  }

  sealIds(): IdSource {
    return new StringIds(this.texts);
  }
}

function grow(buf: Buffer, keep: number, need: number): Buffer {
  const next = Buffer.allocUnsafe(Math.max(need, buf.length * 2));
  buf.copy(next, 0, 0, keep);
  return next;
}
