/** Charts of the HTML report: Vega-Lite specs from chart data, rendered to inline SVG at report time. */
import type * as vl from 'vega-lite';
import { importPackage } from '../load/import-package.js';
import { formatExact, formatNumber } from '../schema/values.js';
import type { CandidateChart, ReachableChart, ShareValue } from './html-chart-data.js';

export type Spec = vl.TopLevelSpec;

const KINDS = {
  authority: 'Authority share (± rounding)',
  poll: 'Estimate ± margin of error',
  pollAssumed: 'Estimate ± margin, assumed sample size',
  reachable: 'Final share the partial count still allows',
} as const;

/** An assumed margin is the estimate's colour, lighter, and its bar dashed, so it does not read as a published one. */
const COLORS = {
  authority: '#3b3b3b',
  poll: '#2f6fb3',
  pollAssumed: '#8db3de',
  reachable: '#e08a1e',
} as const;

const DASH = [4, 3];

/** Shared look: system fonts only (no web font is fetched), no frame, long labels kept whole. */
export const CONFIG = {
  font: 'sans-serif',
  background: 'white',
  view: { stroke: null },
  axis: { labelFontSize: 12, titleFontSize: 12, grid: true, gridColor: '#e6e6e6' },
  legend: { labelFontSize: 12, labelLimit: 420, orient: 'bottom', direction: 'vertical', title: null },
  title: { fontSize: 14, anchor: 'start', offset: 12 },
} as const;

interface Row {
  row: string;
  key: keyof typeof KINDS;
  kind: string;
  value: number | null;
  low: number;
  high: number;
  text: string;
}

function pct(n: number): string {
  return `${formatNumber(n)}%`;
}

/** A share with a half-width: `format` is formatExact for a printed figure's rounding, which is exact. */
function plusMinus(s: ShareValue, half: number, format: (n: number) => string): string {
  return half > 0 ? `${pct(s.value)} ± ${format(half)}` : pct(s.value);
}

/** A label broken into lines of about `width` characters at spaces, at most two, the second cut with "…". */
function wrap(text: string, width = 34): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  const [first = '', second] = lines;
  if (second === undefined) return first;
  const rest = lines.slice(1).join(' ');
  return `${first}\n${rest.length > width ? `${rest.slice(0, width - 1)}…` : rest}`;
}

/**
 * Rows with their labels wrapped; labels are the y domain, so they must be unique: a repeated one gets " (2)",
 * " (3)" ...
 */
function uniqueRows(rows: Row[]): Row[] {
  const seen = new Map<string, number>();
  return rows.map((r) => {
    const row = wrap(r.row);
    const n = (seen.get(row) ?? 0) + 1;
    seen.set(row, n);
    return { ...r, row: n === 1 ? row : `${row} (${n})` };
  });
}

/** An x domain around the data with a little room for the value labels, within 0 to 100. */
function domain(rows: Row[]): [number, number] {
  const low = Math.min(...rows.map((r) => r.low));
  const high = Math.max(...rows.map((r) => r.high));
  const pad = Math.max(1, (high - low) * 0.15);
  return [Math.max(0, Math.floor(low - pad)), Math.min(100, Math.ceil(high + pad))];
}

function only(key: Row['key']) {
  return { filter: `datum.key === '${key}'` };
}

/**
 * The layers shared by both charts: a band per interval, a dot per share, a value label. The y domain is given
 * so rows keep their order (authority, estimates, reachable) whichever layer draws them first.
 */
function layers(rows: Row[], keys: Row['key'][], labels: 'above' | 'right') {
  const y = {
    field: 'row',
    type: 'nominal',
    title: null,
    scale: { domain: rows.map((r) => r.row) },
    // Labels come wrapped (see wrap); vega draws an array of strings as lines. No pixel limit: without a canvas
    // vega estimates text widths generously and would cut labels that fit.
    axis: { labelLimit: 0, labelExpr: "split(datum.value, '\\n')", labelLineHeight: 14 },
  } as const;
  const x = { field: 'low', type: 'quantitative' } as const;
  const color = {
    field: 'kind',
    type: 'nominal',
    scale: { domain: keys.map((k) => KINDS[k]), range: keys.map((k) => COLORS[k]) },
    legend: keys.length > 1 ? { symbolOpacity: 1 } : null,
  } as const;
  const text =
    labels === 'above'
      ? {
          transform: [
            { calculate: 'datum.value !== null ? datum.value : (datum.low + datum.high) / 2', as: 'at' },
          ],
          mark: { type: 'text', dy: -13, fontSize: 11, color: '#222' },
          encoding: { y, x: { field: 'at', type: 'quantitative' }, text: { field: 'text' } },
        }
      : {
          mark: { type: 'text', align: 'left', baseline: 'middle', dx: 8, fontSize: 11, color: '#222' },
          encoding: { y, x: { field: 'high', type: 'quantitative' }, text: { field: 'text' } },
        };
  return [
    {
      transform: [only('reachable')],
      mark: { type: 'rule', strokeWidth: 12, opacity: 0.45 },
      encoding: { y, x, x2: { field: 'high' }, color },
    },
    {
      transform: [{ filter: "datum.key !== 'reachable' && datum.key !== 'pollAssumed'" }],
      mark: { type: 'errorbar', ticks: { size: 10 }, thickness: 2 },
      encoding: { y, x, x2: { field: 'high' }, color },
    },
    {
      transform: [only('pollAssumed')],
      mark: {
        type: 'errorbar',
        ticks: { size: 10, strokeDash: DASH },
        rule: { strokeDash: DASH },
        thickness: 2,
      },
      encoding: { y, x, x2: { field: 'high' }, color },
    },
    {
      transform: [{ filter: 'datum.value !== null' }],
      mark: { type: 'point', filled: true, size: 70, opacity: 1 },
      encoding: { y, x: { field: 'value', type: 'quantitative' }, color },
    },
    text,
  ];
}

