/** Digit tests on vote counts: the second-digit Benford test (Mebane) and last-digit uniformity (Beber and Scacco). */
import { chiSquareGoodnessOfFit, normalTwoSided } from './distributions.js';
import type { Numbers, StatResult } from './types.js';
import { assertIntegerOption, assertWholeCounts, tooFewUnits } from './types.js';

/**
 * Benford's law for the second significant digit: P(d) = Σ_{k=1..9} log10(1 + 1/(10k + d)), d = 0..9
 * (0.1197, 0.1139, ..., 0.0850). Source: Mebane, "Election Forensics: The Second-digit Benford's Law Test
 * and Recent American Presidential Elections" (2006); Nigrini, "Benford's Law" (2012), table of digit frequencies.
 */
export const BENFORD_SECOND_DIGIT: readonly number[] = Object.freeze(
  Array.from({ length: 10 }, (_, d) => {
    let p = 0;
    for (let k = 1; k <= 9; k++) p += Math.log10(1 + 1 / (10 * k + d));
    return p;
  }),
);

/** Mean second digit under Benford's law (4.187; Mebane 2006). */
export const BENFORD_SECOND_DIGIT_MEAN: number = BENFORD_SECOND_DIGIT.reduce((s, p, d) => s + d * p, 0);

const BENFORD_SECOND_DIGIT_VARIANCE: number =
  BENFORD_SECOND_DIGIT.reduce((s, p, d) => s + d * d * p, 0) - BENFORD_SECOND_DIGIT_MEAN ** 2;

const UNIFORM_DIGITS: readonly number[] = Object.freeze(Array.from({ length: 10 }, () => 0.1));

/** Result of {@link secondDigitBenford}. */
export interface SecondDigitBenfordResult extends StatResult {
  test: 'secondDigitBenford';
  /** How many counts had each second digit 0..9 (always filled, for charts). */
  digitCounts: number[];
  /** Benford's second-digit proportions, for charts against `digitCounts`. */
  expectedShares: readonly number[];
  /** Mean second digit of the counts used; Benford expects {@link BENFORD_SECOND_DIGIT_MEAN}. */
  meanDigit: number | null;
  expectedMeanDigit: number;
  /** Two-sided normal test of the mean second digit against 4.187 (variance from the Benford distribution). */
  meanDigitZ: number | null;
  meanDigitPValue: number | null;
  /** Counts left out because they are below `minCount`. */
  belowMinCount: number;
}

/** Options of {@link secondDigitBenford}. */
export interface SecondDigitBenfordOptions {
  /** Smallest count that enters the test (default 10, Mebane's rule: counts need a second digit). */
  minCount?: number;
  /** Fewest counts for a result (default 60, so that every expected cell holds at least 5). */
  minUnits?: number;
}

/** Second significant digit of each number below 10,000 (0 below 10, where there is none). */
const SECOND_DIGIT = Uint8Array.from({ length: 10000 }, (_, c) => {
  let x = c;
  while (x >= 100) x = Math.floor(x / 10);
  return x < 10 ? 0 : x % 10;
});

/** Second significant digit of a whole number ≥ 10. */
function secondDigit(count: number): number {
  let c = count;
  // Dropping last digits keeps the first two; below 10,000 a table holds the answer.
  while (c >= 10000) c = Math.floor(c / 10);
  return SECOND_DIGIT[c] as number;
}

/**
 * How many counts of a digit test had each digit, tallied column by column (a digit test of pooled columns
 * needs no array of the pooled counts): `add` them, then pass the tally to the test.
 */
export class DigitTally {
  /** Counts per digit 0..9. */
  readonly digitCounts = new Float64Array(10);
  /** Counts tallied (minCount or more), their digits' sum, and the counts below minCount. */
  units = 0;
  digitSum = 0;
  belowMinCount = 0;

  constructor(
    readonly digit: 'second' | 'last',
    readonly minCount: number,
  ) {}

