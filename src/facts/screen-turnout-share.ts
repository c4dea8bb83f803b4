/** Turnout against the leader's share (Klimek et al. 2012) and the shape of each distribution (skewness, kurtosis). */
import type { MomentsResult } from '../stats/index.js';
import { MomentSums, momentsOfSums } from '../stats/moments.js';
import { type RankScratch, rankScratch } from '../stats/rank.js';
import {
  PairSums,
  type TurnoutShareResult,
  turnoutShareOfPairs,
  turnoutShareOfSums,
} from '../stats/turnout-share.js';
import {
  type CountColumn,
  type Fraction,
  type FractionCounts,
  fractionAt,
  fractionCounts,
  type ScreenData,
  unitBlocks,
} from './screen-data.js';
import type { MomentsParams, TurnoutShareParams } from './screen-facts.js';
import type { ScreenMethod, ScreenRun } from './screen-family.js';

/** The arrays one turnout-share run fills: kept from the whole table's run for the regions' runs. */
interface PairArrays {
  turnout: Float64Array;
  leaderShare: Float64Array;
  scratch: RankScratch;
}

/**
 * Turnout and the leader's share of a group's units (a region's, or every unit's for null) that have both within
 * 0..1, in unit order, computed from the counts (no per-unit fraction column), and how many units of the group
 * were left out: one pass over the table a group, into arrays sized for the whole table and reused from group to
 * group through `work` (the ranks then overwrite them).
 */
function pairs(data: ScreenData, region: number | null, work: Record<string, unknown>) {
  const n = data.units;
  let arrays = work.pairs as PairArrays | undefined;
  if (!arrays || arrays.turnout.length < n) {
    arrays = { turnout: new Float64Array(n), leaderShare: new Float64Array(n), scratch: rankScratch(n) };
    work.pairs = arrays;
  }
  const { turnout, leaderShare } = arrays;
  let kept = 0;
  let members = 0;
  for (const block of unitBlocks(data)) {
    const codes = block.region;
    const turnoutCounts = fractionCounts(block, 'turnout', data.leader);
    const shareCounts = fractionCounts(block, 'leaderShare', data.leader);
    for (let i = 0; i < block.length; i++) {
      if (region !== null && codes[i] !== region) continue;
      members++;
      const t = fractionAt(turnoutCounts, i);
      const s = fractionAt(shareCounts, i);
      if (!(t >= 0 && t <= 1 && s >= 0 && s <= 1)) continue;
      turnout[kept] = t;
      leaderShare[kept] = s;
      kept++;
    }
  }
  return {
    turnout: turnout.subarray(0, kept),
    leaderShare: leaderShare.subarray(0, kept),
    excluded: members - kept,
    scratch: arrays.scratch,
  };
}

/**
 * Turnout against the leader's share without the Spearman correlation, which needs every unit's values: on first
 * use, the whole table's sums and every region's at once (two passes over the units, computing each pair from the
 * counts, adding it to the table's sums and its region's, in unit order as a pass over the group alone would),
 * kept in the test's work room for the other groups. The same numbers as the arrays' path, in no per-unit memory.
 */
function pairSums({ data, region, work, params }: ScreenRun<TurnoutShareParams>): TurnoutShareResult {
  if (!work.pairSums) {
    const sums = Array.from(
      { length: data.regions.length + 1 },
      () => new PairSums(params.bins, params.cornerTurnout, params.cornerShare),
    );
    for (const pass of ['count', 'add'] as const) {
      if (pass === 'add') for (const p of sums) p.centre();
      for (const block of unitBlocks(data)) {
        const turnout = fractionCounts(block, 'turnout', data.leader);
        const share = fractionCounts(block, 'leaderShare', data.leader);
        pairPass(pass, turnout, share, block.region, block.length, sums);
      }
    }
    work.pairSums = sums.map((p) => turnoutShareOfSums(p, params.minUnits));
  }
  return (work.pairSums as TurnoutShareResult[])[region === null ? 0 : region + 1] as TurnoutShareResult;
}

/** The turnout-share test: facts turnoutSharePValue, turnoutShareCorrelation, turnoutShareCorner ... */
export const turnoutShareTest: ScreenMethod<TurnoutShareParams, TurnoutShareResult> = {
  prefix: 'turnoutShare',
  what: "turnout against the leader's share across units",
  usesLeader: () => true,
  cost: (params) => (params.spearman ? 3.3 : 1.5),
  run: (input: ScreenRun<TurnoutShareParams>) => {
    const { data, params, region, work } = input;
    if (!params.spearman) return pairSums(input);
    // The Spearman correlation ranks each group's units: their values in arrays.
    return turnoutShareOfPairs({
      ...pairs(data, region, work),
      cornerTurnout: params.cornerTurnout,
      cornerShare: params.cornerShare,
      bins: params.bins,
      minUnits: params.minUnits,
    });
  },
  statistic: ['T', 'Student t of the Pearson correlation, t = r·sqrt((n − 2)/(1 − r²))'],
  expected: ['ExpectedT', 'The t expected when turnout and share are unrelated: 0'],
  effectSize: ['Correlation', "Pearson correlation r of turnout and the leader's share"],
  units: ['Units', "Number of units with turnout and the leader's share both between 0 and 1"],
  extras: {
    Corner: [
      "Share of units with turnout and the leader's share both at the corner thresholds or more",
      (r) => r.cornerShare,
    ],
    Spearman: [
      "Spearman rank correlation of turnout and the leader's share (computed when the fact's params ask with spearman: true)",
      (r) => r.spearman,
      (params) =>
        params.spearman
          ? null
          : 'not computed: the fact computes it when its params ask with "spearman": true',
    ],
  },
};

