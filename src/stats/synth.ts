/** Seeded synthetic precinct tables, clean or with injected patterns, that say which units each pattern touched. */
import binomial from '@stdlib/random-base-binomial';
import mt19937 from '@stdlib/random-base-mt19937';
import normal from '@stdlib/random-base-normal';
import { assertIntegerOption } from './types.js';

/** One synthetic polling station. Candidate 0 is the one every injected pattern favours (the leader). */
export interface SynthUnit {
  id: string;
  region: string;
  registered: number;
  ballotsCast: number;
  invalid: number;
  valid: number;
  votes: number[];
}

/** Patterns a unit can carry; each unit carries at most one. */
export type SynthPattern = 'stuffing' | 'rounding' | 'inventedDigits' | 'slips';

/** Share of units (0..1, summing to at most 1) that get each pattern. */
export type SynthInjections = Partial<Record<SynthPattern, number>>;

/** Options of {@link synthUnits} and {@link synthTable}. */
export interface SynthOptions {
  /** Seed of the Mersenne Twister, 1..4294967295: the same options give the same table. */
  seed: number;
  units: number;
  /** Regions, each with its own mean turnout and leader share (default 10). */
  regions?: number;
  /** Candidates, at least 2 (default 3). */
  candidates?: number;
  /** Registered voters per unit, drawn uniformly (default 300..3000). */
  registered?: { min: number; max: number };
  inject?: SynthInjections;
}

/** A whole synthetic table and, per pattern, the ids of the units that carry it (the known answers). */
export interface SynthTable {
  units: SynthUnit[];
  injected: Record<SynthPattern, string[]>;
}

const PATTERNS: readonly SynthPattern[] = ['stuffing', 'rounding', 'inventedDigits', 'slips'];

// Last digits people favour when inventing numbers: 0 and 5 over-used, 1 and 8 avoided (Beber and Scacco 2012
// report such preferences from experiments; the exact weights here are ours).
const INVENTED_DIGIT_WEIGHTS = [0.2, 0.05, 0.1, 0.08, 0.07, 0.2, 0.07, 0.1, 0.05, 0.08];

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/**
 * Generates synthetic polling stations one by one (streamed, so a million rows need not sit in memory).
 * Clean model: per region a mean turnout ~ N(0.6, 0.06) and leader share ~ N(0.5, 0.06); per unit turnout and
 * leader probabilities ~ N(regional, 0.08) clipped to 0.05..0.95, drawn independently of each other; ballots
 * cast ~ Binomial(registered, turnout), invalid ~ Binomial(cast, 0.02), votes by conditional binomials.
 * Patterns: `stuffing` adds 90–100% of non-voters' ballots and moves 90–100% of rivals' votes to the leader
 * (Klimek et al., PNAS 2012); `rounding` writes turnout and the leader's share to whole percentages (Kobak,
 * Shpilkin and Pshenichnikov 2016); `inventedDigits` replaces last digits of votes with human-favoured ones and
 * keeps totals consistent (Beber and Scacco 2012); `slips` puts one candidate off by 1..20 votes so candidate
 * votes no longer add up to valid ballots.
 */
