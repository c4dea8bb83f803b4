/** Precinct screening charts of the HTML report: turnout, turnout by share, digits and whole percentages. */
import { formatNumber } from '../schema/values.js';
import { CONFIG, renderSvg, type Spec } from './html-charts.js';
import { el, esc } from './html-escape.js';
import {
  type Density,
  type Digits,
  type Histogram,
  type Peaks,
  precinctChartData,
  type TableCharts,
} from './html-precinct-data.js';
import type { Report } from './types.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const BLUE = '#2f6fb3';
const DARK = '#3b3b3b';
const RED = '#b03030';

const percentAxis = (title: string, extent: [number, number] = [0, 100]) => ({
  scale: { domain: extent, nice: false, zero: false },
  axis: { title, values: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100] },
});

/** A bar's height in units, from zero (rects, since bars with x and x2 would be ranged horizontally). */
const unitsAxis = {
  y: { field: 'units', type: 'quantitative', axis: { title: 'units', tickMinStep: 1 } },
  y2: { datum: 0 },
} as const;

/** A title of at most `limit` pixels (long candidate names end in "…"; the caption names them in full). */
function title(text: string, subtitle: string, limit = 460) {
  return { text, subtitle, limit, subtitleFontSize: 11 };
}

/** Units by turnout: one bar per bin. */
export function turnoutSpec(h: Histogram): Spec {
  return {
    $schema: SCHEMA,
    title: title('Turnout', `${formatNumber(h.units)} units`),
    width: 420,
    height: 180,
    config: CONFIG,
    data: { values: h.bins },
    mark: { type: 'rect', color: BLUE, stroke: 'white', strokeWidth: 0.5 },
    encoding: {
      x: { field: 'lo', type: 'quantitative', ...percentAxis('turnout (%)') },
      x2: { field: 'hi' },
      ...unitsAxis,
    },
  } as Spec;
}

/** Light to dark: yellow, orange, red (ColorBrewer YlOrRd). */
const COLORS = ['#ffffb2', '#fed976', '#feb24c', '#fd8d3c', '#f03b20', '#bd0026'];

/** A number rounded down to 1, 2 or 5 times a power of ten. */
function roundNumber(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  return [5, 2, 1].map((m) => m * p).find((v) => v <= x) ?? p;
}

/** Up to five bounds (six colour classes) for cell counts up to `max`, about even in square root: most cells hold few. */
export function classBounds(max: number): number[] {
  const bounds = [0.02, 0.08, 0.2, 0.4, 0.7].map((f) => roundNumber(Math.max(1, max * f)));
  return [...new Set(bounds.filter((b) => b > 1 && b < max))];
}

/** Turnout against the leader's share: a heatmap of the non-empty cells and the corner's box. */
export function densitySpec(d: Density): Spec {
  const steps = classBounds(Math.max(0, ...d.cells.map((c) => c.units)));
  const corner = d.corner
    ? [
        {
          data: { values: [{ x: d.corner.share * 100, y: d.corner.turnout * 100, x2: 100, y2: 100 }] },
          mark: { type: 'rect', fillOpacity: 0, stroke: RED, strokeDash: [4, 3], strokeWidth: 1.5 },
          encoding: {
            x: { field: 'x', type: 'quantitative' },
            x2: { field: 'x2' },
            y: { field: 'y', type: 'quantitative' },
            y2: { field: 'y2' },
          },
        },
      ]
    : [];
  return {
    $schema: SCHEMA,
    title: title(
      'Turnout by the leader’s share',
      `${formatNumber(d.units)} units${d.leaderName ? `; leader ${d.leaderName}` : ''}`,
      360,
    ),
    width: 300,
    height: 300,
    config: CONFIG,
    layer: [
      {
        data: { values: d.cells },
        mark: { type: 'rect' },
        encoding: {
          x: { field: 'shareLo', type: 'quantitative', ...percentAxis('leader’s share (%)') },
          x2: { field: 'shareHi' },
          y: { field: 'turnoutLo', type: 'quantitative', ...percentAxis('turnout (%)') },
          y2: { field: 'turnoutHi' },
          color: {
            field: 'units',
            type: 'quantitative',
            // Classes, not a gradient: vega names gradients with a process-wide counter, so their SVG is not
            // the same from one report to the next.
            scale: {
              type: 'threshold',
              domain: steps,
              range: COLORS.slice(COLORS.length - 1 - steps.length),
            },
            legend: { title: 'units', orient: 'right', direction: 'vertical', symbolType: 'square' },
          },
        },
      },
      ...corner,
    ],
  } as Spec;
}

/** Observed digit shares as bars, the expected shares as a line with dots. */
export function digitsSpec(d: Digits, text: string): Spec {
  const rows = d.counts.map((c, digit) => ({
    digit: String(digit),
    observed: d.units > 0 ? c / d.units : 0,
    expected: d.expected[digit],
  }));
  const x = { field: 'digit', type: 'ordinal', axis: { title: 'digit', labelAngle: 0 } } as const;
  const y = { type: 'quantitative', axis: { title: 'share of counts', format: '.0%' } } as const;
  return {
    $schema: SCHEMA,
    title: title(
      text,
      `${formatNumber(d.units)} counts, ${d.leaderName ? `of the leader, ${d.leaderName}` : 'of all candidates'}`,
    ),
    width: 420,
    height: 180,
    config: CONFIG,
    data: { values: rows },
    layer: [
      { mark: { type: 'bar', color: BLUE, opacity: 0.85 }, encoding: { x, y: { ...y, field: 'observed' } } },
      {
        mark: { type: 'line', color: DARK, strokeDash: [4, 3], point: { color: DARK, size: 40 } },
        encoding: { x, y: { ...y, field: 'expected' } },
      },
    ],
  } as Spec;
}

