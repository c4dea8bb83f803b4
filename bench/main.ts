/** `npm run bench`: the audit against the naive engine, a hand-written loop and DuckDB on synthetic tables (issue 6). */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type BenchData, benchData } from './data.js';
import { commit, machine, median, startup, warm } from './environment.js';
import { measure, type Run } from './measure.js';
import {
  type BenchReport,
  checkTargets,
  markdown,
  type SizeResult,
  type VariantId,
  type VariantResult,
} from './report.js';
import { type Counts, rowCheckIds, type VariantOutput } from './shared.js';

const USAGE = `usage: npm run bench -- [--rows 1000000[,4000000]] [--reps 3] [--naive-rows 100000|all]
  [--max-run-seconds 90] [--only 1,2,3,4,5] [--seed 1] [--startup-runs 10] [--fresh]

Tables are generated once into bench/.cache/ (--fresh generates them again). Variants: 1 the audit with the
arithmetic pack, 2 with the statistical pack too, 3 json-rules-engine run() per row (on the first
--naive-rows units, extrapolated), 4 a hand-written loop, 5 DuckDB. A variant whose first run takes longer
than --max-run-seconds runs once. Exits 1 when the variants' findings counts differ.`;

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    reps: { type: 'string', default: '3' },
    'naive-rows': { type: 'string', default: '100000' },
    'max-run-seconds': { type: 'string', default: '90' },
    only: { type: 'string', default: '1,2,3,4,5' },
    seed: { type: 'string', default: '1' },
    'startup-runs': { type: 'string', default: '10' },
    fresh: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const whole = (text: string, what: string) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${what} takes a whole number of at least 1, got "${text}"\n${USAGE}`);
  return n;
};
const sizes = values.rows.split(',').map((r) => whole(r.trim(), '--rows'));
const reps = whole(values.reps, '--reps');
const naiveRows =
  values['naive-rows'] === 'all' ? Number.POSITIVE_INFINITY : whole(values['naive-rows'], '--naive-rows');
const maxRunMs = 1000 * whole(values['max-run-seconds'], '--max-run-seconds');
const only = new Set(values.only.split(',').map((v) => whole(v.trim(), '--only')));
const seed = whole(values.seed, '--seed');

const ROOT = process.cwd();
if ((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name?: string }).name !== 'tallycheck')
  throw new Error('run the benchmark from the package root (npm run bench)');
const CACHE = join('bench', '.cache');
const BUILD = join('bench', '.build', 'bench');
const BIN = join('bin', 'tallycheck.js');
const ARITHMETIC = join('rules', 'precinct');
// The audit takes one --rules directory: both packs are copied into one.
const BOTH = join(CACHE, 'rules-precinct-screen');
rmSync(BOTH, { recursive: true, force: true });
cpSync(join('rules', 'precinct'), join(BOTH, 'precinct'), { recursive: true });
cpSync(join('rules', 'screen'), join(BOTH, 'screen'), { recursive: true });
const checks = rowCheckIds(ARITHMETIC);
const log = (text: string) => process.stderr.write(`bench: ${text}\n`);

/** How each variant is run and read. */
interface Variant {
  id: VariantId;
  number: number;
  label: string;
  args(data: BenchData): string[];
  /** Counts from a run; for the audit, read from its JSON report. */
  read(run: Run, data: BenchData): VariantOutput;
}

const auditVariant = (id: VariantId, number: number, label: string, rules: string): Variant => {
  const out = join(CACHE, 'out', id);
  return {
    id,
    number,
    label,
    args: (data) => [
      BIN,
      'audit',
      data.dataset,
      '--rules',
      rules,
      '--format',
      'json',
      '--out',
      out,
      '--quiet',
    ],
    read: (_run, data) => ({ counts: auditCounts(join(out, `${stemOf(data)}.report.json`)) }),
  };
};
const childVariant = (
  id: VariantId,
  number: number,
  label: string,
  extra: (d: BenchData) => string[],
): Variant => ({
  id,
  number,
  label,
  args: (data) => [join(BUILD, `${id}.js`), '--dataset', data.dataset, '--rules', ARITHMETIC, ...extra(data)],
  read: (run) => JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as VariantOutput,
});
const variants: Variant[] = [
  auditVariant('audit', 1, '`tallycheck audit`, arithmetic pack, JSON report', ARITHMETIC),
  auditVariant('audit-screen', 2, '`tallycheck audit`, arithmetic + statistical packs', BOTH),
  childVariant('naive', 3, 'json-rules-engine `run()` per row', (d) =>
    Number.isFinite(naiveRows) && naiveRows < d.rows ? ['--limit', String(naiveRows)] : [],
  ),
  childVariant('floor', 4, 'hand-written single pass (the floor)', (d) =>
    Number.isFinite(naiveRows) && naiveRows < d.rows ? ['--prefix', String(naiveRows)] : [],
  ),
  childVariant('duckdb', 5, 'DuckDB SQL over the CSV', () => []),
].filter((v) => only.has(v.number));

function stemOf(data: BenchData): string {
  return data.dataset.replace(/^.*[\\/]/, '').replace(/\.json$/, '');
}

/** Units failing each row check, from an audit's JSON report (the unit rules' outcomes for the table). */
function auditCounts(file: string): Counts {
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    inputs: { tables?: { used: number }[] };
    outcomes: { ruleId: string; subject: { kind: string }; evidence?: { units?: { failed: number } } }[];
  };
  const failed: Record<string, number> = Object.fromEntries(checks.map((id) => [id, 0]));
  for (const o of report.outcomes) {
    if (o.subject.kind === 'unit' && Object.hasOwn(failed, o.ruleId))
      failed[o.ruleId] = o.evidence?.units?.failed ?? 0;
  }
  return { rows: report.inputs.tables?.[0]?.used ?? 0, failed };
}

/** Whether @duckdb/node-api loads here; the reason when not. */
function duckdbProblem(): string | null {
  const probe = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', "await import('@duckdb/node-api')"],
    {
      encoding: 'utf8',
    },
  );
  return probe.status === 0
    ? null
    : (probe.stderr
        .trim()
        .split('\n')
        .find((l) => /Error/.test(l)) ?? probe.stderr.trim());
}

function sameCounts(a: Counts, b: Counts): string | null {
  if (a.rows !== b.rows) return `${fmtInt(a.rows)} units against ${fmtInt(b.rows)}`;
  const diff = checks.filter((id) => a.failed[id] !== b.failed[id]);
  return diff.length === 0
    ? null
    : diff.map((id) => `${id}: ${a.failed[id]} against ${b.failed[id]}`).join(', ');
}
const fmtInt = (n: number) => n.toLocaleString('en');

/** Runs every variant at one size, `reps` times in alternation. */
async function runSize(rows: number): Promise<SizeResult> {
  const data = await benchData(ROOT, CACHE, rows, seed, values.fresh);
  warm(data.csv);
  const duckProblem = only.has(5) ? duckdbProblem() : null;
  if (duckProblem) log(`variant 5 skipped: @duckdb/node-api does not load here: ${duckProblem}`);
  const active = variants.filter((v) => !(v.id === 'duckdb' && duckProblem));
  const runs = new Map<VariantId, { run: Run; output: VariantOutput }[]>(active.map((v) => [v.id, []]));
  const notes = new Map<VariantId, string>();
  for (let rep = 0; rep < reps; rep++) {
    for (const v of active) {
      const done = runs.get(v.id) ?? [];
      // A variant whose first run took longer than the budget is not repeated (said in the table).
      if (rep > 0 && (done[0]?.run.wallMs ?? 0) > maxRunMs) continue;
      const run = await measure(v.args(data));
      const ok = v.id.startsWith('audit') ? run.code === 0 || run.code === 1 : run.code === 0;
      if (!ok) {
        throw new Error(
          `variant ${v.number} (${v.id}) exited with ${run.code}:\n${run.stderr.trim()}\n${run.stdout.trim()}`,
        );
      }
      done.push({ run, output: v.read(run, data) });
      log(
        `${fmtInt(rows)} rows, run ${rep + 1}, (${v.number}) ${v.id}: ${(run.wallMs / 1000).toFixed(2)} s, ` +
          `${run.peakRssMb === null ? '?' : run.peakRssMb.toFixed(0)} MB`,
      );
      if (rep === 0 && run.wallMs > maxRunMs && reps > 1)
        notes.set(v.id, `1 run: the first took over ${maxRunMs / 1000} s (--max-run-seconds)`);
    }
  }
  // The hand-written loop is the reference; every run of every variant must agree with it.
  const reference = runs.get('floor')?.[0]?.output ?? [...runs.values()][0]?.[0]?.output;
  const mismatches: string[] = [];
  const results: VariantResult[] = variants.map((v) => {
    const list = runs.get(v.id);
    if (!list || list.length === 0) {
      return {
        id: v.id,
        number: v.number,
        label: v.label,
        runs: [],
        wallMs: 0,
        peakRssMb: null,
        rowsPerSecond: 0,
        skipped: true,
        note: `skipped: @duckdb/node-api does not load here (${duckProblem})`,
      };
    }
    for (const [i, { output }] of list.entries()) {
      const expected = output.stoppedAt !== undefined ? reference?.prefix : reference?.counts;
      if (!expected) continue;
      const diff = sameCounts(output.counts, expected);
      if (diff)
        mismatches.push(
          `(${v.number}) ${v.id} run ${i + 1}${output.stoppedAt !== undefined ? ` (first ${fmtInt(output.stoppedAt)} units)` : ''}: ${diff}`,
        );
    }
    const units = reference?.counts.rows ?? rows;
    const timed = list.map(({ run, output }) => {
      const extrapolatedWallMs =
        output.stoppedAt !== undefined && output.loopMs !== undefined
          ? run.wallMs - output.loopMs + (output.loopMs * units) / output.stoppedAt
          : undefined;
      return {
        wallMs: run.wallMs,
        peakRssMb: run.peakRssMb,
        ...(extrapolatedWallMs !== undefined ? { extrapolatedWallMs } : {}),
      };
    });
    const first = list[0]?.output;
    const wallMs = median(timed.map((t) => t.extrapolatedWallMs ?? t.wallMs));
    const rss = timed.map((t) => t.peakRssMb).filter((x): x is number => x !== null);
    const result: VariantResult = {
      id: v.id,
      number: v.number,
      label: v.label,
      runs: timed,
      wallMs,
      peakRssMb: rss.length > 0 ? median(rss) : null,
      rowsPerSecond: units / (wallMs / 1000),
      ...(first ? { counts: first.counts } : {}),
    };
    if (first?.stoppedAt !== undefined) {
      const subsetWall = median(timed.map((t) => t.wallMs));
      result.subset = {
        rows: first.stoppedAt,
        wallMs: subsetWall,
        rowsPerSecond: first.stoppedAt / (subsetWall / 1000),
      };
    }
    const note = notes.get(v.id);
    if (note) result.note = note;
    return result;
  });
  return {
    rows,
    unitsUsed: reference?.counts.rows ?? 0,
    bytes: data.bytes,
    table: data.csv,
    variants: results,
    counts: reference?.counts,
    mismatches,
  };
}

const started = new Date();
// Other work on the machine shows in the timings: the load average goes into the report.
const loadBefore = loadavg().map((x) => Number(x.toFixed(2)));
log(`row checks of ${ARITHMETIC}: ${checks.join(', ')}`);
const start = await startup(BIN, whole(values['startup-runs'], '--startup-runs'));
log(
  `start-up: tallycheck --version ${start.versionMs.toFixed(0)} ms, node -e 0 ${start.nodeMs.toFixed(0)} ms`,
);
const results: SizeResult[] = [];
for (const rows of sizes) results.push(await runSize(rows));
const report: BenchReport = {
  date: started.toISOString(),
  command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim().replace(/ --$/, ''),
  commit: commit(),
  machine: machine(),
  load: { before: loadBefore, after: loadavg().map((x) => Number(x.toFixed(2))) },
  repetitions: reps,
  startup: start,
  sizes: results,
  targets: checkTargets(results, start),
};
const text = markdown(report);
mkdirSync(join('reports', 'bench'), { recursive: true });
writeFileSync(join('reports', 'bench', 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join('reports', 'bench', 'latest.md'), text);
process.stdout.write(`\n${text}\nwritten: reports/bench/latest.json, reports/bench/latest.md\n`);
const mismatches = results.flatMap((r) => r.mismatches.map((m) => `${fmtInt(r.rows)} rows: ${m}`));
if (mismatches.length > 0) {
  process.stderr.write(
    "\nbench: FAILED: the variants' findings counts differ (each against the hand-written loop's, variant 4):\n" +
      `  ${mismatches.join('\n  ')}\n`,
  );
  process.exitCode = 1;
}
