/** A seeded synthetic precinct table, streamed line by line or unit by unit, clean or with planted anomalies. */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Mapping } from '../schema/mapping.js';
import {
  inventDigits,
  patternSelectors,
  roundPercent,
  type SynthInjections,
  type SynthPattern,
  type SynthUnit,
  slip,
  stuff,
  stuffExtreme,
} from './inject.js';
import { Random } from './random.js';

export type { SynthInjections, SynthPattern } from './inject.js';

/**
 * Registered voters per station: log-normal around `median` (σ 0.5 on the log scale), redrawn until within
 * min..max. Defaults: 200..3000 around e^6.8 (about 900).
 */
export interface SynthStationSizes {
  min?: number;
  max?: number;
  /** Default e^6.8, brought within min..max; when given, it must lie within them. */
  median?: number;
}

/** What one region can set for itself, in place of the table's option. */
export interface SynthRegionOptions {
  /** Patterns planted in this region, as shares of its units (a number of its units for slips). */
  inject?: SynthInjections;
  registered?: SynthStationSizes;
}

/** Size, seed and anomalies of a synthetic table. */
export interface SynthOptions {
  rows: number;
  /** Candidates, 2 or more (default 7); candidate 1 leads nationally. */
  candidates?: number;
  seed?: number;
  /** Regions (default 10), R01, R02 ...; turnout and candidate support vary by region. */
  regions?: number;
  /** Patterns planted over the units of every region that does not give its own `inject`. */
  inject?: SynthInjections;
  registered?: SynthStationSizes;
  /** Options of single regions by name ("R05"); a region's `inject` replaces the table's there. */
  regionOptions?: Record<string, SynthRegionOptions>;
  /** Adds a last column `injected` naming the patterns planted in each row (the known answers). */
  labels?: boolean;
}

/** How many units got each pattern. */
export interface SynthSummary {
  rows: number;
  stuffing: number;
  extremeStuffing: number;
  rounding: number;
  inventedDigits: number;
  arithmeticSlip: number;
}