/** The Vega-Lite spec of one candidate: the authority's share, every estimate, the reachable interval. */
export function candidateSpec(chart: CandidateChart): Spec {
  const rows: Row[] = [];
  const a = chart.authority;
  if (a) {
    const { value, plusMinus: h } = a.share;
    const text = plusMinus(a.share, h, formatExact);
    rows.push({
      row: a.label,
      key: 'authority',
      kind: KINDS.authority,
      value,
      low: value - h,
      high: value + h,
      text,
    });
  }
  for (const p of chart.polls) {
    const m = p.margin ?? 0;
    const { value } = p.share;
    // A margin of error is computed (2.0977841633): shown at two decimals as other measured values are.
    const n = p.assumedSampleSize;
    const text = `${plusMinus(p.share, m, formatNumber)}${n !== undefined ? ` (assumed n = ${n})` : ''}`;
    const key = n !== undefined ? 'pollAssumed' : 'poll';
    rows.push({ row: p.label, key, kind: KINDS[key], value, low: value - m, high: value + m, text });
  }
  const r = chart.reachable;
  if (r) {
    const text = `${pct(r.low)} to ${pct(r.high)}`;
    rows.push({
      row: 'Final share still reachable',
      key: 'reachable',
      kind: KINDS.reachable,
      value: null,
      ...r,
      text,
    });
  }
  const data = uniqueRows(rows);
  const keys = (['authority', 'poll', 'pollAssumed', 'reachable'] as const).filter((k) =>
    rows.some((x) => x.key === k),
  );
  const [lo, hi] = domain(rows);
  const authorityLine = a
    ? [
        {
          transform: [only('authority')],
          mark: { type: 'rule', strokeDash: [4, 3], color: COLORS.authority, opacity: 0.7 },
          encoding: { x: { field: 'value', type: 'quantitative' } },
        },
      ]
    : [];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: chart.name, subtitle: 'share of the vote, in percent' },
    width: 480,
    height: { step: 40 },
    config: CONFIG,
    data: { values: data },
    encoding: {
      x: { scale: { domain: [lo, hi], zero: false, nice: false }, axis: { title: 'share (%)' } },
    },
    layer: [...authorityLine, ...layers(data, keys, 'above')],
  } as Spec;
}

/** The Vega-Lite spec of a partial count: every candidate's reachable final share, and the win threshold. */
export function reachableSpec(chart: ReachableChart): Spec {
  const rows = uniqueRows(
    chart.rows.map((r) => ({
      row: r.name,
      key: 'reachable' as const,
      kind: KINDS.reachable,
      value: null,
      low: r.low,
      high: r.high,
      text: `${pct(r.low)} to ${pct(r.high)}`,
    })),
  );
  const t = chart.threshold;
  const threshold = t
    ? [
        {
          data: {
            values: [
              { share: t.share, text: `${t.strict ? 'more than' : 'at least'} ${pct(t.share)} to win` },
            ],
          },
          layer: [
            {
              mark: { type: 'rule', strokeDash: [4, 3], color: '#b03030' },
              encoding: { x: { field: 'share' } },
            },
            {
              mark: { type: 'text', align: 'left', dx: 4, y: -6, fontSize: 11, color: '#b03030' },
              encoding: { x: { field: 'share' }, text: { field: 'text' } },
            },
          ],
        },
      ]
    : [];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Final shares still reachable', subtitle: chart.label },
    width: 480,
    height: { step: 30 },
    config: CONFIG,
    data: { values: rows },
    encoding: {
      x: { type: 'quantitative', scale: { domain: [0, 100], nice: false }, axis: { title: 'share (%)' } },
    },
    layer: [...layers(rows, ['reachable'], 'right'), ...threshold],
  } as Spec;
}

/**
 * Compiles a Vega-Lite spec and renders it to SVG headlessly. The SVG is deterministic for a given spec (no
 * timestamps or random ids; text widths are estimated without a canvas) and vega escapes every text and
 * attribute it writes, so dataset strings in labels stay text. Vega loads on first use: the CLI pays for it
 * only when it writes an HTML report.
 */
export async function renderSvg(spec: Spec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([
    importPackage<typeof import('vega')>('vega'),
    importPackage<typeof import('vega-lite')>('vega-lite'),
  ]);
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), {
    renderer: 'none',
    logLevel: vega.Error,
  });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
