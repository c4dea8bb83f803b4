/** The benchmark's results: their shape, the targets checked against them, and the text table. */
import type { Counts } from './shared.js';

/** The five variants of issue 6, numbered as there. */
export type VariantId = 'audit' | 'audit-screen' | 'naive' | 'floor' | 'duckdb';

/** One variant at one table size. */
export interface VariantResult {
  id: VariantId;
  number: number;
  label: string;
  runs: { wallMs: number; peakRssMb: number | null; extrapolatedWallMs?: number }[];
  /** Median wall time; for a subset run, the median of the extrapolated times. */
  wallMs: number;
  peakRssMb: number | null;
  rowsPerSecond: number;
  counts?: Counts;
  /** Set when the variant ran on the first `rows` units only and its time is extrapolated to the table. */
  subset?: { rows: number; wallMs: number; rowsPerSecond: number };
  /** Why the variant has fewer runs than asked, or was left out. */
  note?: string;
  skipped?: boolean;
}

/** All variants at one table size. */
export interface SizeResult {
  rows: number;
  unitsUsed: number;
  bytes: number;
  table: string;
  variants: VariantResult[];
  /** Units failing each row check, as every variant reported them (the hand-written loop's). */
  counts: Counts | undefined;
  mismatches: string[];
}

/** One target of the issue, checked. */
export interface Target {
  target: string;
  measured: string;
  /** null when the run did not measure it. */
  met: boolean | null;
  note?: string;
}

/** Everything the benchmark writes to reports/bench/latest.json. */
export interface BenchReport {
  date: string;
  command: string;
  commit: string;
  machine: { nproc: number; cpu: string; memoryGb: number; node: string; os: string; rss: string };
  /** 1, 5 and 15-minute load averages when the benchmark started and ended. */
  load: { before: number[]; after: number[] };
  repetitions: number;
  startup: { versionMs: number; nodeMs: number; runs: number };
  sizes: SizeResult[];
  targets: Target[];
}

const fmt = (x: number, digits = 0) =>
  x.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** "1M rows", "4M rows", "20,000 rows". */
export function rowsText(rows: number): string {
  return rows % 1e6 === 0 ? `${rows / 1e6}M rows` : `${fmt(rows)} rows`;
}

/** Ratio text "3.2x", or "–". */
export function ratio(a: number | undefined, b: number | undefined): string {
  return a === undefined || b === undefined || b === 0 ? '–' : `${fmt(a / b, a / b < 10 ? 2 : 0)}x`;
}

function variant(size: SizeResult, id: VariantId): VariantResult | undefined {
  return size.variants.find((v) => v.id === id && !v.skipped);
}

/**
 * The ratio a/b of each round of runs (the variants run in alternation, so a round's two runs share the
 * machine's state of the moment), as " per round 0.98x to 1.09x"; empty unless both have the same runs.
 */
function perRound(a: VariantResult, b: VariantResult): string {
  if (a.subset || b.subset || a.runs.length !== b.runs.length || a.runs.length < 2) return '';
  const r = a.runs
    .map((run, i) => run.wallMs / (b.runs[i] as { wallMs: number }).wallMs)
    .sort((x, y) => x - y);
  return `; per round ${fmt(r[0] as number, 2)}x to ${fmt(r[r.length - 1] as number, 2)}x`;
}