export function* synthUnits(
  options: SynthOptions,
): Generator<{ unit: SynthUnit; pattern: SynthPattern | null }> {
  const {
    seed,
    units,
    regions = 10,
    candidates = 3,
    registered = { min: 300, max: 3000 },
    inject = {},
  } = options;
  assertIntegerOption(seed, 'seed', 1, 4294967295);
  assertIntegerOption(units, 'units', 0);
  assertIntegerOption(regions, 'regions', 1);
  assertIntegerOption(candidates, 'candidates', 2);
  assertIntegerOption(registered.min, 'registered.min', 1);
  assertIntegerOption(registered.max, 'registered.max', registered.min);
  const shares = PATTERNS.map((p) => inject[p] ?? 0);
  if (shares.some((s) => !(s >= 0 && s <= 1)) || shares.reduce((a, b) => a + b, 0) > 1 + 1e-12) {
    throw new RangeError('inject: each share must be from 0 to 1 and together at most 1.');
  }
  // The runtime generator has `normalized` (uniform on [0, 1), 53-bit); the shipped typings omit it.
  const prng = mt19937.factory({ seed }) as unknown as { normalized: () => number };
  const uniform = prng.normalized;
  const bin = binomial.factory({ prng: uniform });
  const norm = normal.factory({ prng: uniform });
  const draw = (n: number, p: number): number => (n === 0 || p <= 0 ? 0 : p >= 1 ? n : bin(n, p));

  const regionTurnout = Array.from({ length: regions }, () => clamp(norm(0.6, 0.06), 0.1, 0.9));
  const regionLeader = Array.from({ length: regions }, () => clamp(norm(0.5, 0.06), 0.1, 0.9));

  /** Splits `total` votes among candidates 1.. in equal expectation. */
  const splitRivals = (votes: number[], total: number): void => {
    let left = total;
    for (let c = 1; c < candidates; c++) {
      const v = c === candidates - 1 ? left : draw(left, 1 / (candidates - c));
      votes[c] = v;
      left -= v;
    }
  };

  for (let i = 0; i < units; i++) {
    const r = Math.floor(uniform() * regions);
    const reg = registered.min + Math.floor(uniform() * (registered.max - registered.min + 1));
    const pTurnout = clamp(norm(regionTurnout[r] as number, 0.08), 0.05, 0.95);
    const pLeader = clamp(norm(regionLeader[r] as number, 0.08), 0.05, 0.95);
    const pick = uniform();
    let pattern: SynthPattern | null = null;
    let cumulative = 0;
    for (let k = 0; k < PATTERNS.length; k++) {
      cumulative += shares[k] as number;
      if (pick < cumulative) {
        pattern = PATTERNS[k] as SynthPattern;
        break;
      }
    }

    const unit: SynthUnit = {
      id: `U${String(i + 1).padStart(7, '0')}`,
      region: `R${String(r + 1).padStart(2, '0')}`,
      registered: reg,
      ballotsCast: 0,
      invalid: 0,
      valid: 0,
      votes: new Array<number>(candidates).fill(0),
    };
    unit.ballotsCast =
      pattern === 'rounding'
        ? Math.min(reg, Math.round((Math.round(100 * pTurnout) * reg) / 100))
        : draw(reg, pTurnout);
    unit.invalid = draw(unit.ballotsCast, 0.02);
    unit.valid = unit.ballotsCast - unit.invalid;
    unit.votes[0] =
      pattern === 'rounding'
        ? Math.round((Math.round(100 * pLeader) * unit.valid) / 100)
        : draw(unit.valid, pLeader);
    splitRivals(unit.votes, unit.valid - (unit.votes[0] as number));

    if (pattern === 'stuffing') {
      const extra = Math.round((0.9 + 0.1 * uniform()) * (reg - unit.ballotsCast));
      let moved = 0;
      for (let c = 1; c < candidates; c++) {
        const m = Math.round((0.9 + 0.1 * uniform()) * (unit.votes[c] as number));
        unit.votes[c] = (unit.votes[c] as number) - m;
        moved += m;
      }
      unit.votes[0] = (unit.votes[0] as number) + moved + extra;
      unit.ballotsCast += extra;
      unit.valid += extra;
    } else if (pattern === 'inventedDigits') {
      for (let c = 0; c < candidates; c++) {
        const v = unit.votes[c] as number;
        if (v >= 10) unit.votes[c] = v - (v % 10) + inventedDigit(uniform());
      }
      unit.valid = unit.votes.reduce((a, b) => a + b, 0);
      unit.ballotsCast = unit.valid + unit.invalid;
      // Whoever invents the counts also keeps them within the register.
      unit.registered = Math.max(unit.registered, unit.ballotsCast);
    } else if (pattern === 'slips') {
      const c = Math.floor(uniform() * candidates);
      const delta = (1 + Math.floor(uniform() * 20)) * (uniform() < 0.5 ? -1 : 1);
      const before = unit.votes[c] as number;
      // A slip that cannot go below zero goes up instead, so every slipped unit really is off.
      unit.votes[c] = before + delta >= 0 ? before + delta : before - delta;
    }
    yield { unit, pattern };
  }
}

function inventedDigit(u: number): number {
  let cumulative = 0;
  for (let d = 0; d < 10; d++) {
    cumulative += INVENTED_DIGIT_WEIGHTS[d] as number;
    if (u < cumulative) return d;
  }
  return 9;
}

/** Collects {@link synthUnits} into a table with the injected unit ids per pattern (the known answers). */
export function synthTable(options: SynthOptions): SynthTable {
  const table: SynthTable = {
    units: [],
    injected: { stuffing: [], rounding: [], inventedDigits: [], slips: [] },
  };
  for (const { unit, pattern } of synthUnits(options)) {
    table.units.push(unit);
    if (pattern) table.injected[pattern].push(unit.id);
  }
  return table;
}

/** CSV header for synthetic units: unit_id, region, registered, ballots_cast, invalid, valid, candidate_1.. */
export function synthCsvHeader(candidates: number): string {
  const names = Array.from({ length: candidates }, (_, c) => `candidate_${c + 1}`);
  return ['unit_id', 'region', 'registered', 'ballots_cast', 'invalid', 'valid', ...names].join(',');
}

/** One CSV line (no line break) for a synthetic unit, in the column order of {@link synthCsvHeader}. */
export function synthCsvRow(unit: SynthUnit): string {
  return [
    unit.id,
    unit.region,
    unit.registered,
    unit.ballotsCast,
    unit.invalid,
    unit.valid,
    ...unit.votes,
  ].join(',');
}
