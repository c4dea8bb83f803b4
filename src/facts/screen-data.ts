/**
 * Per-unit views of a precinct table for the screening facts: the leader, and the units a block at a time, their
 * counts read from memory or, for a large table, from the temporary file its columns went to (issue 6).
 */
import type { TableAggregate } from '../precinct/aggregate.js';
import { type ChunkRef, isSpilled, readSpilled } from '../precinct/spill.js';
import type { IntArray } from '../precinct/totals.js';

/** A per-unit count column: 16-bit while every count fits, else 32-bit; -1 where missing. */
export type CountColumn = IntArray;

/**
 * A table's per-unit columns as chunks: chunk b of every column covers the same units (the aggregate fills them
 * in step). Chunks in memory are views of the aggregate's own, in shared memory, so that the screens' worker
 * thread reads them without a copy (see screen-thread.ts); chunks written out are read from the file, whose
 * descriptor the worker shares.
 */
export interface ScreenColumns {
  registered: ChunkRef[];
  cast: ChunkRef[];
  votes: ChunkRef[][];
  region: ChunkRef[];
  /** Sum of candidate votes per unit, -1 when any candidate's votes are missing (the leader's-share denominator). */
  voteSum: ChunkRef[];
  regions: readonly string[];
  /** Each candidate's votes summed over the table (missing counts left out), as the columns were filled. */
  candidateTotals: number[];
}

/** What the screening tests read of a table. */
export interface ScreenData {
  units: number;
  /** Index (mapping order) of the candidate with the most votes in the whole table; null if nobody has votes. */
  leader: number | null;
  /** Each candidate's votes summed over the table, in mapping order. */
  candidateTotals: number[];
  /** The top-level regions' names, by region code. */
  regions: readonly string[];
  columns: ScreenColumns;
}

/** The aggregate's per-unit columns, as chunks (no copies). */
export function screenColumns(aggregate: TableAggregate): ScreenColumns {
  const c = aggregate.columns;
  return {
    registered: c.registered.chunks(),
    cast: c.cast.chunks(),
    votes: c.votes.map((v) => v.chunks()),
    region: c.region.chunks(),
    voteSum: c.voteSum.chunks(),
    regions: c.regions,
    // Summed as the columns were filled: no pass over the votes.
    candidateTotals: c.votes.map((v) => v.positiveSum),
  };
}

/**
 * Some consecutive units of a table: `length` units from unit `start`, each column a typed array indexed from 0.
 * A column written out is read on first use, into a buffer that the next block of the same pass reuses: use a
 * block's arrays before taking the next block.
 */
export interface UnitBlock {
  readonly start: number;
  readonly length: number;
  readonly registered: CountColumn;
  readonly cast: CountColumn;
  readonly region: CountColumn;
  readonly voteSum: CountColumn;
  /** Votes of candidate k (mapping order). */
  votes(k: number): CountColumn;
}

/** Buffers of one pass over the blocks, by column (candidates from 4): each read of a column reuses its own. */
type Buffers = Map<number, ArrayBuffer>;

/**
 * Buffers of passes that ended, for the next pass on this thread: a pass takes a set and gives it back at its
 * end, so passes never share one, and the screens' twenty-odd passes over a large table do not leave a
 * megabyte or so of buffers each to the garbage collector (outside V8's heap, they piled up).
 */
const idle: Buffers[] = [];

const REGISTERED = 0;
const CAST = 1;
const REGION = 2;
const VOTE_SUM = 3;

class Block implements UnitBlock {
  private readonly loaded = new Map<number, CountColumn>();

  constructor(
    private readonly columns: ScreenColumns,
    private readonly index: number,
    readonly start: number,
    readonly length: number,
    private readonly buffers: Buffers,
  ) {}

  private column(id: number, chunks: ChunkRef[]): CountColumn {
    const chunk = chunks[this.index] as ChunkRef;
    if (!isSpilled(chunk)) return chunk;
    let values = this.loaded.get(id);
    if (!values) {
      values = readSpilled(chunk, this.buffers.get(id));
      this.buffers.set(id, values.buffer as ArrayBuffer);
      this.loaded.set(id, values);
    }
    return values;
  }

