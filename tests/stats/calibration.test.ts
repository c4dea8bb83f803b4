/** False-positive rates over 200 seeds of data where each test's null hypothesis holds: about 5% at p < 0.05. */
import { describe, expect, it } from 'vitest';
import {
  integerPercentExcess,
  lastDigitUniformity,
  moments,
  secondDigitBenford,
  turnoutShareRelation,
} from '../../src/stats/index.js';
import { benfordCounts, columns, normalSample, rejectionRate, synthTable } from './helpers.js';

const SEEDS = Array.from({ length: 200 }, (_, i) => i + 1);
// Binomial(200, 0.05) has mean 10 and sd 3.1; 1%..11% (2..22 of 200) is a wide but meaningful band.
const BAND = { min: 0.01, max: 0.11 };

const clean = (seed: number, rows: number, regions?: number) =>
  columns(synthTable({ seed, rows, ...(regions ? { regions } : {}) }));

const cases: [string, (seed: number) => number | null][] = [
  [
    'lastDigitUniformity on clean synthetic vote counts',
    (s) => lastDigitUniformity(clean(s, 150).allVotes).pValue,
  ],
  [
    'secondDigitBenford on Benford-distributed counts',
    (s) => secondDigitBenford(benfordCounts(s, 300)).pValue,
  ],
  [
    'integerPercentExcess on clean turnout (exact tails)',
    (s) => {
      const c = clean(s, 150);
      return integerPercentExcess({ numerators: c.ballotsCast, denominators: c.registered }).pValue;
    },
  ],
  [
    "integerPercentExcess on the clean leader's share (exact tails)",
    (s) => {
      const c = clean(s, 150);
      return integerPercentExcess({ numerators: c.leaderVotes, denominators: c.valid }).pValue;
    },
  ],
  [
    'turnoutShareRelation (Pearson) on independent turnout and share',
    (s) => {
      const c = clean(s, 200, 1);
      return turnoutShareRelation({ turnout: c.turnout, leaderShare: c.leaderShare }).pValue;
    },
  ],
  [
    'turnoutShareRelation (Spearman) on independent turnout and share',
    (s) => {
      const c = clean(s, 200, 1);
      return turnoutShareRelation({ turnout: c.turnout, leaderShare: c.leaderShare }).spearmanPValue;
    },
  ],
  ['moments (D’Agostino-Pearson) on normal samples', (s) => moments(normalSample(s, 200)).pValue],
];

describe('false-positive rate at p < 0.05 over 200 clean seeds', () => {
  it.each(cases)('%s', (_name, run) => {
    const pValues = SEEDS.map(run);
    expect(pValues.every((p) => p !== null)).toBe(true);
    const rate = rejectionRate(pValues);
    expect(rate).toBeGreaterThanOrEqual(BAND.min);
    expect(rate).toBeLessThanOrEqual(BAND.max);
  });

  it('turnoutShareRelation over-rejects when regions differ: units are not independent, so run it per region', () => {
    // Ten regions with independent regional means still correlate by chance at the region level: 35% of
    // these seeds reject.
    const pValues = SEEDS.map((s) => {
      const c = clean(s, 200, 10);
      return turnoutShareRelation({ turnout: c.turnout, leaderShare: c.leaderShare }).pValue;
    });
    expect(rejectionRate(pValues)).toBeGreaterThan(0.15);
  });
});
