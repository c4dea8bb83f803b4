/** Units stored by column (typed arrays, level codes, ids decoded on demand): a row-object-free batch. */
import type { Buffer } from 'node:buffer';
import { COUNT_FIELDS, type CountField } from '../schema/count-fields.js';
import { Arena, type BufferSource, freshBuffers } from './buffers.js';

// Why columns: at a million rows, building an object, a counts object, a votes array and an id string per
// row spent more time in the garbage collector than in parsing. A batch holds the same data in a dozen
// typed arrays, a level as an integer code into a shared dictionary, and each id as byte offsets into the
// chunk it came from, decoded only when asked (for the few units a finding names).

/** The counts a unit's protocol records; undefined where the mapping has no column or the cell is missing. */
export type UnitCounts = Record<CountField, number | undefined>;

/** One polling station (or other reporting unit) as read from a precinct table. */
export interface Unit {
  /** 1-based line of the row in the file (where the row starts, for rows spanning lines). */
  line: number;
  /** The unit id; parts of a composite id joined with the mapping's separator. */
  id: string;
  /** Names of the levels above the unit, in the mapping's order (outermost first). */
  levels: string[];
  counts: UnitCounts;
  /** Votes per candidate in the mapping's order; NaN where the cell is missing. */
  votes: number[];
  /** Independent counts per candidate in the same order; NaN where none is mapped or the cell is missing. */
  independent?: number[];
  /** Line of the first unit with the same id, when this one repeats it. */
  duplicateOf?: number;
}

/** Distinct names met at one level, each with a stable integer code (its index). */
export class LevelDictionary {
  /** Code -> name. */
  readonly names: string[] = [];
  private readonly codes = new Map<string, number>();
  /** The code of a name, adding it when new. */
  code(name: string): number {
    let code = this.codes.get(name);
    if (code === undefined) {
      code = this.names.length;
      this.names.push(name);
      this.codes.set(name, code);
    }
    return code;
  }
}

/** How a batch decodes ids: from byte ranges of the chunk (CSV) or from stored strings (NDJSON). */
export interface IdSource {
  /** Id of row `i`, joining its parts with the separator. */
  id(i: number): string;
}

/** The arrays of a sealed batch, each cut to its rows; counts in COUNT_FIELDS order, undefined where unmapped. */
export interface SealedColumns {
  size: number;
  lines: Uint32Array;
  countList: (Float64Array | undefined)[];
  votes: Float64Array;
  independent: Float64Array | undefined;
  levels: Int32Array[];
  duplicateOf: Float64Array;
  ids: IdSource;
  plain: boolean;
}

const NO_COUNTS = Object.fromEntries(COUNT_FIELDS.map((f) => [f, -1])) as Record<CountField, number>;

/**
 * Up to `capacity` units by column, all from one chunk of the file. Arrays are cut to `size` when the batch
 * is sealed; NaN marks a missing count or vote, and a count the mapping lacks is undefined. A batch keeps
 * its chunk's bytes (a few hundred KiB) alive for its ids: keep `unit(i)` or `id(i)`, not the batch.
 */
export class UnitBatch {
  size = 0;
  lines: Uint32Array;
  counts: Record<CountField, Float64Array | undefined>;
  /** The same arrays in COUNT_FIELDS order, for loops. */
  countList: (Float64Array | undefined)[];
  /** Row-major: the votes of row i are at [i * candidates, (i + 1) * candidates). */
  votes: Float64Array;
  independent: Float64Array | undefined;
  /** Per level, the code of each row's name in `dictionaries[level].names`. */
  levels: Int32Array[];
  /** The line of the first unit with the same id, or 0. */
  duplicateOf: Float64Array;
  ids: IdSource | undefined;
  /**
   * True when every row's counts and votes (and mapped independent counts) were read as plain digits: whole,
   * not negative, none missing (the CSV reader's fast path, CsvRows); row facts may then skip those checks.
   * False when unknown.
   */
  plain = false;

