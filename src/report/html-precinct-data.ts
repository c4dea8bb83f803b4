/** Precinct chart data for the HTML report, read from the details of the screening rules' outcomes. */
import type { Report, RuleOutcome } from './types.js';

type Values = Record<string, unknown>;

/** A bin over lo..hi percent with its units. */
export interface Bin {
  lo: number;
  hi: number;
  units: number;
}

/** A histogram over 0..100 percent, at most 50 bins. */
export interface Histogram {
  bins: Bin[];
  units: number;
  /** Where the bins came from, in words, for the caption. */
  basis: string;
}

/** The turnout-by-leader's-share histogram at most 25 × 25: its non-empty cells, in percent. */
export interface Density {
  cells: { turnoutLo: number; turnoutHi: number; shareLo: number; shareHi: number; units: number }[];
  units: number;
  leaderName?: string;
  corner?: { turnout: number; share: number; units: number };
}

/** Observed digit counts against the shares a law expects. */
export interface Digits {
  counts: number[];
  expected: number[];
  units: number;
  /** Whose counts: the leader's name, or undefined when every candidate's counts are pooled. */
  leaderName?: string;
  minCount?: number;
}

/** Units at each whole percentage 0..100, and the observed and expected totals the test compared. */
export interface Peaks {
  byPercent: number[];
  observed?: number;
  expected?: number;
  units: number;
  leaderName?: string;
}

/** The screening charts of one precinct table (whole table only), and why any was left out. */
export interface TableCharts {
  tableId: string;
  turnout?: Histogram;
  density?: Density;
  secondDigit?: Digits;
  lastDigit?: Digits;
  turnoutPeaks?: Peaks;
  leaderPeaks?: Peaks;
  notes: string[];
}

function record(x: unknown): Values | undefined {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Values) : undefined;
}

function finite(x: unknown): number | undefined {
  return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
}

function numbers(x: unknown, length?: number): number[] | undefined {
  if (!Array.isArray(x) || (length !== undefined && x.length !== length)) return undefined;
  return x.every((v) => finite(v) !== undefined && v >= 0) ? (x as number[]) : undefined;
}

