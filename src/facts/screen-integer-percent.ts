/** Integer-percentage screens of turnout and the leader's share (Kobak, Shpilkin and Pshenichnikov 2016). */
import { z } from 'zod';
import { type IntegerPercentUnits, integerPercentGroup, integerPercentUnits } from '../stats/index.js';
import type { ScreenData } from './screen-data.js';
import { type Named, type ScreenRun, screenFacts } from './screen-family.js';

/**
 * Parameters of the test. Defaults: denominators of 100 or more (the paper drops smaller stations), at least 100
 * units. No seed or iteration count: the null distribution is computed, not simulated. Cost: one hit
 * probability per distinct (numerator, denominator) pair of the table, about 0.74 µs each and shared by the
 * table and its regions, then one pass over each group's units (and an exact convolution for groups whose hit
 * count has a variance of at most 2,500): 0.2 to 0.4 s of CPU per 1,000,000 units and test.
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

// The per-unit hit probabilities of a table, by share and minimum denominator: the whole table's result and
// every region's read the same arrays, so each unit's probability is computed once per test (not once per
// group), and the arrays live as long as the table's screening view.
const unitCache = new WeakMap<ScreenData, Map<string, IntegerPercentUnits>>();

function unitsOf(data: ScreenData, share: Share, minDenominator: number): IntegerPercentUnits {
  let byKey = unitCache.get(data);
  if (!byKey) {
    byKey = new Map();
    unitCache.set(data, byKey);
  }
  const key = `${share}:${minDenominator}`;
  let units = byKey.get(key);
  if (!units) {
    // Columns hold -1 where a cell is missing: such units are neither used nor counted as left out.
    units =
      share === 'turnout'
        ? integerPercentUnits(data.cast, data.registered, minDenominator)
        : integerPercentUnits(data.votes[data.leader as number] as Int32Array, data.voteSum, minDenominator);
    byKey.set(key, units);
  }
  return units;
}

function run({ data, units, params }: ScreenRun<IntegerPercentParams>, share: Share) {
  return integerPercentGroup(unitsOf(data, share, params.minDenominator), units, params.minUnits);
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
    (r: ReturnType<typeof integerPercentGroup>) => r.percentile,
  ],
} as const;

/** Facts of the integer-percentage test on turnout (ballots cast / registered voters): turnoutIntegerPercentPValue ... */
export const turnoutIntegerPercentFacts = screenFacts({
  prefix: 'turnoutIntegerPercent',
  what: 'turnout (ballots cast / registered voters) at whole percentages',
  params: IntegerPercentParamsSchema,
  usesLeader: () => false,
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
  run: (input: ScreenRun<IntegerPercentParams>) => run(input, 'leader'),
  ...companions,
  extras,
});
