/**
 * What one streaming pass over a precinct table keeps: totals at every level of the hierarchy, and the few
 * per-unit columns the statistical screens need, as compact typed arrays (not row objects).
 */
import { compareText } from '../order.js';
import type { PrecinctTable } from '../schema/dataset.js';
import { COUNT_FIELDS, type CountField, type Mapping } from '../schema/mapping.js';
import type { LevelDictionary, UnitBatch } from './batch.js';
import type { ReadStats } from './problems.js';
import type { Unit } from './read.js';
import { SpillFile } from './spill.js';
import { addRowsToChain, addTo, emptyTotals, IntColumn, type Totals } from './totals.js';

export { IntColumn, type Totals } from './totals.js';

/** One node of the hierarchy: the table itself (depth 0) or a region, district ... (depth 1, 2, ...). */
export interface LevelNode {
  depth: number;
  /** The level's name from the mapping ("region"); "total" for the table. */
  level: string;
  /** The names on the path from the top, e.g. ["Tirana", "Kashar"]. */
  path: string[];
  totals: Totals;
  /**
   * The unit with the largest key count of the node so far (see TableAggregate's key; the last of equals), once
   * a unit has one. A totals or subtotal row is the largest unit of the units it sums, so comparing this one
   * unit with the node's totals at the end tells whether the node holds such a row (facts/precinct-table.ts).
   */
  largest?: LargestUnit;
}

/** A unit as LevelNode.largest keeps it: where it is, and its figures. */
export interface LargestUnit {
  /** Its key count (see TableAggregate's key). */
  key: number;
  line: number;
  id: string;
  /** Its counts in COUNT_FIELDS order, then its votes in the mapping's order; NaN where missing or unmapped. */
  values: Float64Array;
}

/** The table as the facts see it: its dataset entry, mapping, candidates and the release it rolls up to. */
export interface TableInfo {
  index: number;
  entry: PrecinctTable;
  file: string;
  mappingFile: string;
  mapping: Mapping;
  /** Candidate ids in the mapping's order. */
  candidates: string[];
}

/** Per-unit columns for the statistical screens. */
export interface UnitColumns {
  registered: IntColumn;
  cast: IntColumn;
  /** Votes of each candidate, in the mapping's order. */
  votes: IntColumn[];
  /** Code of the unit's top-level region (index into regions), or -1 without levels. */
  region: IntColumn;
  regions: string[];
  /** Sum of the candidates' votes (the leader's-share denominator), -1 when any candidate's votes are missing. */
  voteSum: IntColumn;
}

/** What a table pass keeps besides the totals. */
export interface AggregateOptions {
  /**
   * Keep the per-unit columns (default true). Only the statistical screens read them, and they are the part
   * of the aggregate that grows with the table (about 24 bytes a unit with 7 candidates).
   */
  columns?: boolean;
  /**
   * Units whose columns stay in memory (default {@link residentUnits}); the chunks past them are written to a
   * temporary file as they fill (see spill.ts), so that memory stays flat however long the table.
   */
  residentUnits?: number;
}

/**
 * Bytes of per-unit counts a table keeps in memory, the rest going to a temporary file: 24 MiB, a national
 * table's worth (2^20 units with 8 candidates), so that only larger tables pay for the file. At 1M rows with 7
 * candidates, writing and reading back the 10 MB past 11 MiB (the budget before) took about 0.1 s of CPU.
 */
export const RESIDENT_BYTES = 24 * 1024 * 1024;

/**
 * Units whose columns a table of `candidates` candidates keeps in memory before it writes the rest to a
 * temporary file: as many as RESIDENT_BYTES hold at 2 bytes a count (the candidates' votes, registered voters,
 * ballots cast, the region and the vote sum), 1,143,901 with 7 candidates, 179,755 with 66; or the environment
 * variable TALLYCHECK_RESIDENT_UNITS (a whole number; 0 writes every full chunk out).
 */
export function residentUnits(candidates: number, env: NodeJS.ProcessEnv = process.env): number {
  const given = env.TALLYCHECK_RESIDENT_UNITS;
  if (given !== undefined && /^\d+$/.test(given)) return Number(given);
  return Math.floor(RESIDENT_BYTES / (2 * (candidates + 4)));
}

/** The first row from `from` (before `to`) whose level codes differ from `codes`, or `to`. */
function runEnd(levels: readonly Int32Array[], codes: Int32Array, from: number, to: number): number {
  const depth = codes.length;
  for (let i = from; i < to; i++) {
    for (let l = 0; l < depth; l++) if ((levels[l] as Int32Array)[i] !== codes[l]) return i;
  }
  return to;
}

/**
 * The last row from `from` (before `to`) with the largest key, the keys read at `row * step`; -1 when every key
 * is missing (NaN). One compare a row, in a function of its own (see addBatch on V8 and loops).
 */
