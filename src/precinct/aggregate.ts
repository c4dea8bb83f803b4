/**
 * What one streaming pass over a precinct table keeps: totals at every level of the hierarchy, and the few
 * per-unit columns the statistical screens need, as compact typed arrays (not row objects).
 */
import type { PrecinctTable } from '../schema/dataset.js';
import { COUNT_FIELDS, type CountField, type Mapping } from '../schema/mapping.js';
import type { Unit } from './read.js';

/** Summed protocol figures of a set of units: each count over the units that have it, with how many lack it. */
export interface Totals {
  units: number;
  counts: Record<CountField, number>;
  /** Units that lacked each mapped count (their count is then not summed); 0 for counts the mapping lacks. */
  missingCounts: Record<CountField, number>;
  votes: number[];
  missingVotes: number[];
  /** Lines of the first units, for locating a level in the file. */
  firstLine: number;
}

/** One node of the hierarchy: the table itself (depth 0) or a region, district ... (depth 1, 2, ...). */
export interface LevelNode {
  depth: number;
  /** The level's name from the mapping ("region"); "total" for the table. */
  level: string;
  /** The names on the path from the top, e.g. ["Tirana", "Kashar"]. */
  path: string[];
  totals: Totals;
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

function emptyTotals(candidates: number, firstLine: number): Totals {
  const zero = () => Object.fromEntries(COUNT_FIELDS.map((f) => [f, 0])) as Record<CountField, number>;
  return {
    units: 0,
    counts: zero(),
    missingCounts: zero(),
    votes: new Array(candidates).fill(0),
    missingVotes: new Array(candidates).fill(0),
    firstLine,
  };
}

/** A growable column of 32-bit integers; -1 marks a missing value (counts are never negative once valid). */
export class IntColumn {
  data = new Int32Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = Number.isInteger(x) && x >= 0 && x <= 0x7fffffff ? x : -1;
  }
  /** The stored values, without the spare capacity. */
  values(): Int32Array {
    return this.data.subarray(0, this.length);
  }
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
}

/** Accumulates one table's units. */
export class TableAggregate {
  readonly levels = new Map<string, LevelNode>();
  readonly total: LevelNode;
  readonly columns: UnitColumns;
  private readonly regionCodes = new Map<string, number>();
  private readonly mapped: Record<CountField, boolean>;

  constructor(readonly table: TableInfo) {
    const n = table.candidates.length;
    this.mapped = Object.fromEntries(
      COUNT_FIELDS.map((f) => [f, table.mapping.counts[f] !== undefined]),
    ) as Record<CountField, boolean>;
    this.total = { depth: 0, level: 'total', path: [], totals: emptyTotals(n, 0) };
    this.columns = {
      registered: new IntColumn(),
      cast: new IntColumn(),
      votes: table.candidates.map(() => new IntColumn()),
      region: new IntColumn(),
      regions: [],
    };
  }

  /** Adds a unit to the totals of the table and of every level above it, and to the columns. */
  add(unit: Unit): void {
    addTo(this.total.totals, unit, this.mapped);
    let key = '';
    unit.levels.forEach((name, depth) => {
      key += `\u0000${name}`;
      let node = this.levels.get(key);
      if (!node) {
        node = {
          depth: depth + 1,
          level: this.table.mapping.levels[depth]?.name ?? `level${depth + 1}`,
          path: unit.levels.slice(0, depth + 1),
          totals: emptyTotals(this.table.candidates.length, unit.line),
        };
        this.levels.set(key, node);
      }
      addTo(node.totals, unit, this.mapped);
    });
    const c = this.columns;
    c.registered.push(unit.counts.registered ?? Number.NaN);
    c.cast.push(unit.counts.cast ?? Number.NaN);
    unit.votes.forEach((v, i) => c.votes[i]?.push(v));
    const region = unit.levels[0];
    if (region === undefined) c.region.push(-1);
    else {
      let code = this.regionCodes.get(region);
      if (code === undefined) {
        code = c.regions.length;
        c.regions.push(region);
        this.regionCodes.set(region, code);
      }
      c.region.push(code);
    }
  }

  /** Every level node, the table first, then by depth and name. */
  nodes(): LevelNode[] {
    const rest = [...this.levels.values()].sort(
      (a, b) => a.depth - b.depth || a.path.join('\u0000').localeCompare(b.path.join('\u0000')),
    );
    return [this.total, ...rest];
  }
}

function addTo(t: Totals, unit: Unit, mapped: Record<CountField, boolean>): void {
  t.units += 1;
  if (t.firstLine === 0) t.firstLine = unit.line;
  for (const f of COUNT_FIELDS) {
    // A count the mapping has no column for is absent from every unit, not missing from any.
    if (!mapped[f]) continue;
    const v = unit.counts[f];
    if (v === undefined || Number.isNaN(v)) t.missingCounts[f] += 1;
    else t.counts[f] = (t.counts[f] ?? 0) + v;
  }
  unit.votes.forEach((v, i) => {
    if (Number.isNaN(v)) t.missingVotes[i] = (t.missingVotes[i] ?? 0) + 1;
    else t.votes[i] = (t.votes[i] ?? 0) + v;
  });
}
