/** Turnout against the leader's share (Klimek et al. 2012) and the shape of each distribution (skewness, kurtosis). */
import type { MomentsResult } from '../stats/index.js';
import { MomentSums, momentsOfSums } from '../stats/moments.js';
import { type RankScratch, rankScratch } from '../stats/rank.js';
import { turnoutShareOfPairs } from '../stats/turnout-share.js';
import {
  type Fraction,
  fractionAt,
  fractionCounts,
  type ScreenData,
  type Selection,
  selectionSize,
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
 * Turnout and the leader's share of the selected units that have both within 0..1, in unit order, computed
 * from the counts (no per-unit fraction column), and how many units were left out; in arrays reused from
 * group to group through `work` (the ranks then overwrite them).
 */
function pairs(data: ScreenData, units: Selection, work: Record<string, unknown>) {
  const n = selectionSize(data, units);
  let arrays = work.pairs as PairArrays | undefined;
  if (!arrays || arrays.turnout.length < n) {
    arrays = { turnout: new Float64Array(n), leaderShare: new Float64Array(n), scratch: rankScratch(n) };
    work.pairs = arrays;
  }
  const { turnout, leaderShare } = arrays;
  const turnoutCounts = fractionCounts(data, 'turnout');
  const shareCounts = fractionCounts(data, 'leaderShare');
  let kept = 0;
  for (let k = 0; k < n; k++) {
    const i = units === null ? k : (units[k] as number);
    const t = fractionAt(turnoutCounts, i);
    const s = fractionAt(shareCounts, i);
    if (!(t >= 0 && t <= 1 && s >= 0 && s <= 1)) continue;
    turnout[kept] = t;
    leaderShare[kept] = s;
    kept++;
  }
  return {
    turnout: turnout.subarray(0, kept),
    leaderShare: leaderShare.subarray(0, kept),
    excluded: n - kept,
    scratch: arrays.scratch,
  };
}

/** The turnout-share test: facts turnoutSharePValue, turnoutShareCorrelation, turnoutShareCorner ... */
export const turnoutShareTest: ScreenMethod<TurnoutShareParams, ReturnType<typeof turnoutShareOfPairs>> = {
  prefix: 'turnoutShare',
  what: "turnout against the leader's share across units",
  usesLeader: () => true,
  readsVoteSums: true,
  cost: 3.3,
  run: ({ data, units, params, work }: ScreenRun<TurnoutShareParams>) =>
    turnoutShareOfPairs({
      ...pairs(data, units, work),
      cornerTurnout: params.cornerTurnout,
      cornerShare: params.cornerShare,
      bins: params.bins,
      minUnits: params.minUnits,
    }),
  statistic: ['T', 'Student t of the Pearson correlation, t = r·sqrt((n − 2)/(1 − r²))'],
  expected: ['ExpectedT', 'The t expected when turnout and share are unrelated: 0'],
  effectSize: ['Correlation', "Pearson correlation r of turnout and the leader's share"],
  units: ['Units', "Number of units with turnout and the leader's share both between 0 and 1"],
  extras: {
    Corner: [
      "Share of units with turnout and the leader's share both at the corner thresholds or more",
      (r) => r.cornerShare,
    ],
    Spearman: ["Spearman rank correlation of turnout and the leader's share", (r) => r.spearman],
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

/**
 * Moments of a per-unit fraction over a group's units, with their histogram (bin i covers [i, i + 1)%, the last
 * also 100%) for charts: on first use, the whole table's and every region's at once (two passes over the units,
 * each value added to the table's sums and its region's, in unit order as a pass over the group alone would),
 * kept in the test's work room for the other groups.
 */
function shape({ data, region, work }: ScreenRun<unknown>, which: Fraction, minUnits: number): ShapeResult {
  if (!work.shapes) {
    // Two passes over the values computed from the counts: no array of them.
    const n = data.units;
    const codes = data.region;
    const groups = data.regions.length + 1;
    const fraction = fractionCounts(data, which);
    const sums = Array.from({ length: groups }, () => new MomentSums());
    const counts = Array.from({ length: groups }, () => new Array<number>(PERCENT_BINS).fill(0));
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
    for (const s of sums) s.centre();
    for (let i = 0; i < n; i++) {
      const v = fractionAt(fraction, i);
      const g = (codes[i] as number) + 1;
      table.add(v);
      if (g > 0) (sums[g] as MomentSums).add(v);
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
  readsVoteSums: false,
  cost: 0.4,
  run: (input: ScreenRun<MomentsParams>) => shape(input, 'turnout', input.params.minUnits),
  ...momentsCompanions,
};

/** The shape of the leader's share across units: facts leaderShareMomentsPValue ... */
export const leaderShareMomentsTest: ScreenMethod<MomentsParams, ShapeResult> = {
  prefix: 'leaderShareMoments',
  what: "the leader's share (leader's votes / all candidates' votes) across units",
  usesLeader: () => true,
  readsVoteSums: true,
  cost: 0.6,
  run: (input: ScreenRun<MomentsParams>) => shape(input, 'leaderShare', input.params.minUnits),
  ...momentsCompanions,
};