/** Units at each whole percentage: a thin bar per percentage that has any. */
export function peaksSpec(p: Peaks, text: string, axis: string): Spec {
  const rows = p.byPercent.flatMap((units, k) => (units > 0 ? [{ lo: k - 0.4, hi: k + 0.4, units }] : []));
  const totals =
    p.observed !== undefined && p.expected !== undefined
      ? `${formatNumber(p.observed)} units; about ${formatNumber(Math.round(p.expected))} expected by chance`
      : `${formatNumber(p.units)} units tested`;
  return {
    $schema: SCHEMA,
    title: title(text, totals),
    width: 420,
    height: 160,
    config: CONFIG,
    data: { values: rows },
    mark: { type: 'rect', color: BLUE },
    encoding: {
      x: { field: 'lo', type: 'quantitative', ...percentAxis(axis, [-1, 101]) },
      x2: { field: 'hi' },
      ...unitsAxis,
    },
  } as Spec;
}

function whose(name: string | undefined): string {
  return name ? `${name}’s` : 'all candidates’';
}

/** One chart of a table: its spec, the figure's data-chart name and its caption. */
interface Chart {
  name: string;
  spec: Spec;
  caption: string;
}

function tableCharts(t: TableCharts): Chart[] {
  const out: Chart[] = [];
  const { turnout, density, secondDigit, lastDigit, turnoutPeaks, leaderPeaks } = t;
  if (turnout) {
    const width = Math.max(...turnout.bins.map((b) => b.hi - b.lo));
    out.push({
      name: 'turnout-histogram',
      spec: turnoutSpec(turnout),
      caption:
        `Units by turnout (ballots cast / registered voters) in ${formatNumber(width)}-point bins, from ` +
        `${turnout.basis}. A second peak or a heavy right tail is consistent with ballot stuffing, and also ` +
        'with regions that differ.',
    });
  }
  if (density) {
    const corner = density.corner
      ? ` Dashed box: turnout at ${formatNumber(density.corner.turnout * 100)}% or more and share at ` +
        `${formatNumber(density.corner.share * 100)}% or more (${formatNumber(density.corner.units)} units).`
      : '';
    out.push({
      name: 'turnout-share-density',
      spec: densitySpec(density),
      caption:
        `Units by turnout and ${whose(density.leaderName)} share of the candidates’ votes; darker cells ` +
        `hold more units, empty cells are blank.${corner} A smear of units towards the top-right corner is an anomaly ` +
        'consistent with ballot stuffing (Klimek et al. 2012).',
    });
  }
  const digitsCaption = (d: Digits, which: string, law: string) =>
    `Bars: share of ${whose(d.leaderName)} vote counts` +
    `${d.minCount !== undefined ? ` of ${formatNumber(d.minCount)} or more` : ''} by ${which} digit; ` +
    `dashed line: ${law}.`;
  if (secondDigit)
    out.push({
      name: 'second-digit',
      spec: digitsSpec(secondDigit, 'Second digits against Benford’s law'),
      caption: digitsCaption(secondDigit, 'second', 'the shares Benford’s law expects (Mebane 2006)'),
    });
  if (lastDigit)
    out.push({
      name: 'last-digit',
      spec: digitsSpec(lastDigit, 'Last digits against uniform shares'),
      caption: digitsCaption(
        lastDigit,
        'last',
        '10% each, as uniform last digits expect (Beber and Scacco 2012)',
      ),
    });
  const peaksCaption = (what: string) =>
    `Units whose ${what} is a whole percentage of its denominator, at that percentage (observed counts; no ` +
    'bar of expected counts is drawn). The test compares their total, in the subtitle, with the total the ' +
    'binomial null expects; an excess concentrated in spikes at round numbers (50%, 60%, 70% ...) is the anomaly ' +
    'consistent with results written to a target (Kobak, Shpilkin and Pshenichnikov 2016).';
  if (turnoutPeaks)
    out.push({
      name: 'turnout-integer-percent',
      spec: peaksSpec(turnoutPeaks, 'Turnout at whole percentages', 'turnout (%)'),
      caption: peaksCaption('turnout'),
    });
  if (leaderPeaks)
    out.push({
      name: 'leader-integer-percent',
      spec: peaksSpec(leaderPeaks, 'Leader’s share at whole percentages', 'leader’s share (%)'),
      caption: peaksCaption(`${whose(leaderPeaks.leaderName)} share`),
    });
  return out;
}

/**
 * The precinct part of the charts section: per table a heading, its screening charts (whole table) and notes
 * on what was left out. Empty when the report has no precinct table and no screening outcome.
 */
export async function precinctChartsHtml(report: Report): Promise<{ html: string; figures: number }> {
  let html = '';
  let figures = 0;
  for (const t of precinctChartData(report)) {
    const charts = tableCharts(t);
    const rendered: string[] = [];
    for (const c of charts) {
      const svg = await renderSvg(c.spec);
      rendered.push(
        el(
          'figure',
          { class: 'chart', 'data-chart': c.name, 'data-table': t.tableId },
          svg + el('figcaption', {}, esc(c.caption)),
        ),
      );
    }
    figures += rendered.length;
    const notes = t.notes.map((n) => el('p', { class: 'empty chart-note' }, esc(n))).join('');
    html +=
      el('h3', { class: 'chart-group' }, `Precinct table <code>${esc(t.tableId)}</code>: all units`) +
      (rendered.length > 0 ? el('div', { class: 'charts charts-precinct' }, rendered.join('')) : '') +
      notes;
  }
  return { html, figures };
}
