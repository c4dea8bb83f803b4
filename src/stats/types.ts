/** Shared result shape and input checks for the election-forensics screening tests. */

/** Identifiers of the screening tests in this module. */
export type StatTestId =
  | 'secondDigitBenford'
  | 'lastDigitUniformity'
  | 'integerPercentExcess'
  | 'turnoutShareRelation'
  | 'moments';

/**
 * What every screening test returns: numbers only, never a verdict (thresholds belong to rules).
 * `expected` is the statistic's expectation under the test's null hypothesis. When `insufficient`
 * holds a reason, every inferential number (statistic, expected, pValue, effectSize) is null, so a rule
 * comparing them is "not evaluated" rather than "passed"; descriptive tallies stay filled for charts.
 */
export interface StatResult {
  test: StatTestId;
  /** Name of the statistic, e.g. `chiSquare`. */
  statisticName: string;
  statistic: number | null;
  /** Value of the statistic expected under the null hypothesis (e.g. the degrees of freedom of a chi-square). */
  expected: number | null;
  /** One p-value per test; see each test for sidedness (the integer-percentage test gives a one-sided p). */
  pValue: number | null;
  /** Name of the effect size, e.g. `cohenW`. */
  effectSizeName: string;
  effectSize: number | null;
  /** Number of units (counts, precincts) that entered the test. */
  units: number;
  /** Why the test did not run (too few units), or null when it ran. */
  insufficient: string | null;
}

/** Per-unit numbers: a plain array or a typed array. */
export type Numbers = ArrayLike<number>;

/** Throws a RangeError unless every value is a whole number ≥ 0 (counts come from validated records). */
export function assertWholeCounts(values: Numbers, name: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isSafeInteger(v) || v < 0) {
      throw new RangeError(`${name}[${i}]: expected a whole number ≥ 0, found ${String(v)}.`);
    }
  }
}

/** Throws a RangeError unless `value` is an integer within [min, max]. */
export function assertIntegerOption(
  value: number,
  name: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name}: expected a whole number from ${min} to ${max}, found ${String(value)}.`);
  }
}

/** The reason text used when fewer units than a test's minimum are available, e.g. "values: 3; the test needs at least 20." */
export function tooFewUnits(units: number, minUnits: number, what: string): string {
  return `${what}: ${units}; the test needs at least ${minUnits}.`;
}
