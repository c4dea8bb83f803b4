/** Per-unit views of a precinct table for the screening facts: the leader, turnout and share, regions. */
import type { TableAggregate } from '../precinct/aggregate.js';
import type { IntArray } from '../precinct/totals.js';

/** A per-unit count column: 16-bit while every count fits, else 32-bit; -1 where missing. */
export type CountColumn = IntArray;

/**
 * The columns one screening test reads. The counts are the aggregate's own columns (views, not copies); the
 * derived arrays are computed on first use and kept. The screens themselves never ask for `turnout` or
 * `leaderShare` (they compute a group's values from the counts, see {@link fractionAt}): at a million
 * units the two would hold 16 MB for the whole audit.
 */
export interface ScreenData {
  units: number;
  /** Index (mapping order) of the candidate with the most votes in the whole table; null if nobody has votes. */
  leader: number | null;
  /** Each candidate's votes summed over the table, in mapping order. */
  candidateTotals: number[];
  /** Registered voters and ballots cast per unit; -1 where missing. */
  registered: CountColumn;
  cast: CountColumn;
  /** Votes per candidate; -1 where the cell was missing. */
  votes: CountColumn[];
  /** Sum of candidate votes per unit, -1 when any candidate's votes are missing (the leader's-share denominator). */
  readonly voteSum: Int32Array;
  /** Ballots cast / registered voters, NaN when either is missing, registered is 0 or the ratio exceeds 1. */
  readonly turnout: Float64Array;
  /** Leader's votes / sum of candidate votes, NaN when missing or the sum is 0. */
  readonly leaderShare: Float64Array;
  /** Top-level region code per unit (-1 without levels) and the regions' names. */
  region: CountColumn;
  regions: readonly string[];
}

/** A per-unit fraction the screens test. */
export type Fraction = 'turnout' | 'leaderShare';

/**
 * What a screening view is built from: the table's per-unit columns (views of the aggregate's, shared between
 * threads, see screen-thread.ts), and optionally vote sums already computed (by another thread's view).
 */
export interface ScreenColumns {
  registered: CountColumn;
  cast: CountColumn;
  votes: CountColumn[];
  region: CountColumn;
  regions: readonly string[];
  voteSum?: Int32Array;
  /** Each candidate's total over the table, as another view of the same columns computed them. */
  candidateTotals?: number[];
}

/** The aggregate's per-unit columns, as views (no copies). */
export function screenColumns(aggregate: TableAggregate): ScreenColumns {
  const c = aggregate.columns;
  return {
    registered: c.registered.values(),
    cast: c.cast.values(),
    votes: c.votes.map((v) => v.values()),
    region: c.region.values(),
    regions: c.regions,
  };
}

class TableScreen implements ScreenData {
  readonly units: number;
  readonly leader: number | null;
  readonly candidateTotals: number[];
  readonly registered: CountColumn;
  readonly cast: CountColumn;
  readonly votes: CountColumn[];
  readonly region: CountColumn;
  readonly regions: readonly string[];
  private sums: Int32Array | undefined;
  private turnouts: Float64Array | undefined;
  private shares: Float64Array | undefined;

  constructor(c: ScreenColumns) {
    this.registered = c.registered;
    this.cast = c.cast;
    this.votes = c.votes;
    this.region = c.region;
    this.regions = c.regions;
    this.sums = c.voteSum;
    this.units = this.registered.length;
    this.candidateTotals =
      c.candidateTotals ??
      this.votes.map((col) => {
        let s = 0;
        for (let i = 0; i < col.length; i++) {
          const v = col[i] as number;
          if (v > 0) s += v;
        }
        return s;
      });
    let leader: number | null = null;
    this.candidateTotals.forEach((total, i) => {
      // Ties go to the first candidate in mapping order, so the choice is stable.
      if (total > 0 && (leader === null || total > (this.candidateTotals[leader] as number))) leader = i;
    });
    this.leader = leader;
  }

  get voteSum(): Int32Array {
    if (this.sums) return this.sums;
    const n = this.units;
    const votes = this.votes;
    const k = votes.length;
    // Shared, like the columns: another thread's view of the table can take it (screen-thread.ts).
    const sums = new Int32Array(new SharedArrayBuffer(n * 4));
    for (let i = 0; i < n; i++) {
      // Summed as numbers (stored modulo 2^32 like any Int32Array write), stopping at a missing cell.
      let sum = 0;
      for (let j = 0; j < k; j++) {
        const v = (votes[j] as CountColumn)[i] as number;
        if (v < 0) {
          sum = -1;
          break;
        }
        sum += v;
      }
      sums[i] = sum;
    }
    this.sums = sums;
    return sums;
  }

