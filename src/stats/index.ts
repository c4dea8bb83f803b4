/** Election-forensics statistics for precinct tables: pure functions over per-unit arrays, no verdicts. */
export type {
  LastDigitUniformityOptions,
  LastDigitUniformityResult,
  SecondDigitBenfordOptions,
  SecondDigitBenfordResult,
} from './digits.js';
export {
  BENFORD_SECOND_DIGIT,
  BENFORD_SECOND_DIGIT_MEAN,
  lastDigitUniformity,
  secondDigitBenford,
} from './digits.js';
export type {
  IntegerPercentOptions,
  IntegerPercentResult,
  IntegerPercentTails,
  IntegerPercentUnits,
} from './integer-percent.js';
export {
  integerPercentExcess,
  integerPercentGroup,
  integerPercentUnits,
  isIntegerPercent,
} from './integer-percent.js';
export type { MomentsOptions, MomentsResult } from './moments.js';
export { moments } from './moments.js';
export { benjaminiHochberg } from './multiple-testing.js';
export type { Histogram2D, TurnoutShareOptions, TurnoutShareResult } from './turnout-share.js';
export { turnoutShareRelation } from './turnout-share.js';
export type { Numbers, StatResult, StatTestId } from './types.js';
