/** Turnout against the leader's share (Klimek et al. 2012) and the shape of each distribution (skewness, kurtosis). */
import { z } from 'zod';
import { type MomentsResult, moments, turnoutShareRelation } from '../stats/index.js';
import { pick, type ScreenData } from './screen-data.js';
import { type ScreenRun, screenFacts } from './screen-family.js';

/**
 * Parameters of the turnout-share test. Defaults: the 95%/95% corner (issue 4's stand-in for Klimek's
 * 100%/100% "extreme fraud" corner), a coarse 20 × 20 histogram (5-point bins, enough for a density chart and
 * small in a report), at least 30 units. Units are unweighted, as in Klimek's per-station fingerprints.
 */
export const TurnoutShareParamsSchema = z.strictObject({
  cornerTurnout: z
    .number()
    .min(0)
    .max(1)
    .default(0.95)
    .describe('Turnout (fraction) from which a unit is in the corner.'),
  cornerShare: z
    .number()
    .min(0)
    .max(1)
    .default(0.95)
    .describe("Leader's share (fraction) from which a unit is in the corner."),
  bins: z.number().int().min(1).max(100).default(20).describe('Histogram bins per axis.'),
  minUnits: z.number().int().min(3).default(30).describe('Fewest units with turnout and share for a result.'),
});
type TurnoutShareParams = z.infer<typeof TurnoutShareParamsSchema>;

/** The selected units' values of a per-unit fraction column (NaN entries stay, so pairs stay aligned). */
function values(data: ScreenData, units: ScreenRun<unknown>['units'], column: Float64Array): number[] {
  return pick(data, units, column, () => true);
}

/** Facts of the turnout-share test: turnoutSharePValue, turnoutShareCorrelation, turnoutShareCorner ... */
export const turnoutShareFacts = screenFacts({
  prefix: 'turnoutShare',
  what: "turnout against the leader's share across units",
  params: TurnoutShareParamsSchema,
  usesLeader: () => true,
  run: ({ data, units, params }: ScreenRun<TurnoutShareParams>) =>
    turnoutShareRelation({
      turnout: values(data, units, data.turnout),
      leaderShare: values(data, units, data.leaderShare),
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
});

/** Parameters of the moments tests: at least 20 values (the kurtosis test's floor). */
export const MomentsParamsSchema = z.strictObject({
  minUnits: z.number().int().min(20).default(20).describe('Fewest values for a result.'),
});
type MomentsParams = z.infer<typeof MomentsParamsSchema>;

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

/** Moments of per-unit fractions, with their histogram (bin i covers [i, i + 1)%, the last also 100%) for charts. */
function shape(
  values: number[],
  minUnits: number,
): MomentsResult & { histogram: { bins: number; counts: number[] } } {
  const counts = new Array<number>(PERCENT_BINS).fill(0);
  for (const v of values) {
    if (!(v >= 0 && v <= 1)) continue;
    const bin = Math.min(PERCENT_BINS - 1, Math.floor(v * PERCENT_BINS));
    counts[bin] = (counts[bin] as number) + 1;
  }
  return { ...moments(values, { minUnits }), histogram: { bins: PERCENT_BINS, counts } };
}

/** Facts of the shape of turnout across units: turnoutMomentsPValue, turnoutMomentsSkewness ... */
export const turnoutMomentsFacts = screenFacts({
  prefix: 'turnoutMoments',
  what: 'turnout (ballots cast / registered voters, 0..1) across units',
  params: MomentsParamsSchema,
  usesLeader: () => false,
  run: ({ data, units, params }: ScreenRun<MomentsParams>) =>
    shape(values(data, units, data.turnout), params.minUnits),
  ...momentsCompanions,
});

/** Facts of the shape of the leader's share across units: leaderShareMomentsPValue ... */
export const leaderShareMomentsFacts = screenFacts({
  prefix: 'leaderShareMoments',
  what: "the leader's share (leader's votes / all candidates' votes) across units",
  params: MomentsParamsSchema,
  usesLeader: () => true,
  run: ({ data, units, params }: ScreenRun<MomentsParams>) =>
    shape(values(data, units, data.leaderShare), params.minUnits),
  ...momentsCompanions,
});
