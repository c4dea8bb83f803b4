/** A seeded synthetic precinct table, streamed line by line, clean or with planted anomalies, and its mapping. */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Mapping } from '../schema/mapping.js';
import { inventDigits, roundPercent, Selector, type SynthUnit, slip, stuff } from './inject.js';
import { Random } from './random.js';

/** What to plant: shares of units (0..1) for patterns, a number of units for slips. */
export interface SynthInjections {
  stuffing?: number;
  rounding?: number;
  inventedDigits?: number;
  arithmeticSlips?: number;
}

/** Size, seed and anomalies of a synthetic table. */
export interface SynthOptions {
  rows: number;
  /** Candidates, 2 or more (default 7); candidate 1 leads nationally. */
  candidates?: number;
  seed?: number;
  /** Regions (default 10); turnout and candidate support vary by region. */
  regions?: number;
  inject?: SynthInjections;
  /** Adds a last column `injected` naming the patterns planted in each row (the known answers). */
  labels?: boolean;
}

/** How many units got each pattern. */
export interface SynthSummary {
  rows: number;
  stuffing: number;
  rounding: number;
  inventedDigits: number;
  arithmeticSlip: number;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Column name of candidate i (0-based): c01, c02 ... */
export function candidateColumn(i: number): string {
  return `c${pad(i + 1, 2)}`;
}

/** The header of a synthetic table. */
export function synthHeader(options: SynthOptions): string[] {
  const k = options.candidates ?? 7;
  const header = ['region', 'district', 'station', 'registered', 'issued', 'cast', 'valid', 'invalid'];
  for (let i = 0; i < k; i++) header.push(candidateColumn(i));
  if (options.labels) header.push('injected');
  return header;
}

/** The mapping that reads a synthetic table. */
export function synthMapping(options: SynthOptions): Mapping {
  const k = options.candidates ?? 7;
  return {
    schemaVersion: 1,
    format: { type: 'csv', delimiter: ',' },
    missingValues: ['', 'NA'],
    id: { columns: ['station'], separator: '/' },
    levels: [
      { name: 'region', column: 'region' },
      { name: 'district', column: 'district' },
    ],
    counts: { registered: 'registered', issued: 'issued', cast: 'cast', valid: 'valid', invalid: 'invalid' },
    candidates: Array.from({ length: k }, (_, i) => ({ id: candidateColumn(i), column: candidateColumn(i) })),
  };
}

/** National shares: a leader near 45%, the rest falling off, candidate 0 first. */
function nationalShares(rng: Random, k: number): Float64Array {
  const weights = new Float64Array(k);
  for (let i = 0; i < k; i++) weights[i] = 0.55 ** i;
  const shares = rng.dirichlet(normalize(weights), 400, new Float64Array(k));
  return shares.sort().reverse();
}

function normalize(values: Float64Array): Float64Array {
  const total = values.reduce((a, b) => a + b, 0);
  return values.map((v) => v / total);
}

/**
 * Yields the table's lines (header first), each ending with "\n", one unit at a time; the return value
 * counts the planted patterns. The same options give the same bytes. Base counts come from one PRNG stream
 * and injections from another, so a table with injections differs from the clean one of the same seed only
 * in the units that received them.
 */
export function* synthLines(options: SynthOptions): Generator<string, SynthSummary> {
  const rows = Math.max(0, Math.floor(options.rows));
  const k = Math.max(2, options.candidates ?? 7);
  const regionCount = Math.max(1, options.regions ?? 10);
  const seed = options.seed ?? 1;
  const rng = new Random(seed);
  const pick = new Random(seed ^ 0x5bd1e995);
  const inject = options.inject ?? {};
  const share = (s: number | undefined) => Math.round(Math.min(1, Math.max(0, s ?? 0)) * rows);
  const selectors = {
    stuffing: new Selector(pick, share(inject.stuffing), rows),
    rounding: new Selector(pick, share(inject.rounding), rows),
    inventedDigits: new Selector(pick, share(inject.inventedDigits), rows),
    arithmeticSlip: new Selector(pick, Math.floor(inject.arithmeticSlips ?? 0), rows),
  };
  const summary: SynthSummary = { rows, stuffing: 0, rounding: 0, inventedDigits: 0, arithmeticSlip: 0 };
  const national = nationalShares(rng, k);
  const regions = Array.from({ length: regionCount }, () => ({
    turnout: Math.min(0.85, Math.max(0.35, 0.6 + 0.08 * rng.normal())),
    shares: rng.dirichlet(national, 150, new Float64Array(k)),
  }));
  const districtsPerRegion = Math.max(1, Math.min(50, Math.round(rows / regionCount / 400)));
  const unitShares = new Float64Array(k);
  const u: SynthUnit = {
    registered: 0,
    issued: 0,
    cast: 0,
    valid: 0,
    invalid: 0,
    votes: new Float64Array(k),
    labels: [],
  };
  yield `${synthHeader(options).join(',')}\n`;
  for (let i = 0; i < rows; i++) {
    // Rows come sorted by region and district, as commissions publish them.
    const r = Math.floor((i * regionCount) / rows);
    const region = regions[r] as (typeof regions)[number];
    const regionStart = Math.ceil((r * rows) / regionCount);
    const regionRows = Math.ceil(((r + 1) * rows) / regionCount) - regionStart;
    const d = Math.floor(((i - regionStart) * districtsPerRegion) / Math.max(1, regionRows));
    // Redrawn, not clamped: clamping would pile units up at 200 and 3000 and skew the last digits.
    do u.registered = Math.round(Math.exp(6.8 + 0.5 * rng.normal()));
    while (u.registered < 200 || u.registered > 3000);
    u.cast = rng.binomial(u.registered, rng.beta(region.turnout, 40));
    u.issued = Math.min(u.registered, u.cast + rng.binomial(u.cast, 0.003));
    u.invalid = rng.binomial(u.cast, rng.beta(0.02, 100));
    u.valid = u.cast - u.invalid;
    rng.multinomial(u.valid, rng.dirichlet(region.shares, 80, unitShares), u.votes);
    u.labels = [];
    if (selectors.stuffing.next()) stuff(u, pick);
    if (selectors.rounding.next()) roundPercent(u, pick);
    if (selectors.inventedDigits.next()) inventDigits(u, pick);
    if (selectors.arithmeticSlip.next()) slip(u, pick);
    for (const label of u.labels) summary[label as Exclude<keyof SynthSummary, 'rows'>]++;
    let line = `R${pad(r + 1, 2)},R${pad(r + 1, 2)}-D${pad(d + 1, 2)},${pad(i + 1, 7)},${u.registered},${u.issued},${u.cast},${u.valid},${u.invalid}`;
    for (let c = 0; c < k; c++) line += `,${u.votes[c]}`;
    if (options.labels) line += `,${u.labels.join(';')}`;
    yield `${line}\n`;
  }
  return summary;
}

/** Writes a synthetic table to a stream in 64 KiB pieces, waiting when the stream asks; returns the summary. */
export async function writeSynthTable(out: Writable, options: SynthOptions): Promise<SynthSummary> {
  const lines = synthLines(options);
  let piece = '';
  for (;;) {
    const next = lines.next();
    if (!next.done) piece += next.value;
    if (piece.length >= 1 << 16 || (next.done && piece.length > 0)) {
      if (!out.write(piece)) await once(out, 'drain');
      piece = '';
    }
    if (next.done) return next.value;
  }
}
