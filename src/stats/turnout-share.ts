/** Turnout against the leader's share (Klimek et al. 2012): correlation, the 95/95 corner and the 2-D histogram. */
import { studentTwoSided } from './distributions.js';
import { type RankScratch, rankInPlace, rankScratch } from './rank.js';
import type { Numbers, StatResult } from './types.js';
import { assertIntegerOption, tooFewUnits } from './types.js';

/** Options of {@link turnoutShareRelation}. */
export interface TurnoutShareOptions {
  /** Per-unit turnout as a fraction 0..1 (ballots cast / registered voters). */
  turnout: Numbers;
  /** Per-unit leader's share as a fraction 0..1 (leader's votes / valid ballots). */
  leaderShare: Numbers;
  /** Optional per-unit weights ≥ 0 (e.g. registered voters); unweighted when absent. */
  weights?: Numbers;
  /** Corner thresholds (default 0.95 each, issue 4's stand-in for the 100%/100% "extreme fraud" corner). */
  cornerTurnout?: number;
  cornerShare?: number;
  /** Histogram bins per axis (default 100, one percentage point per bin). */
  bins?: number;
  /** Fewest units for a result (default 30). */
  minUnits?: number;
}

/** Two-dimensional histogram: `counts[t][s]` is the number (or weight) of units in turnout bin t and share bin s. */
export interface Histogram2D {
  bins: number;
  /** Bin i covers [i/bins, (i+1)/bins); the last bin also holds 1. Rows are turnout, columns the leader's share. */
  counts: number[][];
}

/** Result of {@link turnoutShareRelation}. */
export interface TurnoutShareResult extends StatResult {
  test: 'turnoutShareRelation';
  /** Pearson correlation of turnout and the leader's share (weighted when weights are given). */
  pearson: number | null;
  /** Spearman rank correlation (unweighted) and its two-sided p-value (t approximation, n − 2 df). */
  spearman: number | null;
  spearmanPValue: number | null;
  /** Share of units (or of weight) with turnout ≥ cornerTurnout and leader's share ≥ cornerShare, and their number. */
  cornerShare: number | null;
  cornerUnits: number;
  cornerThresholds: { turnout: number; leaderShare: number };
  /** Kish effective sample size (Σw)² / Σw², the degrees-of-freedom base of the p-value; equals units unweighted. */
  effectiveUnits: number;
  /** Always filled, for the turnout-by-share density chart. */
  histogram: Histogram2D;
  /** Units left out: turnout or share missing or outside 0..1 (arithmetic rules report those). */
  excluded: number;
}

/**
 * The Pearson correlation from centred sums (Σw·dx·dy, Σw·dx², Σw·dy² about the means mx and my), `sw` the sum
 * of the weights (the units when unweighted); null when either variance is at rounding-noise level, where the
 * values are constant and r is undefined.
 */
function correlationOf(
  cxy: number,
  cxx: number,
  cyy: number,
  sw: number,
  mx: number,
  my: number,
): number | null {
  if (
    cxx / sw <= Number.EPSILON * Math.max(1, mx * mx) ||
    cyy / sw <= Number.EPSILON * Math.max(1, my * my)
  ) {
    return null;
  }
  return Math.max(-1, Math.min(1, cxy / Math.sqrt(cxx * cyy)));
}

/**
 * The Pearson correlation of x and y about their means mx and my (unweighted; for the ranks, whose mean is
 * known without a pass, see turnoutShareOfPairs).
 */
function correlationAbout(x: Numbers, y: Numbers, mx: number, my: number): number | null {
  let cxy = 0;
  let cxx = 0;
  let cyy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    cxy += dx * dy;
    cxx += dx * dx;
    cyy += dy * dy;
  }
  return correlationOf(cxy, cxx, cyy, x.length, mx, my);
}

/** Two-sided p-value of a correlation r over `df + 2` units, via t = r·sqrt(df / (1 − r²)). */
function correlationPValue(r: number, df: number): { t: number; p: number } {
  const t = Math.abs(r) >= 1 ? Math.sign(r) * Number.POSITIVE_INFINITY : r * Math.sqrt(df / (1 - r * r));
  return { t, p: studentTwoSided(t, df) };
}

function binOf(v: number, bins: number): number {
  return Math.min(bins - 1, Math.floor(v * bins));
}

/**
 * Turnout against the leader's share, the "election fingerprint": statistic t = r·sqrt((n_eff − 2)/(1 − r²)) of
 * the Pearson correlation r (expected 0, two-sided p from Student's t with n_eff − 2 degrees of freedom, n_eff
 * the Kish effective size when weighted), effect size r; with the Spearman correlation, the share of units in
 * the high-turnout/high-share corner and a 2-D histogram for charts. A positive correlation with mass in the
 * corner is an anomaly consistent with ballot stuffing; regional heterogeneity can also correlate the two, so
 * per-region runs (with Benjamini-Hochberg) are the better reading.
 * Source: Klimek, Yegorov, Hanel and Thurner, "Statistical detection of systematic election irregularities",
 * PNAS 109(41), 16469–16473, 2012.
 */