/** One synthetic unit as numbers: what a line of the table holds, and the patterns planted in it. */
export interface SynthRow {
  region: string;
  district: string;
  station: string;
  registered: number;
  issued: number;
  cast: number;
  valid: number;
  invalid: number;
  /** Candidate votes, in column order; candidate 0 leads nationally. */
  votes: number[];
  /** The patterns planted in this unit, in the order they were applied (the known answers). */
  injected: SynthPattern[];
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const regionName = (r: number) => `R${pad(r + 1, 2)}`;

/** Column name of candidate i (0-based): c01, c02 ... */
export function candidateColumn(i: number): string {
  return `c${pad(i + 1, 2)}`;
}

/** Candidates in a synthetic table: at least two, a leader and a rival (the patterns move votes between them). */
export function candidateCount(options: SynthOptions): number {
  return Math.max(2, options.candidates ?? 7);
}

/** The header of a synthetic table. */
export function synthHeader(options: SynthOptions): string[] {
  const k = candidateCount(options);
  const header = ['region', 'district', 'station', 'registered', 'issued', 'cast', 'valid', 'invalid'];
  for (let i = 0; i < k; i++) header.push(candidateColumn(i));
  if (options.labels) header.push('injected');
  return header;
}

/** How a synthetic table is written: CSV lines, or one JSON object per line with the same columns as keys. */
export type SynthFormat = 'csv' | 'ndjson';

/** The mapping that reads a synthetic table written in `format`. */
export function synthMapping(options: SynthOptions, format: SynthFormat = 'csv'): Mapping {
  const k = candidateCount(options);
  return {
    schemaVersion: 1,
    format: format === 'ndjson' ? { type: 'ndjson' } : { type: 'csv', delimiter: ',' },
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

/** Checks station sizes and returns the log-normal's location and the bounds. */
function stationSizes(sizes: SynthStationSizes = {}, where: string) {
  const { min = 200, max = 3000, median } = sizes;
  const whole = (v: number) => Number.isSafeInteger(v) && v >= 1;
  if (!whole(min) || !whole(max) || max < min)
    throw new RangeError(`${where}registered: min and max must be whole numbers, 1 ≤ min ≤ max.`);
  if (median !== undefined && !(median >= min && median <= max))
    throw new RangeError(`${where}registered.median must lie within min..max (${min}..${max}).`);
  // By default 6.8 itself, not ln(e^6.8), which may differ in the last bit: default tables keep their bytes.
  const mu = median !== undefined ? Math.log(median) : Math.min(Math.log(max), Math.max(Math.log(min), 6.8));
  return { min, max, mu };
}

/** A unit as drawn, its region, district and row index; the unit object is reused for the next one. */
interface Drawn {
  region: number;
  district: number;
  index: number;
  unit: SynthUnit;
}

/**
 * Draws the units one at a time, sorted by region and district as commissions publish them. Base counts
 * come from one PRNG stream and injections from another, so a table with injections differs from the clean
 * one of the same seed only in the units that received them.
 */
function* drawUnits(options: SynthOptions): Generator<Drawn, SynthSummary> {
  const rows = Math.max(0, Math.floor(options.rows));
  const k = candidateCount(options);
  const regionCount = Math.max(1, options.regions ?? 10);
  const seed = options.seed ?? 1;
  const rng = new Random(seed);
  const pick = new Random(seed ^ 0x5bd1e995);
  const names = Array.from({ length: regionCount }, (_, r) => regionName(r));
  const own = options.regionOptions ?? {};
  for (const name of Object.keys(own))
    if (!names.includes(name))
      throw new RangeError(`regionOptions: no region "${name}"; the table has ${names[0]}..${names.at(-1)}.`);
  const regionStart = (r: number) => Math.ceil((r * rows) / regionCount);
  const regionRows = (r: number) => regionStart(r + 1) - regionStart(r);
  // The table's injections are spread over the regions that do not give their own.
  let sharedRows = 0;
  for (let r = 0; r < regionCount; r++) if (!own[names[r] as string]?.inject) sharedRows += regionRows(r);
  const shared = patternSelectors(pick, options.inject ?? {}, sharedRows);
  const tableSizes = stationSizes(options.registered, '');
  const plans = names.map((name, r) => {
    const o = own[name] ?? {};
    return {
      selectors: o.inject ? patternSelectors(pick, o.inject, regionRows(r)) : shared,
      sizes: o.registered ? stationSizes(o.registered, `regionOptions.${name}.`) : tableSizes,
    };
  });
  const summary: SynthSummary = {
    rows,
    stuffing: 0,
    extremeStuffing: 0,
    rounding: 0,
    inventedDigits: 0,
    arithmeticSlip: 0,
  };
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
  const drawn: Drawn = { region: 0, district: 0, index: 0, unit: u };
  for (let i = 0; i < rows; i++) {
    const r = Math.floor((i * regionCount) / rows);
    const region = regions[r] as (typeof regions)[number];
    const { selectors: select, sizes } = plans[r] as (typeof plans)[number];
    const d = Math.floor(((i - regionStart(r)) * districtsPerRegion) / Math.max(1, regionRows(r)));
    // Redrawn, not clamped: clamping would pile units up at the bounds and skew the last digits.
    do u.registered = Math.round(Math.exp(sizes.mu + 0.5 * rng.normal()));
    while (u.registered < sizes.min || u.registered > sizes.max);
    u.cast = rng.binomial(u.registered, rng.beta(region.turnout, 40));
    u.issued = Math.min(u.registered, u.cast + rng.binomial(u.cast, 0.003));
    u.invalid = rng.binomial(u.cast, rng.beta(0.02, 100));
    u.valid = u.cast - u.invalid;
    rng.multinomial(u.valid, rng.dirichlet(region.shares, 80, unitShares), u.votes);
    u.labels = [];
    if (select.stuffing.next()) stuff(u, pick);
    if (select.extremeStuffing?.next()) stuffExtreme(u, pick);
    if (select.rounding.next()) roundPercent(u, pick);
    if (select.inventedDigits.next()) inventDigits(u, pick);
    if (select.arithmeticSlip.next()) slip(u, pick);
    for (const label of u.labels) summary[label]++;
    drawn.region = r;
    drawn.district = d;
    drawn.index = i;
    yield drawn;
  }
  return summary;
}

/**
 * Yields the table's lines (header first), each ending with "\n", one unit at a time; the return value
 * counts the planted patterns. The same options give the same bytes.
 */
export function* synthLines(options: SynthOptions): Generator<string, SynthSummary> {
  const k = candidateCount(options);
  yield `${synthHeader(options).join(',')}\n`;
  const units = drawUnits(options);
  for (;;) {
    const next = units.next();
    if (next.done) return next.value;
    const { region: r, district: d, index: i, unit: u } = next.value;
    let line = `R${pad(r + 1, 2)},R${pad(r + 1, 2)}-D${pad(d + 1, 2)},${pad(i + 1, 7)},${u.registered},${u.issued},${u.cast},${u.valid},${u.invalid}`;
    for (let c = 0; c < k; c++) line += `,${u.votes[c]}`;
    if (options.labels) line += `,${u.labels.join(';')}`;
    yield `${line}\n`;
  }
}

/**
 * Yields the units of {@link synthLines} as NDJSON lines: one object per unit, keyed by the CSV header's columns in
 * its order, ids as strings (a station keeps its leading zeros) and counts as numbers.
 */
export function* synthNdjsonLines(options: SynthOptions): Generator<string, SynthSummary> {
  const units = synthUnits(options);
  for (;;) {
    const next = units.next();
    if (next.done) return next.value;
    const { region, district, station, registered, issued, cast, valid, invalid, votes } = next.value;
    const counts = { registered, issued, cast, valid, invalid };
    const row: Record<string, string | number> = { region, district, station, ...counts };
    for (const [i, v] of votes.entries()) row[candidateColumn(i)] = v;
    if (options.labels) row.injected = next.value.injected.join(';');
    yield `${JSON.stringify(row)}\n`;
  }
}

/**
 * Yields the same units as {@link synthLines}, as numbers (for tests that work in memory), each with the
 * patterns planted in it; the return value counts them.
 */
export function* synthUnits(options: SynthOptions): Generator<SynthRow, SynthSummary> {
  const units = drawUnits(options);
  for (;;) {
    const next = units.next();
    if (next.done) return next.value;
    const { region: r, district: d, index: i, unit: u } = next.value;
    yield {
      region: regionName(r),
      district: `${regionName(r)}-D${pad(d + 1, 2)}`,
      station: pad(i + 1, 7),
      registered: u.registered,
      issued: u.issued,
      cast: u.cast,
      valid: u.valid,
      invalid: u.invalid,
      votes: Array.from(u.votes),
      injected: [...u.labels],
    };
  }
}

/**
 * Writes a synthetic table in `format` to a stream in 64 KiB pieces, waiting when the stream asks; returns the
 * summary.
 */
export async function writeSynthTable(
  out: Writable,
  options: SynthOptions,
  format: SynthFormat = 'csv',
): Promise<SynthSummary> {
  const lines = format === 'ndjson' ? synthNdjsonLines(options) : synthLines(options);
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