function largestOfRun(keys: Float64Array, from: number, to: number, step: number): number {
  let best = -1;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = from, at = from * step; i < to; i++, at += step) {
    const v = keys[at] as number;
    if (v >= max) {
      max = v;
      best = i;
    }
  }
  return best;
}

/**
 * The sum of `count` vote counts from `votes[from]`, or NaN when any is not a count a column keeps (a whole
 * number from 0 to 2^31 - 1; missing is NaN): the vote-sum column's cell, -1 once stored.
 */
function voteSum(votes: ArrayLike<number>, from: number, count: number): number {
  let sum = 0;
  for (let j = from; j < from + count; j++) {
    const v = votes[j] as number;
    if (!(Number.isInteger(v) && v >= 0 && v <= 0x7fffffff)) return Number.NaN;
    sum += v;
  }
  return sum;
}

/** Accumulates one table's units. */
export class TableAggregate {
  readonly levels = new Map<string, LevelNode>();
  readonly total: LevelNode;
  readonly columns: UnitColumns;
  private readonly regionCodes = new Map<string, number>();
  private readonly mapped: Record<CountField, boolean>;
  // addBatch's caches, valid for one set of level dictionaries (one read of the table): the child of a node
  // by level code, the region code of a top-level code, and the chain of nodes of the last row.
  private dictionaries: readonly LevelDictionary[] | undefined;
  private children = new Map<LevelNode, Map<number, LevelNode>>();
  private regionOfCode: number[] = [];
  private lastCodes = new Int32Array(0);
  private lastChain: Totals[] = [];
  private lastNodes: LevelNode[] = [];
  /**
   * The count the largest unit of a node is found by: the first mapped one in COUNT_FIELDS order (registered
   * voters when mapped, which every station has), as its index; -1 for the first candidate's votes.
   */
  private readonly key: number;

  /** Whether the per-unit columns are kept (see AggregateOptions); empty when not. */
  readonly keepsColumns: boolean;

  /** What the reader counted (rows read, used, left out, and the first problems), once the pass is done. */
  read: ReadStats | undefined;

  /** Units kept in memory before full chunks are written out, and the file they go to. */
  private readonly resident: number;
  private spillFile: SpillFile | undefined;
  /** Full chunks looked at for writing out, and the units they hold. */
  private chunksSeen = 0;
  private unitsSeen = 0;
  /** Scratch for a batch: its rows' region codes, then their vote sums (addColumns). */
  private sums = new Float64Array(0);

  constructor(
    readonly table: TableInfo,
    options: AggregateOptions = {},
  ) {
    this.keepsColumns = options.columns ?? true;
    this.resident = options.residentUnits ?? residentUnits(table.candidates.length);
    const n = table.candidates.length;
    this.mapped = Object.fromEntries(
      COUNT_FIELDS.map((f) => [f, table.mapping.counts[f] !== undefined]),
    ) as Record<CountField, boolean>;
    this.key = COUNT_FIELDS.findIndex((f) => this.mapped[f]);
    this.total = { depth: 0, level: 'total', path: [], totals: emptyTotals(n, 0) };
    // Shared when kept: the screens may read them on another thread (facts/screen-thread.ts).
    const column = () => new IntColumn(undefined, this.keepsColumns);
    this.columns = {
      registered: column(),
      cast: column(),
      votes: table.candidates.map(column),
      region: column(),
      regions: [],
      voteSum: column(),
    };
  }

  /** Adds a unit to the totals of the table and of every level above it, and to the columns. */
  add(unit: Unit): void {
    addTo(this.total.totals, unit, this.mapped);
    const value =
      (this.key >= 0 ? unit.counts[COUNT_FIELDS[this.key] as CountField] : unit.votes[0]) ?? Number.NaN;
    if (value >= (this.total.largest?.key ?? Number.NEGATIVE_INFINITY))
      this.keepUnit(this.total, unit, value);
    let key = '';
    unit.levels.forEach((name, depth) => {
      key += `\u0000${name}`;
      const node = this.node(key, unit.levels, depth, unit.line);
      addTo(node.totals, unit, this.mapped);
      if (value >= (node.largest?.key ?? Number.NEGATIVE_INFINITY)) this.keepUnit(node, unit, value);
    });
    if (!this.keepsColumns) return;
    const c = this.columns;
    c.registered.push(unit.counts.registered ?? Number.NaN);
    c.cast.push(unit.counts.cast ?? Number.NaN);
    unit.votes.forEach((v, i) => c.votes[i]?.push(v));
    const region = unit.levels[0];
    c.region.push(region === undefined ? -1 : this.regionCode(region));
    c.voteSum.push(voteSum(unit.votes, 0, unit.votes.length));
    this.spillFullChunks();
  }

