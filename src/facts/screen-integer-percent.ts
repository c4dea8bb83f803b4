/** Integer-percentage screens of turnout and the leader's share (Kobak, Shpilkin and Pshenichnikov 2016). */
import { z } from 'zod';
import { integerPercentOfSums } from '../stats/integer-percent.js';
import {
  type IntegerPercentGroupSums,
  type IntegerPercentGroups,
  integerPercentGroups,
} from '../stats/integer-percent-groups.js';
import type { CountColumn, ScreenData } from './screen-data.js';
import { type Named, type ScreenRun, screenFacts } from './screen-family.js';

/**
 * Parameters of the test. Defaults: denominators of 100 or more (the paper drops smaller stations), at least 100
 * units. No seed or iteration count: the null distribution is computed, not simulated. Cost: one hit
 * probability per distinct (numerator, denominator) pair of the table, about 0.1-0.3 µs each from tables shared
 * per denominator, then two passes over the units that sum every group at once (and one more for groups whose
 * hit count has a variance of at most 2,500, for the exact convolution): about 0.1 s of CPU per 1,000,000 units
 * and test, on a contended 2-core machine 0.15 s.
 */
export const IntegerPercentParamsSchema = z.strictObject({
  minDenominator: z
    .number()
    .int()
    .min(1)
    .default(100)
    .describe('Units with a smaller denominator are left out.'),
  minUnits: z.number().int().min(1).default(100).describe('Fewest units for a result.'),
});
type IntegerPercentParams = z.infer<typeof IntegerPercentParamsSchema>;

type Share = 'turnout' | 'leader';

// The sums of a table's groups (the table and each region), by share and minimum denominator: one run over the
// units serves the whole table's result and every region's, and is kept as long as the table's screening view
// (a few hundred numbers a group; no per-unit arrays).
const groupCache = new WeakMap<ScreenData, Map<string, IntegerPercentGroups>>();

function groupsOf(data: ScreenData, share: Share, minDenominator: number): IntegerPercentGroups {
  let byKey = groupCache.get(data);
  if (!byKey) {
    byKey = new Map();
    groupCache.set(data, byKey);
  }
  const key = `${share}:${minDenominator}`;
  let groups = byKey.get(key);
  if (!groups) {
    // Columns hold -1 where a cell is missing: such units are neither used nor counted as left out.
    const [numerators, denominators] =
      share === 'turnout'
        ? [data.cast, data.registered]
        : [data.votes[data.leader as number] as CountColumn, data.voteSum];
    groups = integerPercentGroups(numerators, denominators, minDenominator, data.region, data.regions.length);
    byKey.set(key, groups);
  }
  return groups;
}

function run({ data, params, region }: ScreenRun<IntegerPercentParams>, share: Share) {
  const groups = groupsOf(data, share, params.minDenominator);
  const group = region === null ? groups.table : (groups.regions[region] as IntegerPercentGroupSums);
  return integerPercentOfSums(group.sums, params.minDenominator, params.minUnits, () => group.tails);
}

const companions: Record<'statistic' | 'expected' | 'effectSize' | 'units', Named> = {
  statistic: ['Observed', 'Units whose share is a whole percentage (nearest whole count)'],
  expected: [
    'Expected',
    'The same count expected by chance: its exact mean when each numerator is redrawn as binomial at its share',
  ],
  effectSize: [
    'Excess',
    '(observed − expected) / units: the share of units at whole percentages beyond chance',
  ],
  units: ['Units', 'Number of units tested (denominator of minDenominator or more, numerator within it)'],
};

const extras = {
  Percentile: [
    'Chance of fewer whole-percentage units than observed under the binomial redraws (0..1)',
    (r: ReturnType<typeof integerPercentOfSums>) => r.percentile,
  ],
} as const;

/** Facts of the integer-percentage test on turnout (ballots cast / registered voters): turnoutIntegerPercentPValue ... */
export const turnoutIntegerPercentFacts = screenFacts({
  prefix: 'turnoutIntegerPercent',
  what: 'turnout (ballots cast / registered voters) at whole percentages',
  params: IntegerPercentParamsSchema,
  usesLeader: () => false,
  cost: 1.75,
  run: (input: ScreenRun<IntegerPercentParams>) => run(input, 'turnout'),
  ...companions,
  extras,
});

/** Facts of the integer-percentage test on the leader's share (votes / sum of candidate votes). */
export const leaderIntegerPercentFacts = screenFacts({
  prefix: 'leaderIntegerPercent',
  what: "the leader's share (leader's votes / all candidates' votes) at whole percentages",
  params: IntegerPercentParamsSchema,
  usesLeader: () => true,
  cost: 1.4,
  run: (input: ScreenRun<IntegerPercentParams>) => run(input, 'leader'),
  ...companions,
  extras,
});