function text(x: unknown): string | undefined {
  return typeof x === 'string' && x.length > 0 ? x : undefined;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** What the screens of one table reported: the first detail of each fact, and why a fact had no value. */
interface Screens {
  details: Map<string, Values>;
  params: Map<string, Values>;
  reasons: Map<string, string>;
}

const WHOLE_TABLE = /^table:(.+)\/all$/;

function screensByTable(outcomes: RuleOutcome[]): Map<string, Screens> {
  const out = new Map<string, Screens>();
  for (const o of outcomes) {
    const m = o.subject.kind === 'unitScreen' ? WHOLE_TABLE.exec(o.subject.id) : null;
    if (!m?.[1]) continue;
    const s = out.get(m[1]) ?? { details: new Map(), params: new Map(), reasons: new Map() };
    out.set(m[1], s);
    for (const [fact, detail] of Object.entries(o.evidence?.details ?? {})) {
      const d = record(detail);
      if (!d || s.details.has(fact)) continue;
      s.details.set(fact, d);
      const params = o.evidence?.conditions.find((c) => c.fact === fact)?.params;
      if (params) s.params.set(fact, params);
    }
    for (const c of o.evidence?.conditions ?? [])
      if (c.result === null && c.reason && !s.reasons.has(c.fact)) s.reasons.set(c.fact, c.reason);
  }
  return out;
}

/**
 * Groups equal bins over 0..1 into at most `max` bins over 0..100 percent: groups of the smallest whole number of
 * bins that is enough, the last group possibly narrower (its edges say so).
 */
function groups(bins: number, max: number): { lo: number; hi: number; from: number; to: number }[] {
  const size = Math.ceil(bins / max);
  const out = [];
  for (let from = 0; from < bins; from += size) {
    const to = Math.min(bins, from + size);
    out.push({ lo: (100 * from) / bins, hi: (100 * to) / bins, from, to });
  }
  return out;
}

function coarse(counts: number[], max: number): Bin[] {
  return groups(counts.length, max).map((g) => ({
    lo: g.lo,
    hi: g.hi,
    units: sum(counts.slice(g.from, g.to)),
  }));
}

/** The 2D histogram of `turnoutSharePValue`: `counts[t][s]`, turnout bins by rows, share bins by columns. */
function grid(s: Screens): number[][] | undefined {
  const h = record(s.details.get('turnoutSharePValue')?.histogram);
  const bins = finite(h?.bins);
  const rows = Array.isArray(h?.counts) ? (h.counts as unknown[]) : undefined;
  if (!bins || !rows || rows.length !== bins) return undefined;
  const counts = rows.map((r) => numbers(r, bins));
  return counts.every((r) => r !== undefined) ? (counts as number[][]) : undefined;
}

/** The 1D histogram of the turnout moments ({ bins, counts } equal over 0..1), else the 2D one's row sums. */
function turnoutHistogram(s: Screens): Histogram | undefined {
  const h = record(s.details.get('turnoutMomentsPValue')?.histogram);
  const counts1 = numbers(h?.counts);
  if (counts1 && counts1.length > 0 && (h?.bins === undefined || h.bins === counts1.length))
    return {
      bins: coarse(counts1, 50),
      units: sum(counts1),
      basis: 'the turnout distribution test (turnoutMomentsPValue): units with a turnout of 0 to 100%',
    };
  const g = grid(s);
  if (!g) return undefined;
  const counts = g.map(sum);
  return {
    bins: coarse(counts, 50),
    units: sum(counts),
    basis:
      'the turnout-by-share histogram summed over the share: units with both turnout and a leader’s share',
  };
}

function densityOf(s: Screens): Density | undefined {
  const d = s.details.get('turnoutSharePValue');
  const g = grid(s);
  if (!d || !g) return undefined;
  const axis = groups(g.length, 25);
  const cells: Density['cells'] = [];
  for (const t of axis)
    for (const c of axis) {
      let units = 0;
      for (let i = t.from; i < t.to; i++) units += sum((g[i] as number[]).slice(c.from, c.to));
      if (units > 0) cells.push({ turnoutLo: t.lo, turnoutHi: t.hi, shareLo: c.lo, shareHi: c.hi, units });
    }
  const t = record(d.cornerThresholds);
  const ct = finite(t?.turnout);
  const cs = finite(t?.leaderShare);
  const cu = finite(d.cornerUnits);
  const leaderName = text(d.leaderName);
  return {
    cells,
    units: sum(cells.map((c) => c.units)),
    ...(leaderName ? { leaderName } : {}),
    ...(ct !== undefined && cs !== undefined && cu !== undefined
      ? { corner: { turnout: ct, share: cs, units: cu } }
      : {}),
  };
}

function digitsOf(s: Screens, fact: string): Digits | undefined {
  const d = s.details.get(fact);
  const counts = numbers(d?.digitCounts, 10);
  const expected = numbers(d?.expectedShares, 10);
  if (!d || !counts || !expected) return undefined;
  const leaderName = text(d.leaderName);
  const minCount = finite(s.params.get(fact)?.minCount);
  return {
    counts,
    expected,
    units: sum(counts),
    ...(leaderName ? { leaderName } : {}),
    ...(minCount !== undefined ? { minCount } : {}),
  };
}

function peaksOf(s: Screens, fact: string): Peaks | undefined {
  const d = s.details.get(fact);
  const byPercent = numbers(d?.observedByPercent, 101);
  if (!d || !byPercent) return undefined;
  const observed = finite(d.observed);
  const expected = finite(d.expected);
  const leaderName = text(d.leaderName);
  return {
    byPercent,
    units: finite(d.units) ?? 0,
    ...(observed !== undefined ? { observed } : {}),
    ...(expected !== undefined ? { expected } : {}),
    ...(leaderName ? { leaderName } : {}),
  };
}

/** Why a chart is missing: the reason the fact gave when it had no value, else that no rule reported it. */
function missingNote(s: Screens, chart: string, fact: string): string {
  const reason = s.reasons.get(fact);
  return reason
    ? `No ${chart} chart: ${fact} has no value (${reason}).`
    : `No ${chart} chart: no screening rule on the whole table reported ${fact} with its detail.`;
}

/**
 * The screening charts of each precinct table, from the details of the rules run on the whole table (subject
 * `table:ID/all`): `turnoutSharePValue` (the 2D histogram; its row sums give the turnout histogram unless a
 * turnout fact carries a 1D `histogram`), `secondDigitPValue` and `lastDigitPValue` (digit counts and expected
 * shares), `turnoutIntegerPercentPValue` and `leaderIntegerPercentPValue` (units at each whole percentage).
 */
export function precinctChartData(report: Report): TableCharts[] {
  const screens = screensByTable(report.outcomes);
  const ids = [...(report.inputs.tables ?? []).map((t) => t.id), ...screens.keys()];
  return [...new Set(ids)].map((tableId) => {
    const s = screens.get(tableId);
    if (!s)
      return {
        tableId,
        notes: ['No screening chart: no screening rule (scope unitScreen) ran on the whole table.'],
      };
    const charts: TableCharts = { tableId, notes: [] };
    const add = <K extends keyof TableCharts>(key: K, value: TableCharts[K] | undefined, note: string) => {
      if (value) charts[key] = value;
      else charts.notes.push(note);
    };
    const turnout = turnoutHistogram(s);
    const density = densityOf(s);
    if (turnout) charts.turnout = turnout;
    if (density) charts.density = density;
    else
      charts.notes.push(
        missingNote(
          s,
          turnout ? 'turnout-by-share density' : 'turnout histogram or density',
          'turnoutSharePValue',
        ),
      );
    add('secondDigit', digitsOf(s, 'secondDigitPValue'), missingNote(s, 'second-digit', 'secondDigitPValue'));
    add('lastDigit', digitsOf(s, 'lastDigitPValue'), missingNote(s, 'last-digit', 'lastDigitPValue'));
    const turnoutPeaks = 'turnoutIntegerPercentPValue';
    const leaderPeaks = 'leaderIntegerPercentPValue';
    add('turnoutPeaks', peaksOf(s, turnoutPeaks), missingNote(s, 'turnout whole-percentage', turnoutPeaks));
    add(
      'leaderPeaks',
      peaksOf(s, leaderPeaks),
      missingNote(s, 'leader’s-share whole-percentage', leaderPeaks),
    );
    return charts;
  });
}
