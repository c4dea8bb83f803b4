/**
 * The screening tests' facts: each test (screen-methods.ts) with the zod schema of its parameters, which the
 * rule files' params are checked against and which give their defaults.
 */
import { z } from 'zod';
import { lastDigitTest, secondDigitTest } from './screen-digits.js';
import { screenFacts } from './screen-family.js';
import { leaderIntegerPercentTest, turnoutIntegerPercentTest } from './screen-integer-percent.js';
import { leaderShareMomentsTest, turnoutMomentsTest, turnoutShareTest } from './screen-turnout-share.js';

const CountsSchema = z
  .enum(['leader', 'allCandidates'])
  .describe(
    "Whose vote counts enter: the leader's (the candidate with most votes in the table), or every candidate's pooled.",
  );

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
export type SecondDigitParams = z.infer<typeof SecondDigitParamsSchema>;

/**
 * Parameters of the last-digit test. Default: every candidate's counts pooled, as Beber and Scacco do, of 100 or
 * more (whose last digits are close to uniform in clean counts), at least 50 counts.
 */
export const LastDigitParamsSchema = z.strictObject({
  counts: CountsSchema.default('allCandidates'),
  minCount: z.number().int().min(0).default(100).describe('Smallest count whose last digit is tested.'),
  minUnits: z.number().int().min(1).default(50).describe('Fewest counts for a result.'),
});
export type LastDigitParams = z.infer<typeof LastDigitParamsSchema>;

/**
 * Parameters of the integer-percentage tests. Defaults: denominators of 100 or more (the paper drops smaller stations), at least 100
 * units. No seed or iteration count: the null distribution is computed, not simulated. Cost: one hit
 * probability per distinct (numerator, denominator) pair of the table, about 0.1-0.3 µs each from tables shared
 * per denominator, then two passes over the units that sum every group at once (and one more for groups whose
 * hit count has a variance of at most 2,500, for the exact convolution). On the benchmark's 1,000,000 units:
 * 0.15-0.18 s of CPU for turnout and 0.11-0.12 s for the leader's share once warm, 0.25 s and 0.17 s on a first
 * call in a fresh process.
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
export type IntegerPercentParams = z.infer<typeof IntegerPercentParamsSchema>;

/**
 * Parameters of the turnout-share test. Defaults: the 95%/95% corner (issue 4's stand-in for Klimek's
 * 100%/100% "extreme fraud" corner), a coarse 20 × 20 histogram (5-point bins, enough for a density chart and
 * small in a report), at least 30 units, no Spearman correlation. Units are unweighted, as in Klimek's
 * per-station fingerprints.
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
  spearman: z
    .boolean()
    .default(false)
    .describe(
      'Also compute the Spearman rank correlation (fact turnoutShareSpearman). It ranks every unit: about 32 bytes a unit of memory and 0.15 s of CPU per million units, where the rest of the test keeps no per-unit arrays.',
    ),
});
export type TurnoutShareParams = z.infer<typeof TurnoutShareParamsSchema>;

/** Parameters of the moments tests: at least 20 values (the kurtosis test's floor). */
export const MomentsParamsSchema = z.strictObject({
  minUnits: z.number().int().min(20).default(20).describe('Fewest values for a result.'),
});
export type MomentsParams = z.infer<typeof MomentsParamsSchema>;

/** Facts of the second-digit Benford test: secondDigitPValue, secondDigitChiSquare, secondDigitCohenW ... */
export const secondDigitFacts = screenFacts({ ...secondDigitTest, params: SecondDigitParamsSchema });

/** Facts of the last-digit uniformity test: lastDigitPValue, lastDigitChiSquare, lastDigitCohenW ... */
export const lastDigitFacts = screenFacts({ ...lastDigitTest, params: LastDigitParamsSchema });

/** Facts of the integer-percentage test on turnout: turnoutIntegerPercentPValue ... */
export const turnoutIntegerPercentFacts = screenFacts({
  ...turnoutIntegerPercentTest,
  params: IntegerPercentParamsSchema,
});

/** Facts of the integer-percentage test on the leader's share: leaderIntegerPercentPValue ... */
export const leaderIntegerPercentFacts = screenFacts({
  ...leaderIntegerPercentTest,
  params: IntegerPercentParamsSchema,
});

/** Facts of the turnout-share test: turnoutSharePValue, turnoutShareCorrelation, turnoutShareCorner ... */
export const turnoutShareFacts = screenFacts({ ...turnoutShareTest, params: TurnoutShareParamsSchema });

/** Facts of the shape of turnout across units: turnoutMomentsPValue, turnoutMomentsSkewness ... */
export const turnoutMomentsFacts = screenFacts({ ...turnoutMomentsTest, params: MomentsParamsSchema });

/** Facts of the shape of the leader's share across units: leaderShareMomentsPValue ... */
export const leaderShareMomentsFacts = screenFacts({
  ...leaderShareMomentsTest,
  params: MomentsParamsSchema,
});