export function turnoutShareRelation(options: TurnoutShareOptions): TurnoutShareResult {
  const { turnout, leaderShare, weights } = options;
  if (turnout.length !== leaderShare.length || (weights && weights.length !== turnout.length)) {
    throw new RangeError('turnout, leaderShare and weights must have the same length.');
  }
  checkOptions(options);
  if (weights) {
    for (let i = 0; i < weights.length; i++) {
      const wi = weights[i] as number;
      if (!(Number.isFinite(wi) && wi >= 0))
        throw new RangeError(`weights[${i}]: expected ≥ 0, found ${String(wi)}.`);
    }
  }
  const n = turnout.length;
  const inRange = (i: number) => {
    const t = turnout[i] as number;
    const s = leaderShare[i] as number;
    return t >= 0 && t <= 1 && s >= 0 && s <= 1;
  };
  let units = 0;
  for (let i = 0; i < n; i++) if (inRange(i)) units++;
  const x = new Float64Array(units);
  const y = new Float64Array(units);
  const w = weights ? new Float64Array(units) : null;
  for (let i = 0, k = 0; i < n; i++) {
    if (!inRange(i)) continue;
    x[k] = turnout[i] as number;
    y[k] = leaderShare[i] as number;
    if (w) w[k] = (weights as Numbers)[i] as number;
    k++;
  }
  return turnoutShareOfPairs({ ...options, turnout: x, leaderShare: y, weights: w, excluded: n - units });
}

/** Input of {@link turnoutShareOfPairs}: the units already within 0..1, and how many were left out. */
export interface TurnoutSharePairs extends Omit<TurnoutShareOptions, 'turnout' | 'leaderShare' | 'weights'> {
  /** Turnout and the leader's share of the units kept, each from 0 to 1; overwritten with their ranks. */
  turnout: Float64Array;
  leaderShare: Float64Array;
  /** Weights ≥ 0 of the units kept, or null. */
  weights?: Float64Array | null;
  /** Units left out before the call (turnout or share missing or outside 0..1). */
  excluded: number;
  /** Work arrays for the ranks, to reuse between calls (made for the call when absent or too small). */
  scratch?: RankScratch;
}

function checkOptions({
  cornerTurnout = 0.95,
  cornerShare = 0.95,
  bins = 100,
  minUnits = 30,
}: Omit<TurnoutShareOptions, 'turnout' | 'leaderShare' | 'weights'>): void {
  assertIntegerOption(bins, 'bins', 1, 1000);
  assertIntegerOption(minUnits, 'minUnits', 3);
  for (const [name, v] of [
    ['cornerTurnout', cornerTurnout],
    ['cornerShare', cornerShare],
  ] as const) {
    if (!(v >= 0 && v <= 1))
      throw new RangeError(`${name}: expected a fraction from 0 to 1, found ${String(v)}.`);
  }
}

/**
 * The sums behind {@link turnoutShareOfPairs}, for pairs not held in arrays (computed from the counts as they
 * are read, a group at a time or every group in one pass): `count` each unit's pair, `centre`, then `add` the
 * same pairs in the same order, and pass the sums to {@link turnoutShareOfSums}. A pair outside 0..1 (NaN for
 * a missing count) is left out and counted as excluded.
 */
export class PairSums {
  units = 0;
  excluded = 0;
  /** Sums of the weights (the units, unweighted), of their squares, and of the weighted values. */
  sw = 0;
  sw2 = 0;
  sx = 0;
  sy = 0;
  cornerUnits = 0;
  cornerWeight = 0;
  /** The means, once centred, and the sums of products about them. */
  mx = 0;
  my = 0;
  cxy = 0;
  cxx = 0;
  cyy = 0;
  readonly counts: number[][];

  constructor(
    readonly bins: number,
    readonly cornerTurnout: number,
    readonly cornerShare: number,
  ) {
    this.counts = Array.from({ length: bins }, () => new Array<number>(bins).fill(0));
  }

  /** First pass: a unit's turnout t and leader's share s, with its weight. */
  count(t: number, s: number, w = 1): void {
    if (!(t >= 0 && t <= 1 && s >= 0 && s <= 1)) {
      this.excluded++;
      return;
    }
    this.units++;
    this.sw += w;
    this.sw2 += w * w;
    this.sx += w * t;
    this.sy += w * s;
    const row = this.counts[binOf(t, this.bins)] as number[];
    const col = binOf(s, this.bins);
    row[col] = (row[col] as number) + w;
    if (t >= this.cornerTurnout && s >= this.cornerShare) {
      this.cornerUnits++;
      this.cornerWeight += w;
    }
  }

  /** Between the passes: the means. */
  centre(): void {
    this.mx = this.sx / this.sw;
    this.my = this.sy / this.sw;
  }