  /** Tallies `counts`, skipping negative values: a table's missing cells (-1). Counts must be whole numbers. */
  add(counts: ArrayLike<number>): void {
    const digitCounts = this.digitCounts;
    const minCount = this.minCount;
    const n = counts.length;
    let seen = 0;
    let digitSum = 0;
    // Two loops rather than one with a branch per count on the digit.
    if (this.digit === 'last') {
      for (let k = 0; k < n; k++) {
        const c = counts[k] as number;
        if (c < 0) continue;
        seen++;
        if (c < minCount) continue;
        const d = c % 10;
        digitCounts[d] = (digitCounts[d] as number) + 1;
      }
    } else {
      for (let k = 0; k < n; k++) {
        const c = counts[k] as number;
        if (c < 0) continue;
        seen++;
        if (c < minCount) continue;
        const d = c < 10000 ? (SECOND_DIGIT[c] as number) : secondDigit(c);
        digitCounts[d] = (digitCounts[d] as number) + 1;
        digitSum += d;
      }
    }
    let total = 0;
    for (let d = 0; d < 10; d++) total += digitCounts[d] as number;
    const tallied = total - this.units;
    this.units = total;
    this.belowMinCount += seen - tallied;
    this.digitSum += digitSum;
  }
}

/**
 * The tallies of `columns` (counts per unit, negative where missing) over the whole table (index 0) and over
 * each region (index r + 1; `region[i]` is unit i's region code 0..regionCount − 1, or −1 for none): the same
 * tallies as {@link DigitTally.add} on each group's units, in one pass over each column instead of one per group.
 */
export function tallyGroups(
  digit: 'second' | 'last',
  minCount: number,
  columns: readonly ArrayLike<number>[],
  region: ArrayLike<number>,
  regionCount: number,
): DigitTally[] {
  const groups = new DigitGroups(digit, minCount, regionCount);
  groups.add(columns, region);
  return groups.tallies();
}

/**
 * {@link tallyGroups} of units that come a block at a time: `add` each block's columns and region codes (in any
 * order: every figure is a whole number, so the order of the additions changes nothing), then `tallies`.
 */
export class DigitGroups {
  private readonly counts: Float64Array;
  private readonly seen: Float64Array;
  private readonly digitSums: Float64Array;

  constructor(
    private readonly digit: 'second' | 'last',
    private readonly minCount: number,
    private readonly regionCount: number,
  ) {
    const groups = regionCount + 1;
    this.counts = new Float64Array(groups * 10);
    this.seen = new Float64Array(groups);
    this.digitSums = new Float64Array(groups);
  }

  /** Adds the counts of some units: each column's (one per candidate), with the units' region codes. */
  add(columns: readonly ArrayLike<number>[], region: ArrayLike<number>): void {
    const { counts, seen, digitSums, minCount } = this;
    // Counted per unit and group (group 0 here: the units without a region), added up in tallies(). Two loops
    // rather than one with a branch per count on the digit.
    const last = this.digit === 'last';
    for (const column of columns) {
      const n = column.length;
      if (last) {
        for (let i = 0; i < n; i++) {
          const c = column[i] as number;
          if (c < 0) continue;
          const g = (region[i] as number) + 1;
          seen[g] = (seen[g] as number) + 1;
          if (c >= minCount) counts[g * 10 + (c % 10)] = (counts[g * 10 + (c % 10)] as number) + 1;
        }
      } else {
        for (let i = 0; i < n; i++) {
          const c = column[i] as number;
          if (c < 0) continue;
          const g = (region[i] as number) + 1;
          seen[g] = (seen[g] as number) + 1;
          if (c < minCount) continue;
          const d = c < 10000 ? (SECOND_DIGIT[c] as number) : secondDigit(c);
          counts[g * 10 + d] = (counts[g * 10 + d] as number) + 1;
          digitSums[g] = (digitSums[g] as number) + d;
        }
      }
    }
  }

