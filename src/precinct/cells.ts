/** Cell access for the two table formats: CSV bytes (digits parsed in place) and NDJSON objects. */
import { Buffer } from 'node:buffer';
import { COUNT_FIELDS } from '../schema/count-fields.js';
import { ByteIds, type IdSource, type LevelDictionary, StringIds, type UnitBatch } from './batch.js';
import { Arena, type BufferSource, freshBuffers } from './buffers.js';
import { type CsvRecord, fieldText, MALFORMED } from './csv.js';
import { IdIndex } from './id-index.js';
import { IdKeyScratch } from './id-key.js';
import { duplicateId } from './problems.js';
import { CELL, type Cells, parseCellText, report, type UnitContext } from './unit.js';

/** Whether a missing-value marker is made of digits only ("999"): then no cell may be read as digits before
 * it is compared with the markers. */
export function hasDigitMarker(missing: ReadonlySet<string>): boolean {
  return [...missing].some((m) => /^[0-9]+$/.test(m));
}

/** Longest cell whose bytes are kept to recognise a repeat of the previous row's text. */
const CACHED_BYTES = 64;

/** Cells of a CSV record: plain digits and ids never become strings, repeated level names are looked up once. */
export class CsvCells implements Cells {
  status: number = CELL.ok;
  rec: CsvRecord | undefined;
  keyBuf: Uint8Array = new Uint8Array(0);
  keyStart = 0;
  keyEnd = 0;
  private readonly keys = new IdKeyScratch();
  private readonly separator: Buffer;
  private readonly longestMissing: number;
  /** Whether a missing-value marker is made of digits (hasDigitMarker): then no cell is read as digits first. */
  private readonly digitMarker: boolean;
  // Levels repeat row after row in a table sorted by region: keep each column's last bytes and level code.
  private readonly lastBytes: Buffer[];
  private readonly lastLength: Int32Array;
  private readonly lastCode: Int32Array;
  private idStarts: Int32Array = new Int32Array(0);
  private idEnds: Int32Array = new Int32Array(0);
  private idEscaped: Uint8Array = new Uint8Array(0);
  private idParts = 1;

