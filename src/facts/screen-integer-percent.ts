/** Integer-percentage screens of turnout and the leader's share (Kobak, Shpilkin and Pshenichnikov 2016). */
import { integerPercentOfSums } from '../stats/integer-percent.js';
import {
  type IntegerPercentGroupSums,
  type IntegerPercentGroups,
  integerPercentGroupsOf,
} from '../stats/integer-percent-groups.js';
import { type ScreenData, unitBlocks } from './screen-data.js';
import type { IntegerPercentParams } from './screen-facts.js';
import type { Named, ScreenMethod, ScreenRun } from './screen-family.js';

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
    const leader = data.leader as number;
    const blocks = function* () {
      for (const block of unitBlocks(data)) {
        yield share === 'turnout'
          ? { numerators: block.cast, denominators: block.registered, region: block.region }
          : { numerators: block.votes(leader), denominators: block.voteSum, region: block.region };
      }
    };
    groups = integerPercentGroupsOf(blocks, minDenominator, data.regions.length);
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

type IntegerPercentResult = ReturnType<typeof integerPercentOfSums>;

/** The integer-percentage test on turnout (ballots cast / registered voters): facts turnoutIntegerPercentPValue ... */
export const turnoutIntegerPercentTest: ScreenMethod<IntegerPercentParams, IntegerPercentResult> = {
  prefix: 'turnoutIntegerPercent',
  what: 'turnout (ballots cast / registered voters) at whole percentages',
  usesLeader: () => false,
  cost: () => 1.75,
  run: (input: ScreenRun<IntegerPercentParams>) => run(input, 'turnout'),
  ...companions,
  extras,
};

/** The integer-percentage test on the leader's share (votes / sum of candidate votes). */
export const leaderIntegerPercentTest: ScreenMethod<IntegerPercentParams, IntegerPercentResult> = {
  prefix: 'leaderIntegerPercent',
  what: "the leader's share (leader's votes / all candidates' votes) at whole percentages",
  usesLeader: () => true,
  cost: () => 1.4,
  run: (input: ScreenRun<IntegerPercentParams>) => run(input, 'leader'),
  ...companions,
  extras,
};