  constructor(
    readonly capacity: number,
    readonly candidates: number,
    countColumns: Record<CountField, number>,
    hasIndependent: boolean,
    readonly dictionaries: readonly LevelDictionary[],
    /** Sealed columns filled elsewhere, used as they are (see `UnitBatch.of`); the counts above are ignored. */
    sealed?: SealedColumns,
    /** Where the arrays' buffer comes from (see buffers.ts). */
    buffers: BufferSource = freshBuffers,
  ) {
    if (sealed) {
      const counts = {} as Record<CountField, Float64Array | undefined>;
      COUNT_FIELDS.forEach((f, j) => {
        counts[f] = sealed.countList[j];
      });
      this.size = sealed.size;
      this.lines = sealed.lines;
      this.counts = counts;
      this.countList = COUNT_FIELDS.map((f) => counts[f]);
      this.votes = sealed.votes;
      this.independent = sealed.independent;
      this.levels = sealed.levels;
      this.duplicateOf = sealed.duplicateOf;
      this.ids = sealed.ids;
      this.plain = sealed.plain;
      return;
    }
    // All arrays in one buffer, 8-byte elements first. A reused buffer holds old data: every array slot of a
    // row is written when the row is added, and seal() cuts the arrays to the rows added.
    const mapped = COUNT_FIELDS.filter((f) => countColumns[f] >= 0).length;
    const doubles = capacity * (mapped + candidates * (hasIndependent ? 2 : 1) + 1);
    const arena = new Arena(buffers.take(8 * doubles + 4 * capacity * (1 + dictionaries.length)));
    const counts = {} as Record<CountField, Float64Array | undefined>;
    for (const f of COUNT_FIELDS) counts[f] = countColumns[f] < 0 ? undefined : arena.float64(capacity);
    this.counts = counts;
    this.countList = COUNT_FIELDS.map((f) => counts[f]);
    this.votes = arena.float64(capacity * candidates);
    this.independent = hasIndependent ? arena.float64(capacity * candidates) : undefined;
    this.duplicateOf = arena.float64(capacity);
    this.lines = arena.uint32(capacity);
    this.levels = dictionaries.map(() => arena.int32(capacity));
  }

  /**
   * A sealed batch over columns filled elsewhere (a batch the reader's worker thread sent): the arrays are
   * adopted, nothing is allocated or copied. Same fields, in the same order, as a batch built here.
   */
  static of(
    capacity: number,
    candidates: number,
    sealed: SealedColumns,
    dictionaries: readonly LevelDictionary[],
  ): UnitBatch {
    return new UnitBatch(capacity, candidates, NO_COUNTS, false, dictionaries, sealed);
  }

  /** Cuts every array to the rows filled. */
  seal(ids: IdSource): void {
    const n = this.size;
    const k = this.candidates;
    this.ids = ids;
    this.lines = this.lines.subarray(0, n);
    for (const f of COUNT_FIELDS) this.counts[f] = this.counts[f]?.subarray(0, n);
    this.countList = COUNT_FIELDS.map((f) => this.counts[f]);
    this.votes = this.votes.subarray(0, n * k);
    this.independent = this.independent?.subarray(0, n * k);
    this.levels = this.levels.map((codes) => codes.subarray(0, n));
    this.duplicateOf = this.duplicateOf.subarray(0, n);
  }

  /** The id of row i. */
  id(i: number): string {
    return (this.ids as IdSource).id(i);
  }

  /** The name of row i at level l. */
  level(l: number, i: number): string {
    return (this.dictionaries[l] as LevelDictionary).names[
      (this.levels[l] as Int32Array)[i] as number
    ] as string;
  }

  /** Row i as a self-contained object. */
  unit(i: number): Unit {
    const k = this.candidates;
    const c = this.counts;
    const votes: number[] = new Array(k);
    for (let j = 0; j < k; j++) votes[j] = this.votes[i * k + j] as number;
    const levels: string[] = new Array(this.levels.length);
    for (let l = 0; l < levels.length; l++) levels[l] = this.level(l, i);
    const unit: Unit = {
      line: this.lines[i] as number,
      id: this.id(i),
      levels,
      counts: {
        registered: present(c.registered, i),
        issued: present(c.issued, i),
        cast: present(c.cast, i),
        valid: present(c.valid, i),
        invalid: present(c.invalid, i),
      },
      votes,
    };
    const independent = this.independent;
    if (independent) {
      const values: number[] = new Array(k);
      for (let j = 0; j < k; j++) values[j] = independent[i * k + j] as number;
      unit.independent = values;
    }
    const first = this.duplicateOf[i] as number;
    if (first !== 0) unit.duplicateOf = first;
    return unit;
  }
}

function present(column: Float64Array | undefined, i: number): number | undefined {
  const v = column?.[i];
  return v === undefined || Number.isNaN(v) ? undefined : v;
}

/** Ids as byte ranges of one chunk: `parts` ranges per row, joined with the separator when decoded. */
export class ByteIds implements IdSource {
  constructor(
    readonly buf: Buffer,
    readonly parts: number,
    readonly starts: Int32Array,
    readonly ends: Int32Array,
    readonly escaped: Uint8Array,
    readonly separator: string,
  ) {}
  id(i: number): string {
    let text = '';
    for (let j = 0; j < this.parts; j++) {
      const p = i * this.parts + j;
      let part = this.buf.toString('utf8', this.starts[p] as number, this.ends[p] as number);
      if (this.escaped[p] === 1) part = part.replaceAll('""', '"');
      text = j === 0 ? part : text + this.separator + part;
    }
    return text;
  }
}

/** Ids held as strings (NDJSON rows, where the values are strings already). */
export class StringIds implements IdSource {
  constructor(readonly texts: string[]) {}
  id(i: number): string {
    return this.texts[i] as string;
  }
}
