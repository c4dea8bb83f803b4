/** The anomalies the synthetic generator can plant in a unit, each as a falsifier (or a tired clerk) would. */
import type { Random } from './random.js';

/** The patterns the generator can plant; a unit can carry several. */
export type SynthPattern = 'stuffing' | 'extremeStuffing' | 'rounding' | 'inventedDigits' | 'arithmeticSlip';

/** One synthetic unit's protocol while it is being generated; candidate 0 is the national leader. */
export interface SynthUnit {
  registered: number;
  issued: number;
  cast: number;
  valid: number;
  invalid: number;
  votes: Float64Array;
  labels: SynthPattern[];
}

/** Picks exactly `want` of `total` items, one decision per item in order (Knuth's selection sampling). */
export class Selector {
  private left: number;
  private want: number;
  constructor(
    private readonly rng: Random,
    want: number,
    total: number,
  ) {
    this.want = Math.max(0, Math.min(want, total));
    this.left = total;
  }
  /** Whether the next item is picked. */
  next(): boolean {
    const picked = this.left > 0 && this.rng.uniform() * this.left < this.want;
    this.left--;
    if (picked) this.want--;
    return picked;
  }
}

/** What to plant: shares of units (0..1) for patterns, a number of units for slips. */
export interface SynthInjections {
  stuffing?: number;
  /** Klimek et al.'s extreme fraud: nearly all absentees' ballots and rivals' votes to the leader. */
  extremeStuffing?: number;
  rounding?: number;
  inventedDigits?: number;
  arithmeticSlips?: number;
}

/** One selector per pattern, over `total` units. */
export function patternSelectors(pick: Random, inject: SynthInjections, total: number) {
  const share = (s: number | undefined) => Math.round(Math.min(1, Math.max(0, s ?? 0)) * total);
  const extreme = share(inject.extremeStuffing);
  return {
    stuffing: new Selector(pick, share(inject.stuffing), total),
    // Made only when asked for: every selector draws once per unit, so tables without it keep their bytes.
    extremeStuffing: extreme > 0 ? new Selector(pick, extreme, total) : undefined,
    rounding: new Selector(pick, share(inject.rounding), total),
    inventedDigits: new Selector(pick, share(inject.inventedDigits), total),
    arithmeticSlip: new Selector(pick, Math.floor(inject.arithmeticSlips ?? 0), total),
  };
}

/** Adds `delta` ballots for the leader, keeping the protocol's sums consistent. */
function addLeaderBallots(u: SynthUnit, delta: number): void {
  u.votes[0] = (u.votes[0] as number) + delta;
  u.valid += delta;
  u.cast += delta;
  u.issued += delta;
}

/**
 * Ballot stuffing: ballots for the leader from voters who did not come, a large share of the absentees,
 * so turnout and the leader's share rise together (the Klimek et al. signature).
 */
export function stuff(u: SynthUnit, rng: Random): void {
  const absent = u.registered - u.issued;
  const added = rng.binomial(absent, 0.3 + 0.6 * rng.uniform());
  if (added <= 0) return;
  addLeaderBallots(u, added);
  u.labels.push('stuffing');
}

/**
 * Extreme ballot stuffing (Klimek et al.'s "extreme fraud"): 90-100% of the absentees' ballots are cast for
 * the leader and 90-100% of each rival's votes are moved to the leader, so the unit lands near 100% turnout
 * and 100% for the leader, the corner of the turnout-by-share histogram.
 */
export function stuffExtreme(u: SynthUnit, rng: Random): void {
  const added = Math.round((0.9 + 0.1 * rng.uniform()) * (u.registered - u.issued));
  let moved = 0;
  for (let i = 1; i < u.votes.length; i++) {
    const v = u.votes[i] as number;
    const m = Math.round((0.9 + 0.1 * rng.uniform()) * v);
    u.votes[i] = v - m;
    moved += m;
  }
  u.votes[0] = (u.votes[0] as number) + moved;
  addLeaderBallots(u, added);
  u.labels.push('extremeStuffing');
}

/** The whole numbers nearest `value`, nearest first, within 3 and inside 1..99. */
function nearIntegers(value: number): number[] {
  const base = Math.round(value);
  const out: number[] = [];
  for (const step of [0, 1, -1, 2, -2, 3, -3])
    if (base + step >= 1 && base + step <= 99) out.push(base + step);
  return out;
}

/**
 * Rounding to an integer percent: the leader's votes are changed so the turnout (half the time) or the
 * leader's share of valid ballots (the other half) is a whole percentage, exactly when some nearby
 * percentage allows it, otherwise as near as whole ballots get (Kobak et al.'s signature).
 */
export function roundPercent(u: SynthUnit, rng: Random): void {
  const leader = u.votes[0] as number;
  const others = u.valid - leader;
  let target: number | undefined;
  if (rng.uniform() < 0.5) {
    const near = nearIntegers((100 * u.cast) / u.registered);
    const exact = near.find((p) => (p * u.registered) % 100 === 0);
    const p = exact ?? near[0];
    if (p !== undefined) target = leader + Math.round((p * u.registered) / 100) - u.cast;
  } else if (u.valid > 0) {
    const near = nearIntegers((100 * leader) / u.valid);
    const exact = near.find((p) => (p * others) % (100 - p) === 0);
    const p = exact ?? near[0];
    if (p !== undefined) target = Math.round((p * others) / (100 - p));
  }
  if (target === undefined || target < 0) return;
  const delta = target - leader;
  if (u.issued + delta > u.registered) return;
  addLeaderBallots(u, delta);
  u.labels.push('rounding');
}

/** How often people pick each last digit when they make numbers up: uneven, unlike real counts. */
const HUMAN_DIGITS = [0.04, 0.13, 0.14, 0.12, 0.1, 0.07, 0.11, 0.13, 0.09, 0.07];

function humanDigit(rng: Random): number {
  let u = rng.uniform();
  for (let d = 0; d < 9; d++) {
    u -= HUMAN_DIGITS[d] as number;
    if (u < 0) return d;
  }
  return 9;
}

/**
 * Invented numbers: the last digit of every candidate count of 10 or more is replaced by a human-biased
 * digit (Beber and Scacco's signature); the totals are rewritten to match, as a careful forger would.
 */
export function inventDigits(u: SynthUnit, rng: Random): void {
  let valid = 0;
  for (let i = 0; i < u.votes.length; i++) {
    let v = u.votes[i] as number;
    if (v >= 10) v = v - (v % 10) + humanDigit(rng);
    u.votes[i] = v;
    valid += v;
  }
  const delta = valid - u.valid;
  u.valid = valid;
  u.cast += delta;
  u.issued = Math.max(u.cast, u.issued + delta);
  if (u.issued > u.registered) u.registered = u.issued;
  u.labels.push('inventedDigits');
}

/** An arithmetic slip: one candidate's count changed by a few votes, the totals left as they were. */
export function slip(u: SynthUnit, rng: Random): void {
  const i = rng.int(u.votes.length);
  const v = u.votes[i] as number;
  const change = 1 + rng.int(20);
  u.votes[i] = v >= change && rng.uniform() < 0.5 ? v - change : v + change;
  u.labels.push('arithmeticSlip');
}
