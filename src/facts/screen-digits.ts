/** Digit screens of vote counts: second-digit Benford (Mebane) and last-digit uniformity (Beber and Scacco). */
import { z } from 'zod';
import {
  type DigitTally,
  lastDigitUniformityOfTally,
  secondDigitBenfordOfTally,
  tallyGroups,
} from '../stats/digits.js';
import type { CountColumn } from './screen-data.js';
import { type ScreenRun, screenFacts } from './screen-family.js';

const CountsSchema = z
  .enum(['leader', 'allCandidates'])
  .describe(
    "Whose vote counts enter: the leader's (the candidate with most votes in the table), or every candidate's pooled.",
  );

/**
 * The digits of a group's vote counts, the leader's or every candidate's (missing cells left out), tallied
 * straight from the vote columns: on first use, the whole table's and every region's at once (one pass over
 * each column), kept in the test's work room for the other groups.
 */
function tally(
  digit: 'second' | 'last',
  { data, region, work }: ScreenRun<unknown>,
  { counts, minCount }: { counts: 'leader' | 'allCandidates'; minCount: number },
): DigitTally {
  const columns = counts === 'leader' ? [data.votes[data.leader ?? 0] as CountColumn] : data.votes;
  work.tallies ??= tallyGroups(digit, minCount, columns, data.region, data.regions.length);
  const tallies = work.tallies as DigitTally[];
  return tallies[region === null ? 0 : region + 1] as DigitTally;
}

/**
 * Parameters of the second-digit test. Default: the leader's counts (Mebane tests each candidate's counts on
 * their own; pooling candidates of different sizes mixes distributions and, in clean synthetic tables,
 * departed from Benford more often than the leader alone), counts of 10 or more, at least 60 counts.
 */
export const SecondDigitParamsSchema = z.strictObject({
  counts: CountsSchema.default('leader'),
  minCount: z.number().int().min(10).default(10).describe('Smallest count that has a second digit to test.'),
  minUnits: z.number().int().min(1).default(60).describe('Fewest counts for a result.'),
});
type SecondDigitParams = z.infer<typeof SecondDigitParamsSchema>;

/** Facts of the second-digit Benford test: secondDigitPValue, secondDigitChiSquare, secondDigitCohenW ... */
export const secondDigitFacts = screenFacts({
  prefix: 'secondDigit',
  what: 'second digits of vote counts against Benford’s law',
  params: SecondDigitParamsSchema,
  usesLeader: (params: SecondDigitParams) => params.counts === 'leader',
  cost: 0.2,
  run: (input) => secondDigitBenfordOfTally(tally('second', input, input.params), input.params.minUnits),
  statistic: [
    'ChiSquare',
    'Pearson chi-square of the second-digit frequencies against Benford’s proportions',
  ],
  expected: ['ExpectedChiSquare', 'The chi-square expected under Benford’s law: its 9 degrees of freedom'],
  effectSize: ['CohenW', 'Effect size w = sqrt(chi-square / counts), 0.1 small and 0.3 medium (Cohen 1988)'],
  units: ['Counts', 'Number of vote counts tested (those of minCount or more)'],
  extras: {
    MeanDigit: ['Mean second digit of the counts tested; Benford expects 4.187', (r) => r.meanDigit],
  },
});

/**
 * Parameters of the last-digit test. Default: every candidate's counts pooled, as Beber and Scacco do, of 100 or
 * more (whose last digits are close to uniform in clean counts), at least 50 counts.
 */
export const LastDigitParamsSchema = z.strictObject({
  counts: CountsSchema.default('allCandidates'),
  minCount: z.number().int().min(0).default(100).describe('Smallest count whose last digit is tested.'),
  minUnits: z.number().int().min(1).default(50).describe('Fewest counts for a result.'),
});
type LastDigitParams = z.infer<typeof LastDigitParamsSchema>;

/** Facts of the last-digit uniformity test: lastDigitPValue, lastDigitChiSquare, lastDigitCohenW ... */
export const lastDigitFacts = screenFacts({
  prefix: 'lastDigit',
  what: 'last digits of vote counts against uniformity',
  params: LastDigitParamsSchema,
  usesLeader: (params: LastDigitParams) => params.counts === 'leader',
  cost: 1.1,
  run: (input) => lastDigitUniformityOfTally(tally('last', input, input.params), input.params.minUnits),
  statistic: ['ChiSquare', 'Pearson chi-square of the last-digit frequencies against 0.1 each'],
  expected: [
    'ExpectedChiSquare',
    'The chi-square expected under uniform last digits: its 9 degrees of freedom',
  ],
  effectSize: ['CohenW', 'Effect size w = sqrt(chi-square / counts), 0.1 small and 0.3 medium (Cohen 1988)'],
  units: ['Counts', 'Number of vote counts tested (those of minCount or more)'],
  extras: {
    ShareEndingZero: ['Share of the tested counts ending in 0 (0.1 expected)', (r) => r.shareEndingZero],
    ShareEndingFive: ['Share of the tested counts ending in 5 (0.1 expected)', (r) => r.shareEndingFive],
  },
});