  /** The columns, in a fixed order: registered, cast, each candidate's votes, region, vote sums. */
  private allColumns(): IntColumn[] {
    const c = this.columns;
    return [c.registered, c.cast, ...c.votes, c.region, c.voteSum];
  }

  /**
   * Writes out the full chunks that start past the units kept in memory, every column's at once (columns
   * filled in step have their chunks at the same places). When the file cannot be opened or written, the rest
   * stay in memory (spillFailure says why).
   */
  private spillFullChunks(): void {
    const first = this.columns.registered;
    while (this.chunksSeen < first.fullChunks) {
      const k = this.chunksSeen;
      if (this.unitsSeen >= this.resident) {
        if (this.spillFailure !== undefined) return;
        try {
          this.spillFile ??= SpillFile.open();
          for (const column of this.allColumns()) column.spill(k, this.spillFile);
        } catch (e) {
          // No file, or a write that failed (a full disk): this chunk and the later ones stay in memory (a chunk
          // is replaced by its place in the file only once written), and those written stay readable.
          this.spillFailure = e instanceof Error ? e.message : String(e);
          return;
        }
      }
      this.unitsSeen += first.chunkLength(k);
      this.chunksSeen++;
    }
  }

  /** Why the columns could not be written to a temporary file (from then on they stay in memory), if so. */
  spillFailure: string | undefined;

  /** Bytes of columns written to the temporary file so far (0 when none). */
  get spilledBytes(): number {
    return this.spillFile?.size ?? 0;
  }

  /**
   * Lets go of the columns' temporary file, once nothing will read the columns again (the audit's end): its
   * chunks can no longer be read. Without it, the file goes when the process ends.
   */
  release(): void {
    this.spillFile?.close();
  }

  /**
   * Adds every unit of a batch, as `add(batch.unit(i))` would for each i in order, with the same sums (each
   * node's figures are added row by row in file order), but reading the batch's columns: no object per row,
   * and the level nodes found by level code, looked up again only where a row's levels differ from the last.
   */
  addBatch(batch: UnitBatch): void {
    const n = batch.size;
    if (n === 0) return;
    if (batch.dictionaries !== this.dictionaries) {
      this.dictionaries = batch.dictionaries;
      this.children = new Map();
      this.regionOfCode = [];
      this.lastCodes = new Int32Array(batch.levels.length).fill(-1);
      this.lastChain = [];
      this.lastNodes = [];
    }
    // Rows with the same levels as the row before them form a run; a run is added to each node of its chain.
    // The loop over rows is runEnd's alone: this one goes round once a run (a few times a batch in a table
    // sorted by level), so V8 does not optimise it with chainOf inlined, to deoptimise it at each new node.
    const codes = this.lastCodes;
    let chain = this.lastChain;
    const keys = this.key >= 0 ? batch.countList[this.key] : batch.votes;
    const step = this.key >= 0 ? 1 : batch.candidates;
    for (let i = 0; i < n; ) {
      if (chain.length === 0 || runEnd(batch.levels, codes, i, i + 1) === i) {
        for (let l = 0; l < codes.length; l++) codes[l] = (batch.levels[l] as Int32Array)[i] as number;
        chain = this.chainOf(batch, i);
      }
      const end = runEnd(batch.levels, codes, i + 1, n);
      addRowsToChain(chain, batch, i, end, this.mapped);
      // The run's largest unit, a candidate for the largest of each node of its chain.
      const best = keys && step > 0 ? largestOfRun(keys, i, end, step) : -1;
      if (best >= 0) {
        const value = keys?.[best * step] as number;
        for (const node of this.lastNodes) {
          if (value >= (node.largest?.key ?? Number.NEGATIVE_INFINITY))
            this.keepRow(node, batch, best, value);
        }
      }
      i = end;
    }
    this.lastChain = chain;
    if (this.keepsColumns) this.addColumns(batch);
  }

  /** The totals of the table and of each level node of row i, outermost first. */
  private chainOf(batch: UnitBatch, i: number): Totals[] {
    const chain = [this.total.totals];
    const nodes = [this.total];
    let parent = this.total;
    let key = '';
    let names: string[] | undefined;
    for (let l = 0; l < batch.levels.length; l++) {
      const code = (batch.levels[l] as Int32Array)[i] as number;
      let byCode = this.children.get(parent);
      if (!byCode) {
        byCode = new Map();
        this.children.set(parent, byCode);
      }
      let node = byCode.get(code);
      if (!node) {
        names ??= batch.levels.map((_, m) => batch.level(m, i));
        key = `${parent.path.map((p) => `\u0000${p}`).join('')}\u0000${names[l]}`;
        node = this.node(key, names, l, batch.lines[i] as number);
        byCode.set(code, node);
      }
      chain.push(node.totals);
      nodes.push(node);
      parent = node;
    }
    this.lastChain = chain;
    this.lastNodes = nodes;
    return chain;
  }