const momentsCompanions = {
  statistic: ['K2', 'D’Agostino-Pearson K² = z(skewness)² + z(kurtosis)²'],
  expected: ['ExpectedK2', 'The K² expected for a normal distribution: 2 (chi-square, 2 degrees of freedom)'],
  effectSize: ['Skewness', 'Sample skewness g1 (0 for a normal distribution)'],
  units: ['Units', 'Number of units with a value'],
  extras: {
    ExcessKurtosis: [
      'Sample excess kurtosis g2 (0 for a normal distribution)',
      (r: MomentsResult) => r.excessKurtosis,
    ],
  },
} as const;

/** Bins of the one-dimensional histogram kept with the moments: one percentage point each. */
const PERCENT_BINS = 100;

type ShapeResult = MomentsResult & { histogram: { bins: number; counts: number[] } };

// The loops over a block's units are functions of their own, called once a block: V8 then optimises each with
// the sums' methods inlined (within the loops over the blocks, it left them as calls: about 30 ms more CPU for
// the screens of the benchmark's 1M-row table).

/** The first pass of {@link shape} over a block's units: the sums and the histograms. */
function shapeCount(
  fraction: FractionCounts | null,
  codes: CountColumn,
  n: number,
  sums: MomentSums[],
  counts: number[][],
): void {
  const table = sums[0] as MomentSums;
  const tableCounts = counts[0] as number[];
  for (let i = 0; i < n; i++) {
    const v = fractionAt(fraction, i);
    const g = (codes[i] as number) + 1;
    table.count(v);
    if (g > 0) (sums[g] as MomentSums).count(v);
    if (!(v >= 0 && v <= 1)) continue;
    const bin = Math.min(PERCENT_BINS - 1, Math.floor(v * PERCENT_BINS));
    tableCounts[bin] = (tableCounts[bin] as number) + 1;
    if (g > 0) {
      const c = counts[g] as number[];
      c[bin] = (c[bin] as number) + 1;
    }
  }
}

/** The second pass of {@link shape} over a block's units, about the means. */
function shapeAdd(fraction: FractionCounts | null, codes: CountColumn, n: number, sums: MomentSums[]): void {
  const table = sums[0] as MomentSums;
  for (let i = 0; i < n; i++) {
    const v = fractionAt(fraction, i);
    const g = (codes[i] as number) + 1;
    table.add(v);
    if (g > 0) (sums[g] as MomentSums).add(v);
  }
}

/** One pass of {@link pairSums} over a block's units: `count` (first) or `add` (second, about the means). */
function pairPass(
  pass: 'count' | 'add',
  turnout: FractionCounts | null,
  share: FractionCounts | null,
  codes: CountColumn,
  n: number,
  sums: PairSums[],
): void {
  const table = sums[0] as PairSums;
  if (pass === 'count') {
    for (let i = 0; i < n; i++) {
      const t = fractionAt(turnout, i);
      const s = fractionAt(share, i);
      const g = (codes[i] as number) + 1;
      table.count(t, s);
      if (g > 0) (sums[g] as PairSums).count(t, s);
    }
  } else {
    for (let i = 0; i < n; i++) {
      const t = fractionAt(turnout, i);
      const s = fractionAt(share, i);
      const g = (codes[i] as number) + 1;
      table.add(t, s);
      if (g > 0) (sums[g] as PairSums).add(t, s);
    }
  }
}

/**
 * Moments of a per-unit fraction over a group's units, with their histogram (bin i covers [i, i + 1)%, the last
 * also 100%) for charts: on first use, the whole table's and every region's at once (two passes over the units,
 * each value added to the table's sums and its region's, in unit order as a pass over the group alone would),
 * kept in the test's work room for the other groups.
 */
function shape({ data, region, work }: ScreenRun<unknown>, which: Fraction, minUnits: number): ShapeResult {
  if (!work.shapes) {
    // Two passes over the values computed from the counts: no array of them.
    const groups = data.regions.length + 1;
    const sums = Array.from({ length: groups }, () => new MomentSums());
    const counts = Array.from({ length: groups }, () => new Array<number>(PERCENT_BINS).fill(0));
    for (const block of unitBlocks(data)) {
      shapeCount(fractionCounts(block, which, data.leader), block.region, block.length, sums, counts);
    }
    for (const s of sums) s.centre();
    for (const block of unitBlocks(data)) {
      shapeAdd(fractionCounts(block, which, data.leader), block.region, block.length, sums);
    }
    work.shapes = sums.map((s, g) => ({
      ...momentsOfSums(s, { minUnits }),
      histogram: { bins: PERCENT_BINS, counts: counts[g] as number[] },
    }));
  }
  return (work.shapes as ShapeResult[])[region === null ? 0 : region + 1] as ShapeResult;
}

/** The shape of turnout across units: facts turnoutMomentsPValue, turnoutMomentsSkewness ... */
export const turnoutMomentsTest: ScreenMethod<MomentsParams, ShapeResult> = {
  prefix: 'turnoutMoments',
  what: 'turnout (ballots cast / registered voters, 0..1) across units',
  usesLeader: () => false,
  cost: () => 0.4,
  run: (input: ScreenRun<MomentsParams>) => shape(input, 'turnout', input.params.minUnits),
  ...momentsCompanions,
};

/** The shape of the leader's share across units: facts leaderShareMomentsPValue ... */
export const leaderShareMomentsTest: ScreenMethod<MomentsParams, ShapeResult> = {
  prefix: 'leaderShareMoments',
  what: "the leader's share (leader's votes / all candidates' votes) across units",
  usesLeader: () => true,
  cost: () => 0.6,
  run: (input: ScreenRun<MomentsParams>) => shape(input, 'leaderShare', input.params.minUnits),
  ...momentsCompanions,
};
