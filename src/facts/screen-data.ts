/** Per-unit views of a precinct table for the screening facts: the leader, turnout and share arrays, regions. */
import type { TableAggregate } from '../precinct/aggregate.js';

/** The columns one screening test reads, computed once per table after its pass. */
export interface ScreenData {
  units: number;
  /** Index (mapping order) of the candidate with the most votes in the whole table; null if nobody has votes. */
  leader: number | null;
  /** Each candidate's votes summed over the table, in mapping order. */
  candidateTotals: number[];
  registered: Int32Array;
  cast: Int32Array;
  /** Votes per candidate; -1 where the cell was missing. */
  votes: Int32Array[];
  /** Sum of candidate votes per unit, -1 when any candidate's votes are missing (the leader's-share denominator). */
  voteSum: Int32Array;
  /** Ballots cast / registered voters, NaN when either is missing, registered is 0 or the ratio exceeds 1. */
  turnout: Float64Array;
  /** Leader's votes / sum of candidate votes, NaN when missing or the sum is 0. */
  leaderShare: Float64Array;
  /** Top-level region code per unit (-1 without levels) and the regions' names. */
  region: Int32Array;
  regions: readonly string[];
}

const cache = new WeakMap<TableAggregate, ScreenData>();
const regionCache = new WeakMap<ScreenData, Int32Array[]>();

/** The screening view of a table, computed on first use and kept as long as the aggregate lives. */
export function screenData(aggregate: TableAggregate): ScreenData {
  const known = cache.get(aggregate);
  if (known) return known;
  const c = aggregate.columns;
  const registered = c.registered.values();
  const cast = c.cast.values();
  const votes = c.votes.map((v) => v.values());
  const units = registered.length;
  const candidateTotals = votes.map((col) => {
    let s = 0;
    for (let i = 0; i < col.length; i++) if ((col[i] as number) > 0) s += col[i] as number;
    return s;
  });
  let leader: number | null = null;
  candidateTotals.forEach((total, i) => {
    // Ties go to the first candidate in mapping order, so the choice is stable.
    if (total > 0 && (leader === null || total > (candidateTotals[leader] as number))) leader = i;
  });
  const voteSum = new Int32Array(units);
  const turnout = new Float64Array(units);
  const leaderShare = new Float64Array(units);
  for (let i = 0; i < units; i++) {
    let sum = 0;
    for (const col of votes) {
      const v = col[i] as number;
      if (v < 0) {
        sum = -1;
        break;
      }
      sum += v;
    }
    voteSum[i] = sum;
    const r = registered[i] as number;
    const b = cast[i] as number;
    // Turnout above 100% is an arithmetic finding (rules/precinct), not a value to put into a distribution.
    turnout[i] = r > 0 && b >= 0 && b <= r ? b / r : Number.NaN;
    const lv = leader === null ? -1 : ((votes[leader] as Int32Array)[i] as number);
    leaderShare[i] = sum > 0 && lv >= 0 ? lv / sum : Number.NaN;
  }
  const data: ScreenData = {
    units,
    leader,
    candidateTotals,
    registered,
    cast,
    votes,
    voteSum,
    turnout,
    leaderShare,
    region: c.region.values(),
    regions: c.regions,
  };
  cache.set(aggregate, data);
  return data;
}

/** Indices of the units of each region, by region code. */
export function regionUnits(data: ScreenData): Int32Array[] {
  const known = regionCache.get(data);
  if (known) return known;
  const sizes = new Int32Array(data.regions.length);
  for (const r of data.region) if (r >= 0) sizes[r] = (sizes[r] as number) + 1;
  const lists = Array.from(sizes, (n) => new Int32Array(n));
  const fill = new Int32Array(data.regions.length);
  data.region.forEach((r, i) => {
    if (r < 0) return;
    (lists[r] as Int32Array)[fill[r] as number] = i;
    fill[r] = (fill[r] as number) + 1;
  });
  regionCache.set(data, lists);
  return lists;
}

/** A group of units: every unit (null) or the given indices. */
export type Selection = Int32Array | null;

/** Calls `fn` with each selected unit index. */
export function eachUnit(data: ScreenData, units: Selection, fn: (i: number) => void): void {
  if (units === null) for (let i = 0; i < data.units; i++) fn(i);
  else for (const i of units) fn(i);
}

/** The values of a column at the selected units whose value passes `keep` (by default: not missing). */
export function pick(
  data: ScreenData,
  units: Selection,
  column: ArrayLike<number>,
  keep: (v: number, i: number) => boolean = (v) => v >= 0,
): number[] {
  const out: number[] = [];
  eachUnit(data, units, (i) => {
    const v = column[i] as number;
    if (keep(v, i)) out.push(v);
  });
  return out;
}
