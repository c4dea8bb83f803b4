/** Digit screens of vote counts: second-digit Benford (Mebane) and last-digit uniformity (Beber and Scacco). */
import {
  DigitGroups,
  type DigitTally,
  lastDigitUniformityOfTally,
  secondDigitBenfordOfTally,
} from '../stats/digits.js';
import { unitBlocks } from './screen-data.js';
import type { LastDigitParams, SecondDigitParams } from './screen-facts.js';
import type { ScreenMethod, ScreenRun } from './screen-family.js';

/**
 * The digits of a group's vote counts, the leader's or every candidate's (missing cells left out), tallied
 * straight from the vote columns: on first use, the whole table's and every region's at once (one pass over
 * the units), kept in the test's work room for the other groups.
 */
function tally(
  digit: 'second' | 'last',
  { data, region, work }: ScreenRun<unknown>,
  { counts, minCount }: { counts: 'leader' | 'allCandidates'; minCount: number },
): DigitTally {
  if (!work.tallies) {
    const candidates = counts === 'leader' ? [data.leader ?? 0] : data.columns.votes.map((_, k) => k);
    const groups = new DigitGroups(digit, minCount, data.regions.length);
    for (const block of unitBlocks(data)) {
      groups.add(
        candidates.map((k) => block.votes(k)),
        block.region,
      );
    }
    work.tallies = groups.tallies();
  }
  const tallies = work.tallies as DigitTally[];
  return tallies[region === null ? 0 : region + 1] as DigitTally;
}

/** The second-digit Benford test (facts secondDigitPValue, secondDigitChiSquare, secondDigitCohenW ...). */
export const secondDigitTest: ScreenMethod<
  SecondDigitParams,
  ReturnType<typeof secondDigitBenfordOfTally>
> = {
  prefix: 'secondDigit',
  what: 'second digits of vote counts against Benford’s law',
  usesLeader: (params: SecondDigitParams) => params.counts === 'leader',
  cost: () => 0.2,
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
};

/** The last-digit uniformity test (facts lastDigitPValue, lastDigitChiSquare, lastDigitCohenW ...). */
export const lastDigitTest: ScreenMethod<LastDigitParams, ReturnType<typeof lastDigitUniformityOfTally>> = {
  prefix: 'lastDigit',
  what: 'last digits of vote counts against uniformity',
  usesLeader: (params: LastDigitParams) => params.counts === 'leader',
  cost: () => 1.1,
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
};
