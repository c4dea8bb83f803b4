/** Every screening test, without its facts or parameter schemas: what the screens' worker thread runs. */
import { lastDigitTest, secondDigitTest } from './screen-digits.js';
import type { ScreenMethod } from './screen-family.js';
import { leaderIntegerPercentTest, turnoutIntegerPercentTest } from './screen-integer-percent.js';
import { leaderShareMomentsTest, turnoutMomentsTest, turnoutShareTest } from './screen-turnout-share.js';

// biome-ignore lint/suspicious/noExplicitAny: tests of every parameter and result type.
type AnyScreenMethod = ScreenMethod<any, any>;

/** The tests by prefix (screen-facts.ts gives each its facts; a test checks both list the same tests). */
export const screenMethods: ReadonlyMap<string, AnyScreenMethod> = new Map(
  (
    [
      secondDigitTest,
      lastDigitTest,
      turnoutIntegerPercentTest,
      leaderIntegerPercentTest,
      turnoutShareTest,
      turnoutMomentsTest,
      leaderShareMomentsTest,
    ] as AnyScreenMethod[]
  ).map((t) => [t.prefix, t]),
);