  /** The whole table's tally (index 0) and each region's (r + 1). */
  tallies(): DigitTally[] {
    const groups = this.regionCount + 1;
    const counts = Float64Array.from(this.counts);
    const seen = Float64Array.from(this.seen);
    const digitSums = Float64Array.from(this.digitSums);
    // Group 0 holds the units without a region; the whole table's figures are every group's.
    for (let g = 1; g < groups; g++) {
      seen[0] = (seen[0] as number) + (seen[g] as number);
      digitSums[0] = (digitSums[0] as number) + (digitSums[g] as number);
      for (let d = 0; d < 10; d++) counts[d] = (counts[d] as number) + (counts[g * 10 + d] as number);
    }
    return Array.from({ length: groups }, (_, g) => {
      const tally = new DigitTally(this.digit, this.minCount);
      tally.digitCounts.set(counts.subarray(g * 10, g * 10 + 10));
      for (let d = 0; d < 10; d++) tally.units += tally.digitCounts[d] as number;
      tally.belowMinCount = (seen[g] as number) - tally.units;
      // DigitTally.add sums second digits only (the last-digit results do not read the sum).
      tally.digitSum = this.digit === 'second' ? (digitSums[g] as number) : 0;
      return tally;
    });
  }
}

/** The tally of `counts` (whole numbers ≥ 0), checked. */
function tallyOf(digit: 'second' | 'last', counts: Numbers, minCount: number): DigitTally {
  assertWholeCounts(counts, 'counts');
  const tally = new DigitTally(digit, minCount);
  tally.add(counts);
  return tally;
}

function cohenW(chiSquare: number, n: number): number {
  return Math.sqrt(chiSquare / n);
}

/**
 * Second-digit Benford test (2BL) on vote counts of `minCount` (default 10) or more: Pearson chi-square of the
 * second-digit frequencies against Benford's proportions, p-value from the chi-square distribution with 9
 * degrees of freedom, Cohen's w = sqrt(χ²/n) as effect size, and the mean second digit (expected 4.187) as a
 * companion. A deviation is an anomaly consistent with manipulation and also with many benign processes
 * (Mebane 2006; Deckert, Myagkov and Ordeshook 2011), so rules should word it as such.
 * Source: Mebane, "Election Forensics: The Second-digit Benford's Law Test and Recent American Presidential
 * Elections" (2006).
 */
export function secondDigitBenford(
  counts: Numbers,
  { minCount = 10, minUnits = 60 }: SecondDigitBenfordOptions = {},
): SecondDigitBenfordResult {
  return secondDigitBenfordOfTally(tallyOf('second', counts, minCount), minUnits);
}

/** {@link secondDigitBenford} of counts already tallied (second digits, `minCount` of 10 or more). */
export function secondDigitBenfordOfTally(tally: DigitTally, minUnits = 60): SecondDigitBenfordResult {
  if (tally.digit !== 'second')
    throw new RangeError('secondDigitBenford: expected a tally of second digits.');
  const { minCount, units, digitSum } = tally;
  assertIntegerOption(minCount, 'minCount', 10);
  assertIntegerOption(minUnits, 'minUnits', 1);
  const digitCounts = Array.from(tally.digitCounts);
  const base = {
    test: 'secondDigitBenford' as const,
    statisticName: 'chiSquare',
    effectSizeName: 'cohenW',
    units,
    digitCounts,
    expectedShares: BENFORD_SECOND_DIGIT,
    expectedMeanDigit: BENFORD_SECOND_DIGIT_MEAN,
    belowMinCount: tally.belowMinCount,
  };
  if (units < minUnits) {
    return {
      ...base,
      statistic: null,
      expected: null,
      pValue: null,
      effectSize: null,
      meanDigit: null,
      meanDigitZ: null,
      meanDigitPValue: null,
      insufficient: tooFewUnits(units, minUnits, `counts of ${minCount} or more`),
    };
  }
  const fit = chiSquareGoodnessOfFit(digitCounts, BENFORD_SECOND_DIGIT);
  const meanDigit = digitSum / units;
  const meanDigitZ =
    (meanDigit - BENFORD_SECOND_DIGIT_MEAN) / Math.sqrt(BENFORD_SECOND_DIGIT_VARIANCE / units);
  return {
    ...base,
    statistic: fit.chiSquare,
    expected: fit.df,
    pValue: fit.pValue,
    effectSize: cohenW(fit.chiSquare, units),
    meanDigit,
    meanDigitZ,
    meanDigitPValue: normalTwoSided(meanDigitZ),
    insufficient: null,
  };
}