/** The targets against the results. */
export function checkTargets(sizes: SizeResult[], startup: BenchReport['startup']): Target[] {
  const out: Target[] = [];
  for (const size of sizes) {
    const at = rowsText(size.rows);
    const audit = variant(size, 'audit');
    const screen = variant(size, 'audit-screen');
    const naive = variant(size, 'naive');
    const duck = variant(size, 'duckdb');
    if (audit && duck) {
      const r = audit.wallMs / duck.wallMs;
      out.push({
        target: `(1) within 1.0x of DuckDB (5), ${at}`,
        measured: `${fmt(r, 2)}x (${fmt(audit.wallMs / 1000, 2)} s vs ${fmt(duck.wallMs / 1000, 2)} s${perRound(audit, duck)})`,
        met: r <= 1.0,
      });
    } else out.push({ target: `(1) within 1.0x of DuckDB (5), ${at}`, measured: 'not measured', met: null });
    if (audit && naive) {
      const r = naive.wallMs / audit.wallMs;
      out.push({
        target: `(1) at least 50x faster than the naive engine (3), ${at}`,
        measured: `${fmt(r, 1)}x${naive.subset ? ' (3 extrapolated)' : ''}`,
        met: r >= 50,
      });
    }
    if (audit && screen) {
      const r = screen.wallMs / audit.wallMs;
      out.push({
        target: `(2) at most 1.5x the time of (1), ${at}`,
        measured: `${fmt(r, 2)}x (${fmt(screen.wallMs / 1000, 2)} s vs ${fmt(audit.wallMs / 1000, 2)} s${perRound(screen, audit)})`,
        met: r <= 1.5,
      });
    }
    for (const v of [audit, screen]) {
      if (!v || v.peakRssMb === null) continue;
      out.push({
        target: `peak RSS of (${v.number}) at most 200 MB, ${at}`,
        measured: `${fmt(v.peakRssMb)} MB`,
        met: v.peakRssMb <= 200,
      });
    }
  }
  if (sizes.length >= 2) {
    const small = sizes[0] as SizeResult;
    const large = sizes[sizes.length - 1] as SizeResult;
    for (const id of ['audit', 'audit-screen'] as const) {
      const a = variant(small, id);
      const b = variant(large, id);
      if (!a?.peakRssMb || !b?.peakRssMb) continue;
      const r = b.peakRssMb / a.peakRssMb;
      out.push({
        target: `peak RSS of (${a.number}) the same at ${rowsText(large.rows)} as at ${rowsText(small.rows)} (within 10%)`,
        measured: `${fmt(b.peakRssMb)} MB vs ${fmt(a.peakRssMb)} MB (${fmt(r, 2)}x)`,
        met: r <= 1.1,
      });
    }
  } else {
    out.push({
      target: 'peak RSS the same at 4M as at 1M rows',
      measured: 'not measured: run with --rows 1000000,4000000',
      met: null,
    });
  }
  out.push({
    target: '`tallycheck --version` start-up under 150 ms',
    measured: `${fmt(startup.versionMs)} ms (median of ${startup.runs}; \`node -e 0\`: ${fmt(startup.nodeMs)} ms)`,
    met: startup.versionMs < 150,
  });
  return out;
}

const verdict = (t: Target) => (t.met === null ? 'not measured' : t.met ? 'met' : 'MISSED');

/** The results as a Markdown document (also printed, as its tables read well in a terminal). */
export function markdown(report: BenchReport): string {
  const m = report.machine;
  const lines = [
    '# tallycheck benchmark (issue 6)',
    '',
    `${report.date}, commit ${report.commit}; \`${report.command}\``,
    '',
    `Machine: ${m.nproc} cores (\`nproc\`), ${m.cpu}, ${fmt(m.memoryGb, 1)} GB memory, Node ${m.node}, ${m.os}. ` +
      `Peak RSS: ${m.rss}. Wall time is each process from spawn to exit (start-up included), the median of ` +
      `${report.repetitions} runs in alternation unless a note says otherwise. Load average (1, 5, 15 min): ` +
      `${report.load.before.join(', ')} at the start, ${report.load.after.join(', ')} at the end.`,
    '',
  ];
  for (const size of report.sizes) {
    const audit = variant(size, 'audit');
    lines.push(
      `## ${fmt(size.rows)} rows (${fmt(size.bytes / 1e6, 1)} MB CSV, ${fmt(size.unitsUsed)} units used)`,
      '',
      '| # | variant | wall (s) | rows/s | peak RSS (MB) | vs (1) | runs | note |',
      '|---|---|--:|--:|--:|--:|--:|---|',
    );
    for (const v of size.variants) {
      if (v.skipped) {
        lines.push(`| ${v.number} | ${v.label} | – | – | – | – | 0 | ${v.note ?? 'skipped'} |`);
        continue;
      }
      const note = [
        v.subset
          ? `extrapolated from ${fmt(v.subset.rows)} rows (${fmt(v.subset.wallMs / 1000, 2)} s measured, ` +
            `${fmt(v.subset.rowsPerSecond)} rows/s; RSS at that subset)`
          : '',
        v.note ?? '',
      ]
        .filter(Boolean)
        .join('; ');
      lines.push(
        `| ${v.number} | ${v.label} | ${fmt(v.wallMs / 1000, 2)}${v.subset ? ' (extrap.)' : ''} | ` +
          `${fmt(v.rowsPerSecond)} | ${v.peakRssMb === null ? '–' : fmt(v.peakRssMb)} | ` +
          `${ratio(v.wallMs, audit?.wallMs)} | ${v.runs.length} | ${note} |`,
      );
    }
    lines.push('');
    if (size.counts) {
      const failing = Object.entries(size.counts.failed)
        .map(([id, n]) => `${id} ${fmt(n)}`)
        .join(', ');
      lines.push(
        size.mismatches.length === 0
          ? `Findings counts agree across variants (units failing each row check): ${failing}.`
          : `**Findings counts differ**: ${size.mismatches.join('; ')}.`,
        '',
      );
    }
  }
  lines.push('## Targets', '', '| target | measured | verdict |', '|---|---|---|');
  for (const t of report.targets) lines.push(`| ${t.target} | ${t.measured} | ${verdict(t)} |`);
  lines.push('');
  return lines.join('\n');
}
