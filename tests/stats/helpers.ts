/** Seeded inputs for the statistics tests: columns of synthetic tables, Benford counts and normal samples. */
import mt19937 from '@stdlib/random-base-mt19937';
import normal from '@stdlib/random-base-normal';
import { type SynthOptions, type SynthRow, synthUnits } from '../../src/precinct/synth.js';

/** The units of a synthetic table (the generator of `tallycheck synth`), three candidates unless told. */
export function synthTable(options: SynthOptions): SynthRow[] {
  return [...synthUnits({ candidates: 3, ...options })];
}

/** The per-unit arrays the tests take from a synthetic table. */
export function columns(units: readonly SynthRow[]) {
  return {
    registered: units.map((u) => u.registered),
    ballotsCast: units.map((u) => u.cast),
    valid: units.map((u) => u.valid),
    leaderVotes: units.map((u) => u.votes[0] as number),
    allVotes: units.flatMap((u) => u.votes),
    turnout: units.map((u) => u.cast / u.registered),
    leaderShare: units.map((u) => (u.valid > 0 ? (u.votes[0] as number) / u.valid : Number.NaN)),
  };
}

/** A seeded uniform [0, 1) source (stdlib's Mersenne Twister; its typings omit `normalized`). */
export function uniformSource(seed: number): () => number {
  return (mt19937.factory({ seed }) as unknown as { normalized: () => number }).normalized;
}

/**
 * Counts that follow Benford's law exactly: 10^U with U uniform over [1, 6), floored. The mantissa of a
 * log-uniform variable over whole decades is Benford-distributed, so the second-digit null holds.
 */
export function benfordCounts(seed: number, n: number): number[] {
  const u = uniformSource(seed);
  return Array.from({ length: n }, () => Math.floor(10 ** (1 + 5 * u())));
}

/** n standard-normal draws from a seeded stdlib generator. */
export function normalSample(seed: number, n: number): number[] {
  const draw = normal.factory(0, 1, { seed });
  return Array.from({ length: n }, () => draw());
}

/** Fraction of p-values below alpha, ignoring nulls (which the calibration tests also count and forbid). */
export function rejectionRate(pValues: readonly (number | null)[], alpha = 0.05): number {
  return pValues.filter((p) => p !== null && p < alpha).length / pValues.length;
}
