/** Integer-percentage screens of turnout and the leader's share (Kobak, Shpilkin and Pshenichnikov 2016). */
import { z } from 'zod';
import { integerPercentExcess } from '../stats/index.js';
import { eachUnit, type ScreenData } from './screen-data.js';
import { type Named, type ScreenRun, screenFacts } from './screen-family.js';

const MAX_SEED = 4294967295;

/**
 * Parameters of the Monte-Carlo test. Defaults: seed 1, 200 simulations, denominators of 100 or more (the paper
 * drops smaller stations), at least 100 units. Cost: one hit probability per unit, then units × iterations
 * seeded uniforms, for the table and again for its regions: about 0.3 s per 100,000 units at 200 iterations.
 */
export const IntegerPercentParamsSchema = z.strictObject({
  seed: z
    .number()
    .int()
    .min(1)
    .max(MAX_SEED)
    .default(1)
    .describe('Seed of the simulations; region k (0-based) uses seed + k + 1, wrapped into 1..4294967295.'),
  iterations: z
    .number()
    .int()
    .min(19)
    .max(10000)
    .default(200)
    .describe('Monte-Carlo simulations; the smallest p-value is 1 / (iterations + 1).'),
  minDenominator: z
    .number()
    .int()
    .min(1)
    .default(100)
    .describe('Units with a smaller denominator are left out.'),
  minUnits: z.number().int().min(1).default(100).describe('Fewest units for a result.'),
});
type IntegerPercentParams = z.infer<typeof IntegerPercentParamsSchema>;

/** The seed of a group: the rule's seed for the whole table, a distinct one per region so runs do not repeat. */
export function groupSeed(seed: number, region: number | null): number {
  return region === null ? seed : ((seed - 1 + region + 1) % MAX_SEED) + 1;
}

function run(
  { data, units, params, region }: ScreenRun<IntegerPercentParams>,
  numerator: (data: ScreenData, i: number) => number,
  denominator: (data: ScreenData, i: number) => number,
) {
  const numerators: number[] = [];
  const denominators: number[] = [];
  eachUnit(data, units, (i) => {
    const x = numerator(data, i);
    const n = denominator(data, i);
    if (x < 0 || n < 0) return;
    numerators.push(x);
    denominators.push(n);
  });
  return integerPercentExcess({
    numerators,
    denominators,
    seed: groupSeed(params.seed, region),
    iterations: params.iterations,
    minDenominator: params.minDenominator,
    minUnits: params.minUnits,
  });
}

const companions: Record<'statistic' | 'expected' | 'effectSize' | 'units', Named> = {
  statistic: ['Observed', 'Units whose share is a whole percentage (nearest whole count)'],
  expected: ['Expected', 'The same count expected by chance: mean over binomial Monte-Carlo simulations'],
  effectSize: [
    'Excess',
    '(observed − expected) / units: the share of units at whole percentages beyond chance',
  ],
  units: ['Units', 'Number of units tested (denominator of minDenominator or more, numerator within it)'],
};

/** Facts of the integer-percentage test on turnout (ballots cast / registered voters): turnoutIntegerPercentPValue ... */
export const turnoutIntegerPercentFacts = screenFacts({
  prefix: 'turnoutIntegerPercent',
  what: 'turnout (ballots cast / registered voters) at whole percentages',
  params: IntegerPercentParamsSchema,
  usesLeader: () => false,
  run: (input: ScreenRun<IntegerPercentParams>) =>
    run(
      input,
      (d, i) => d.cast[i] as number,
      (d, i) => d.registered[i] as number,
    ),
  ...companions,
  extras: {
    Percentile: ['Share of simulations with fewer whole-percentage units than observed', (r) => r.percentile],
  },
});

/** Facts of the integer-percentage test on the leader's share (votes / sum of candidate votes). */
export const leaderIntegerPercentFacts = screenFacts({
  prefix: 'leaderIntegerPercent',
  what: "the leader's share (leader's votes / all candidates' votes) at whole percentages",
  params: IntegerPercentParamsSchema,
  usesLeader: () => true,
  run: (input: ScreenRun<IntegerPercentParams>) =>
    run(
      input,
      (d, i) => (d.votes[d.leader as number] as Int32Array)[i] as number,
      (d, i) => d.voteSum[i] as number,
    ),
  ...companions,
  extras: {
    Percentile: ['Share of simulations with fewer whole-percentage units than observed', (r) => r.percentile],
  },
});