  get turnout(): Float64Array {
    this.turnouts ??= fractionsOf(this, null, 'turnout');
    return this.turnouts;
  }

  get leaderShare(): Float64Array {
    this.shares ??= fractionsOf(this, null, 'leaderShare');
    return this.shares;
  }
}

const cache = new WeakMap<TableAggregate, ScreenData>();
const regionCache = new WeakMap<ScreenData, Int32Array[]>();

/** The screening view of a table, computed on first use and kept as long as the aggregate lives. */
export function screenData(aggregate: TableAggregate): ScreenData {
  let data = cache.get(aggregate);
  if (!data) {
    data = new TableScreen(screenColumns(aggregate));
    cache.set(aggregate, data);
  }
  return data;
}

/** A screening view of columns read elsewhere (on the screens' worker thread). */
export function screenDataOf(columns: ScreenColumns, regions?: Int32Array[]): ScreenData {
  const data = new TableScreen(columns);
  if (regions) regionCache.set(data, regions);
  return data;
}

/** Indices of the units of each region (ascending), by region code. */
export function regionUnits(data: ScreenData): Int32Array[] {
  const known = regionCache.get(data);
  if (known) return known;
  const region = data.region;
  const sizes = new Int32Array(data.regions.length);
  for (let i = 0; i < region.length; i++) {
    const r = region[i] as number;
    if (r >= 0) sizes[r] = (sizes[r] as number) + 1;
  }
  // One shared buffer for every list: another thread's view of the table can take them (screen-thread.ts).
  const all = new Int32Array(new SharedArrayBuffer(4 * sizes.reduce((a, b) => a + b, 0)));
  let start = 0;
  const lists = Array.from(sizes, (n) => {
    start += n;
    return all.subarray(start - n, start);
  });
  const fill = new Int32Array(data.regions.length);
  for (let i = 0; i < region.length; i++) {
    const r = region[i] as number;
    if (r < 0) continue;
    (lists[r] as Int32Array)[fill[r] as number] = i;
    fill[r] = (fill[r] as number) + 1;
  }
  regionCache.set(data, lists);
  return lists;
}

/** A group of units: every unit (null) or the given indices. */
export type Selection = Int32Array | null;

/** How many units a selection holds. */
export function selectionSize(data: ScreenData, units: Selection): number {
  return units === null ? data.units : units.length;
}

/** The counts a per-unit fraction divides; turnout above 1 is undefined, the leader's share cannot exceed 1. */
export interface FractionCounts {
  numerator: CountColumn | Int32Array;
  denominator: CountColumn | Int32Array;
  /** Whether a numerator above its denominator leaves the fraction undefined (turnout). */
  capped: boolean;
}

/** The counts behind a fraction (for the leader's share, the vote sums), or null when there is no leader. */
export function fractionCounts(data: ScreenData, which: Fraction): FractionCounts | null {
  if (which === 'turnout') return { numerator: data.cast, denominator: data.registered, capped: true };
  if (data.leader === null) return null;
  return { numerator: data.votes[data.leader] as CountColumn, denominator: data.voteSum, capped: false };
}

/**
 * The fraction of unit i, NaN where undefined (what `data.turnout[i]` or `data.leaderShare[i]` holds, without
 * the array): numerator / denominator when the denominator is above 0 and the numerator at least 0, and for
 * turnout at most the denominator (turnout above 100% is an arithmetic finding, rules/precinct, not a value to
 * put into a distribution). Missing counts are -1, so they leave the fraction undefined.
 */
export function fractionAt(counts: FractionCounts | null, i: number): number {
  if (counts === null) return Number.NaN;
  const x = counts.numerator[i] as number;
  const n = counts.denominator[i] as number;
  return n > 0 && x >= 0 && (x <= n || !counts.capped) ? x / n : Number.NaN;
}

/** The selected units' turnout or leader's share, in unit order, NaN where undefined. */
export function fractionsOf(data: ScreenData, units: Selection, which: Fraction): Float64Array {
  const n = selectionSize(data, units);
  const out = new Float64Array(n);
  const counts = fractionCounts(data, which);
  for (let k = 0; k < n; k++) out[k] = fractionAt(counts, units === null ? k : (units[k] as number));
  return out;
}