  /** The node of the level path `key` (depth + 1 names of `names`), created when new. */
  private node(key: string, names: readonly string[], depth: number, line: number): LevelNode {
    let node = this.levels.get(key);
    if (!node) {
      node = {
        depth: depth + 1,
        level: this.table.mapping.levels[depth]?.name ?? `level${depth + 1}`,
        path: names.slice(0, depth + 1),
        totals: emptyTotals(this.table.candidates.length, line),
      };
      this.levels.set(key, node);
    }
    return node;
  }

  /** Keeps `unit` as the node's largest unit so far. */
  private keepUnit(node: LevelNode, unit: Unit, key: number): void {
    const values = this.largestOf(node, key, unit.line, unit.id);
    COUNT_FIELDS.forEach((f, j) => {
      values[j] = unit.counts[f] ?? Number.NaN;
    });
    unit.votes.forEach((v, j) => {
      values[COUNT_FIELDS.length + j] = v;
    });
  }

  /** Keeps row i of a batch as the node's largest unit so far (as keepUnit would keep `batch.unit(i)`). */
  private keepRow(node: LevelNode, batch: UnitBatch, i: number, key: number): void {
    const values = this.largestOf(node, key, batch.lines[i] as number, batch.id(i));
    const n = COUNT_FIELDS.length;
    for (let j = 0; j < n; j++) values[j] = batch.countList[j]?.[i] ?? Number.NaN;
    const k = batch.candidates;
    for (let j = 0; j < k; j++) values[n + j] = batch.votes[i * k + j] as number;
  }

  /** The node's largest unit set to key, line and id, its values to be written (an array kept per node). */
  private largestOf(node: LevelNode, key: number, line: number, id: string): Float64Array {
    const size = COUNT_FIELDS.length + this.table.candidates.length;
    const kept = node.largest;
    if (!kept) {
      node.largest = { key, line, id, values: new Float64Array(size).fill(Number.NaN) };
      return node.largest.values;
    }
    kept.key = key;
    kept.line = line;
    kept.id = id;
    return kept.values;
  }

  private regionCode(region: string): number {
    let code = this.regionCodes.get(region);
    if (code === undefined) {
      code = this.columns.regions.length;
      this.columns.regions.push(region);
      this.regionCodes.set(region, code);
    }
    return code;
  }

  /** The per-unit columns of a batch's rows. */
  private addColumns(batch: UnitBatch): void {
    const n = batch.size;
    const c = this.columns;
    const k = batch.candidates;
    const plain = batch.plain;
    const put = (column: IntColumn, source: Float64Array | undefined, start: number, step: number) => {
      if (!source) column.pushMissing(n);
      else if (plain) column.pushWhole(source, start, step, n);
      else column.pushStrided(source, start, step, n);
    };
    put(c.registered, batch.counts.registered, 0, 1);
    put(c.cast, batch.counts.cast, 0, 1);
    for (let j = 0; j < k; j++) put(c.votes[j] as IntColumn, batch.votes, j, k);
    // One scratch array for the batch: its rows' region codes, then their vote sums.
    if (this.sums.length < n) this.sums = new Float64Array(n);
    const sums = this.sums;
    const top = batch.levels[0];
    if (!top) c.region.pushMissing(n);
    else {
      for (let i = 0; i < n; i++) {
        const code = top[i] as number;
        let region = this.regionOfCode[code];
        if (region === undefined) {
          region = this.regionCode(batch.level(0, i));
          this.regionOfCode[code] = region;
        }
        sums[i] = region;
      }
      c.region.pushWhole(sums, 0, 1, n);
    }
    const votes = batch.votes;
    if (batch.plain) {
      // Every vote a whole number, none missing: no checks (a sum past 2^31 - 1 is still stored as missing).
      for (let i = 0, at = 0; i < n; i++) {
        let sum = 0;
        for (let j = 0; j < k; j++, at++) sum += votes[at] as number;
        sums[i] = sum;
      }
      c.voteSum.pushWhole(sums, 0, 1, n);
    } else {
      for (let i = 0; i < n; i++) sums[i] = voteSum(votes, i * k, k);
      c.voteSum.pushStrided(sums, 0, 1, n);
    }
    this.spillFullChunks();
  }

  /** Every level node, the table first, then by depth and name. */
  nodes(): LevelNode[] {
    const rest = [...this.levels.values()].sort(
      (a, b) => a.depth - b.depth || compareText(a.path.join('\u0000'), b.path.join('\u0000')),
    );
    return [this.total, ...rest];
  }
}