  get registered(): CountColumn {
    return this.column(REGISTERED, this.columns.registered);
  }

  get cast(): CountColumn {
    return this.column(CAST, this.columns.cast);
  }

  get region(): CountColumn {
    return this.column(REGION, this.columns.region);
  }

  get voteSum(): CountColumn {
    return this.column(VOTE_SUM, this.columns.voteSum);
  }

  votes(k: number): CountColumn {
    return this.column(4 + k, this.columns.votes[k] as ChunkRef[]);
  }
}

/** The table's units a block at a time, in unit order: one pass. */
export function* unitBlocks(data: ScreenData): Generator<UnitBlock> {
  const buffers = idle.pop() ?? new Map();
  try {
    const chunks = data.columns.registered;
    let start = 0;
    for (let b = 0; b < chunks.length; b++) {
      const length = (chunks[b] as ChunkRef).length;
      yield new Block(data.columns, b, start, length, buffers);
      start += length;
    }
  } finally {
    idle.push(buffers);
  }
}

/** The screening view of columns: their units and the leader. */
export function screenDataOf(columns: ScreenColumns): ScreenData {
  const units = columns.registered.reduce((n, chunk) => n + chunk.length, 0);
  const { candidateTotals } = columns;
  let leader: number | null = null;
  candidateTotals.forEach((total, i) => {
    // Ties go to the first candidate in mapping order, so the choice is stable.
    if (total > 0 && (leader === null || total > (candidateTotals[leader] as number))) leader = i;
  });
  return { units, regions: columns.regions, columns, candidateTotals, leader };
}

const cache = new WeakMap<TableAggregate, ScreenData>();

/** The screening view of a table, computed on first use and kept as long as the aggregate lives. */
export function screenData(aggregate: TableAggregate): ScreenData {
  let data = cache.get(aggregate);
  if (!data) {
    data = screenDataOf(screenColumns(aggregate));
    cache.set(aggregate, data);
  }
  return data;
}

/** A per-unit fraction the screens test. */
export type Fraction = 'turnout' | 'leaderShare';

/** The counts a per-unit fraction divides; turnout above 1 is undefined, the leader's share cannot exceed 1. */
export interface FractionCounts {
  numerator: CountColumn;
  denominator: CountColumn;
  /** Whether a numerator above its denominator leaves the fraction undefined (turnout). */
  capped: boolean;
}

/** The counts behind a fraction in a block (for the leader's share, the vote sums), or null without a leader. */
export function fractionCounts(
  block: UnitBlock,
  which: Fraction,
  leader: number | null,
): FractionCounts | null {
  if (which === 'turnout') return { numerator: block.cast, denominator: block.registered, capped: true };
  if (leader === null) return null;
  return { numerator: block.votes(leader), denominator: block.voteSum, capped: false };
}

/**
 * The fraction of a block's unit i, NaN where undefined: numerator / denominator when the denominator is above 0
 * and the numerator at least 0, and for turnout at most the denominator (turnout above 100% is an arithmetic
 * finding, rules/precinct, not a value to put into a distribution). Missing counts are -1, so they leave the
 * fraction undefined.
 */
export function fractionAt(counts: FractionCounts | null, i: number): number {
  if (counts === null) return Number.NaN;
  const x = counts.numerator[i] as number;
  const n = counts.denominator[i] as number;
  return n > 0 && x >= 0 && (x <= n || !counts.capped) ? x / n : Number.NaN;
}

/** Every unit's turnout or leader's share, in unit order, NaN where undefined (the screens never hold these). */
export function fractionsOf(data: ScreenData, which: Fraction): Float64Array {
  const out = new Float64Array(data.units);
  for (const block of unitBlocks(data)) {
    const counts = fractionCounts(block, which, data.leader);
    for (let i = 0; i < block.length; i++) out[block.start + i] = fractionAt(counts, i);
  }
  return out;
}