  /** Second pass: the same pair again, about the means. */
  add(t: number, s: number, w = 1): void {
    if (!(t >= 0 && t <= 1 && s >= 0 && s <= 1)) return;
    const dx = t - this.mx;
    const dy = s - this.my;
    this.cxy += w * dx * dy;
    this.cxx += w * dx * dx;
    this.cyy += w * dy * dy;
  }
}

/**
 * The turnout-share result of a group's sums. `rankCorrelation`, when given, computes the Spearman correlation
 * (it needs the values themselves, which the sums do not keep); without it `spearman` is null.
 */
export function turnoutShareOfSums(
  sums: PairSums,
  minUnits = 30,
  rankCorrelation: (() => number | null) | null = null,
): TurnoutShareResult {
  assertIntegerOption(minUnits, 'minUnits', 3);
  const { units, sw, sw2, bins, counts } = sums;
  const effectiveUnits = sw2 > 0 ? (sw * sw) / sw2 : 0;
  const base = {
    test: 'turnoutShareRelation' as const,
    statisticName: 'studentT',
    effectSizeName: 'pearsonR',
    units,
    cornerUnits: sums.cornerUnits,
    cornerThresholds: { turnout: sums.cornerTurnout, leaderShare: sums.cornerShare },
    effectiveUnits,
    histogram: { bins, counts },
    excluded: sums.excluded,
  };
  const empty = {
    statistic: null,
    expected: null,
    pValue: null,
    effectSize: null,
    pearson: null,
    spearman: null,
  };
  if (units < minUnits || effectiveUnits < minUnits) {
    return {
      ...base,
      ...empty,
      spearmanPValue: null,
      cornerShare: null,
      insufficient:
        units < minUnits
          ? tooFewUnits(units, minUnits, 'units with turnout and share between 0 and 1')
          : tooFewUnits(Math.floor(effectiveUnits), minUnits, 'effective units given the weights (Kish)'),
    };
  }
  const corner = sums.cornerWeight / sw;
  const r = correlationOf(sums.cxy, sums.cxx, sums.cyy, sw, sums.mx, sums.my);
  if (r === null) {
    return {
      ...base,
      ...empty,
      spearmanPValue: null,
      cornerShare: corner,
      insufficient: 'turnout or the leader share does not vary across units; a correlation is undefined.',
    };
  }
  const pearson = correlationPValue(r, effectiveUnits - 2);
  const rho = rankCorrelation ? rankCorrelation() : null;
  return {
    ...base,
    statistic: pearson.t,
    expected: 0,
    pValue: pearson.p,
    effectSize: r,
    pearson: r,
    spearman: rho,
    spearmanPValue: rho === null ? null : correlationPValue(rho, units - 2).p,
    cornerShare: corner,
    insufficient: null,
  };
}

/**
 * {@link turnoutShareRelation} of units already checked: every turnout and share within 0..1, in typed arrays
 * that the Spearman correlation then overwrites with ranks (so a caller that builds them for the call needs no
 * copies). The same numbers as turnoutShareRelation on the units before they were left out, and as
 * turnoutShareOfSums on the same pairs (which has no Spearman correlation).
 */
export function turnoutShareOfPairs(pairs: TurnoutSharePairs): TurnoutShareResult {
  const {
    turnout: x,
    leaderShare: y,
    weights: w = null,
    excluded,
    cornerTurnout = 0.95,
    cornerShare = 0.95,
    bins = 100,
    minUnits = 30,
  } = pairs;
  checkOptions(pairs);
  if (y.length !== x.length || (w && w.length !== x.length)) {
    throw new RangeError('turnout, leaderShare and weights must have the same length.');
  }
  const units = x.length;
  const sums = new PairSums(bins, cornerTurnout, cornerShare);
  for (let i = 0; i < units; i++) {
    const t = x[i] as number;
    const s = y[i] as number;
    if (!(t >= 0 && t <= 1 && s >= 0 && s <= 1)) {
      throw new RangeError(`unit ${i}: expected turnout and share from 0 to 1, found ${t} and ${s}.`);
    }
    sums.count(t, s, w ? (w[i] as number) : 1);
  }
  sums.excluded = excluded;
  sums.centre();
  for (let i = 0; i < units; i++) sums.add(x[i] as number, y[i] as number, w ? (w[i] as number) : 1);
  // Spearman: the Pearson correlation of the ranks (unweighted), ranked in place: x and y are not read again.
  // Average ranks of n values sum to n(n + 1)/2 whatever the ties, so their mean is (n + 1)/2: a pass summing
  // them would find the same double (every partial sum of halves is exact below 2^52, n under 94 million).
  return turnoutShareOfSums(sums, minUnits, () => {
    const scratch = pairs.scratch && pairs.scratch.capacity >= units ? pairs.scratch : rankScratch(units);
    const meanRank = (units + 1) / 2;
    return correlationAbout(rankInPlace(x, scratch), rankInPlace(y, scratch), meanRank, meanRank);
  });
}