  constructor(
    width: number,
    private readonly missing: ReadonlySet<string>,
    private readonly separatorText: string,
    /** Where the ids' offsets are kept (see buffers.ts). */
    private readonly buffers: BufferSource = freshBuffers,
    /** Counts with their thousands grouped, as the mapping declares them (groupedNumber), or null. */
    private readonly grouped: RegExp | null = null,
  ) {
    this.separator = Buffer.from(separatorText, 'utf8');
    this.digitMarker = hasDigitMarker(missing);
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
    if (rec.parsed[k] === 1) {
      this.status = CELL.ok;
      return rec.values[k] as number;
    }
    const buf = rec.buf;
    let i = rec.starts[k] as number;
    const end = rec.ends[k] as number;
    // Up to 15 digits fit a double exactly; anything else (sign, point, spaces, NA) takes the slow path, as
    // do all cells when a missing-value marker is made of digits ("999"), which the slow path honours.
    if (end > i && end - i < 16 && !this.digitMarker) {
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
    return parseCellText(this, this.text(k), this.missing, this.grouped);
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
    this.keyEnd = this.keys.parts(rec, columns.length, columns, 0, this.separator);
    this.keyBuf = this.keys.buf;
    this.keyStart = 0;
  }

  idText(columns: readonly number[]): string {
    return columns.map((k) => this.text(k)).join(this.separatorText);
  }

  startIds(capacity: number, columns: readonly number[]): void {
    this.idParts = columns.length;
    const m = capacity * columns.length;
    // One buffer for the three (a reused one holds old data: keepId writes every slot of a row it keeps).
    const arena = new Arena(this.buffers.take(9 * m));
    this.idStarts = arena.int32(m);
    this.idEnds = arena.int32(m);
    this.idEscaped = arena.uint8(m);
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

/**
 * The CSV reader's fast path and its id check. A record the scanner read plainly (every mapped number 1 to
 * 15 digits, parsed as it passed them; no quotes), as wide as the header, with no id part or level missing,
 * goes straight into the batch: the values, level codes, id check and counters UnitBuilder.build would give
 * it, without its per-cell calls and status checks. Any other record goes to the builder. Ids are checked
 * here on both paths, against one index per table: the builder's context has checkIds off.
 */
export class CsvRows {
  private readonly ids = new IdIndex();
  /** Id columns, then level columns: a record with any of them missing goes to the builder. */
  private readonly keys: Int32Array;
  private readonly levels: Int32Array;
  /** Column of each count in COUNT_FIELDS order, -1 where unmapped. */
  private readonly counts: Int32Array;
  private readonly votes: Int32Array;
  private readonly independent: Int32Array;
  /** How many columns the scanner parses (`numericColumns`): all of them must be plain digits. */
  private readonly numbers: number;
  /**
   * Whether a row `write` adds has every count, vote and mapped independent count as plain digits (see
   * UnitBatch.plain): whenever the scanner parses numbers, as every one of those columns is then parsed.
   */
  readonly plain: boolean;

  constructor(
    private readonly ctx: UnitContext,
    private readonly cells: CsvCells,
    private readonly dictionaries: readonly LevelDictionary[],
    numeric: Uint8Array,
  ) {
    const { plan } = ctx;
    this.keys = Int32Array.from([...plan.id, ...plan.levels]);
    this.levels = Int32Array.from(plan.levels);
    this.counts = Int32Array.from(COUNT_FIELDS.map((f) => plan.counts[f]));
    this.votes = Int32Array.from(plan.votes);
    this.independent = Int32Array.from(plan.independent);
    this.numbers = numeric.reduce((sum, n) => sum + n, 0);
    this.plain = this.numbers > 0 && plan.votes.every((k) => k >= 0 && numeric[k] === 1);
  }

  /**
   * The columns whose digits the scanner parses: every count, vote and independent count mapped; none when a
   * missing-value marker is made of digits (then every record goes to the builder, which compares cells with
   * the markers first).
   */
  static numericColumns(ctx: UnitContext): Uint8Array {
    const { plan } = ctx;
    const numeric = new Uint8Array(plan.header.length);
    if (hasDigitMarker(ctx.missing)) return numeric;
    for (const k of [...Object.values(plan.counts), ...plan.votes, ...plan.independent])
      if (k >= 0) numeric[k] = 1;
    return numeric;
  }

  /** Adds the record as the batch's next row, as the builder would; false, with nothing changed, when it cannot. */
  write(rec: CsvRecord, batch: UnitBatch): boolean {
    if (
      this.numbers === 0 ||
      rec.parsedCount !== this.numbers ||
      rec.count !== this.ctx.plan.header.length ||
      rec.malformed !== MALFORMED.none
    )
      return false;
    const cells = this.cells;
    cells.rec = rec;
    const keys = this.keys;
    for (let j = 0; j < keys.length; j++) if (cells.isMissingKey(keys[j] as number)) return false;
    const row = batch.size;
    const levels = this.levels;
    for (let l = 0; l < levels.length; l++) {
      (batch.levels[l] as Int32Array)[row] = cells.levelCode(
        levels[l] as number,
        this.dictionaries[l] as LevelDictionary,
      );
    }
    const values = rec.values;
    const counts = this.counts;
    for (let f = 0; f < counts.length; f++) {
      const k = counts[f] as number;
      if (k >= 0) (batch.countList[f] as Float64Array)[row] = values[k] as number;
    }
    const votes = this.votes;
    const n = votes.length;
    for (let c = 0; c < n; c++) batch.votes[row * n + c] = values[votes[c] as number] as number;
    const independent = batch.independent;
    if (independent) {
      for (let c = 0; c < n; c++) {
        const k = this.independent[c] as number;
        independent[row * n + c] = k < 0 ? Number.NaN : (values[k] as number);
      }
    }
    this.checkId(batch, row, rec.line);
    const plan = this.ctx.plan;
    cells.keepId(row, plan.id);
    batch.lines[row] = rec.line;
    batch.size++;
    this.ctx.stats.rowsUsed++;
    return true;
  }

  /** Flags row `row` of the batch (whose record `cells` holds) when an earlier row had its id. */
  checkId(batch: UnitBatch, row: number, line: number): void {
    const { ctx, cells } = this;
    let first = 0;
    if (ctx.checkIds) {
      cells.idKey(ctx.plan.id);
      first = this.ids.add(cells.keyBuf, cells.keyStart, cells.keyEnd, line);
    }
    batch.duplicateOf[row] = first;
    if (first !== 0) {
      ctx.stats.duplicateIds++;
      report(ctx, duplicateId(ctx.file, line, cells.idText(ctx.plan.id), first));
    }
  }
}

/** NDJSON cells: values of the row's object, looked up by column name. */
export class JsonCells implements Cells {
  status: number = CELL.ok;
  row: Record<string, unknown> = {};
  keyBuf: Uint8Array = new Uint8Array(0);
  keyStart = 0;
  keyEnd = 0;
  private readonly keys = new IdKeyScratch();
  private texts: string[] = [];

  constructor(
    private readonly header: readonly string[],
    private readonly missing: ReadonlySet<string>,
    private readonly separator: string,
    /** As CsvCells' (a count may come as text, "1,234"). */
    private readonly grouped: RegExp | null = null,
  ) {}

  /** The row's own value for column k: an inherited one (`constructor`, `__proto__`) is no cell. */
  private cell(k: number): unknown {
    const name = this.header[k] as string;
    return Object.hasOwn(this.row, name) ? this.row[name] : undefined;
  }

  text(k: number): string {
    const value = this.cell(k);
    if (value === undefined || value === null) return '';
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  number(k: number): number {
    const value = this.cell(k);
    if (typeof value === 'number') {
      this.status = CELL.ok;
      return value;
    }
    if (value === undefined || value === null) {
      this.status = CELL.missing;
      return Number.NaN;
    }
    if (typeof value === 'string') return parseCellText(this, value, this.missing, this.grouped);
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
    this.keyEnd = this.keys.text(this.idText(columns));
    this.keyBuf = this.keys.buf;
    this.keyStart = 0;
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