/** Result of {@link lastDigitUniformity}. */
export interface LastDigitUniformityResult extends StatResult {
  test: 'lastDigitUniformity';
  /** How many counts end in each digit 0..9 (always filled, for charts). */
  digitCounts: number[];
  /** Uniform proportions (0.1 each), for charts against `digitCounts`. */
  expectedShares: readonly number[];
  /** Largest absolute gap between a digit's share and 0.1. */
  maxDeviation: number | null;
  /** Shares of counts ending in 0 and in 5 (0.1 each expected); people inventing numbers favour them. */
  shareEndingZero: number | null;
  shareEndingFive: number | null;
  /** Counts left out because they are below `minCount`. */
  belowMinCount: number;
}

/** Options of {@link lastDigitUniformity}. */
export interface LastDigitUniformityOptions {
  /** Smallest count that enters the test (default 100: last digits of 3-digit counts are close to uniform). */
  minCount?: number;
  /** Fewest counts for a result (default 50, so that every expected cell holds at least 5). */
  minUnits?: number;
}

/**
 * Last-digit uniformity test on counts of `minCount` (default 100) or more: Pearson chi-square of the
 * last-digit frequencies against 0.1 each, p-value from the chi-square distribution with 9 degrees of freedom,
 * Cohen's w = sqrt(χ²/n) as effect size, plus the largest deviation of a digit's share from 0.1 and the shares
 * of counts ending in 0 and 5. A deviation is an anomaly consistent with invented numbers.
 * Source: Beber and Scacco, "What the Numbers Say: A Digit-Based Test for Election Fraud", Political Analysis
 * 20(2), 2012.
 */
export function lastDigitUniformity(
  counts: Numbers,
  { minCount = 100, minUnits = 50 }: LastDigitUniformityOptions = {},
): LastDigitUniformityResult {
  return lastDigitUniformityOfTally(tallyOf('last', counts, minCount), minUnits);
}

/** {@link lastDigitUniformity} of counts already tallied (last digits). */
export function lastDigitUniformityOfTally(tally: DigitTally, minUnits = 50): LastDigitUniformityResult {
  if (tally.digit !== 'last') throw new RangeError('lastDigitUniformity: expected a tally of last digits.');
  const { minCount, units } = tally;
  assertIntegerOption(minCount, 'minCount', 0);
  assertIntegerOption(minUnits, 'minUnits', 1);
  const digitCounts = Array.from(tally.digitCounts);
  const base = {
    test: 'lastDigitUniformity' as const,
    statisticName: 'chiSquare',
    effectSizeName: 'cohenW',
    units,
    digitCounts,
    expectedShares: UNIFORM_DIGITS,
    belowMinCount: tally.belowMinCount,
  };
  if (units < minUnits) {
    return {
      ...base,
      statistic: null,
      expected: null,
      pValue: null,
      effectSize: null,
      maxDeviation: null,
      shareEndingZero: null,
      shareEndingFive: null,
      insufficient: tooFewUnits(units, minUnits, `counts of ${minCount} or more`),
    };
  }
  const fit = chiSquareGoodnessOfFit(digitCounts, UNIFORM_DIGITS);
  return {
    ...base,
    statistic: fit.chiSquare,
    expected: fit.df,
    pValue: fit.pValue,
    effectSize: cohenW(fit.chiSquare, units),
    maxDeviation: Math.max(...digitCounts.map((c) => Math.abs(c / units - 0.1))),
    shareEndingZero: (digitCounts[0] as number) / units,
    shareEndingFive: (digitCounts[5] as number) / units,
    insufficient: null,
  };
}
