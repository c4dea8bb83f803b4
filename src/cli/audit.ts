/** `tallycheck audit`: load and check the inputs, run the rules, write the reports, print the summary. */
import { basename, join, relative } from 'node:path';
import { runAudit } from '../engine/audit.js';
import { datasetContext } from '../engine/subjects.js';
import { loadDataset } from '../load/dataset.js';
import { UsageError } from '../load/errors.js';
import { sourceDecorator } from '../load/excerpt.js';
import { allowedFolders, workingPath } from '../load/paths.js';
import { loadPrecinctTables, tableInput } from '../load/precinct.js';
import { loadRules } from '../load/rules.js';
import { positionOf } from '../load/zod-problems.js';
import { printable } from '../printable.js';
import { buildReport } from '../report/build.js';
import { formatters } from '../report/index.js';
import { ReportSchema } from '../schema/report.js';
import { groupThousands } from '../schema/values.js';
import { baselineRequest, baselineRun, baselineSummary, readBaseline } from './baseline.js';
import { EXIT, type Io, PACKAGE_ROOT, parse, toolVersion } from './main.js';
import { commandLogger, failOnOption, formatsOption, rulesOption } from './options.js';
import { writeAllAtomic } from './write.js';

const FORMAT_ALIASES: Record<string, string> = { markdown: 'md' };

/** Runs the audit command; resolves to the exit code. */
export async function audit(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    rules: { type: 'string', multiple: true },
    'allow-read': { type: 'string', multiple: true },
    format: { type: 'string', default: 'json,md' },
    out: { type: 'string', default: 'reports' },
    'fail-on': { type: 'string', default: 'error' },
    timestamp: { type: 'boolean', default: false },
    quiet: { type: 'boolean', short: 'q', default: false },
    baseline: { type: 'string' },
    'update-baseline': { type: 'boolean', default: false },
    'accepted-by': { type: 'string' },
  });
  if (positionals.length !== 1) {
    throw new UsageError(
      `audit takes one dataset file, got ${positionals.length === 0 ? 'none' : positionals.length}`,
    );
  }
  const datasetFile = workingPath(positionals[0] as string);
  const failOn = failOnOption(values['fail-on']);
  const selected = formatsOption(values.format, formatters, FORMAT_ALIASES);
  const baselineAsked = baselineRequest({
    baseline: values.baseline as string | undefined,
    update: values['update-baseline'] as boolean,
    acceptedBy: values['accepted-by'] as string | undefined,
  });
  const log = commandLogger(values);
  const rulesDirs = rulesOption(values.rules, relative(process.cwd(), join(PACKAGE_ROOT, 'rules')));

  // All inputs are loaded and checked before anything runs or is written.
  const rules = loadRules(rulesDirs);
  log.info({ rules: rules.length, dirs: rulesDirs }, 'rules loaded');
  const allowRead = allowedFolders((values['allow-read'] as string[] | undefined) ?? []);
  const dataset = loadDataset(datasetFile, { allowRead });
  log.info({ file: datasetFile, sha256: dataset.sha256 }, 'dataset loaded');
  const tables = loadPrecinctTables(datasetFile, dataset.data, { allowRead });
  const baselineLoaded = baselineAsked ? readBaseline(baselineAsked) : undefined;

  const progress = progressLine(values.quiet as boolean);
  const { passes, screens, ...raw } = await runAudit(rules, tables, datasetContext(dataset.data), {
    decorate: sourceDecorator(dataset),
    locate: (pointer) => positionOf(dataset.doc, pointer),
    onRule: (id, done, total) => log.debug({ rule: id, done, total }, 'rule evaluated'),
    onProgress: (table, stats) =>
      progress(() => `${table.entry.id}: ${groupThousands(stats.rowsRead)} rows read`),
    onScreens: (table, units, tests) =>
      progress(
        () => `${table.entry.id}: screening ${groupThousands(units)} units (${tests} tests, 2 threads)`,
        true,
      ),
  });
  progress(null);
  for (const { aggregate } of passes) {
    if (aggregate.spillFailure !== undefined) {
      log.warn(
        { table: aggregate.table.entry.id, reason: aggregate.spillFailure },
        "the table's per-unit columns stayed in memory: they could not be written to a temporary file (TMPDIR)",
      );
    }
    if (aggregate.spilledBytes > 0) {
      log.debug(
        { table: aggregate.table.entry.id, bytes: aggregate.spilledBytes },
        "the table's per-unit columns past the units kept in memory went to a temporary file",
      );
    }
  }
  if (screens.workerFailure !== null) {
    log.warn(
      { reason: screens.workerFailure, ranHere: screens.here },
      "the screens' worker thread failed; the tests it had not finished ran on the main thread",
    );
  }
  if (screens.onWorker.length + screens.here.length > 0) {
    log.debug({ onWorker: screens.onWorker, here: screens.here }, 'screens shared between threads');
  }
  const tableReports = await Promise.all(passes.map((p) => tableInput(p)));
  const baselined = baselineAsked
    ? baselineRun(
        raw,
        baselineAsked,
        baselineLoaded,
        failOn,
        new Date(),
        new Set(rules.map((r) => r.rule.id)),
      )
    : undefined;
  const run = baselined?.run ?? raw;
  const report = ReportSchema.parse(
    buildReport(run, {
      toolVersion: toolVersion(),
      datasetFile: datasetFile.split('\\').join('/'),
      datasetSha256: dataset.sha256,
      dataset: dataset.data,
      rules,
      failOn: failOn,
      ...(values.timestamp ? { generatedAt: new Date().toISOString() } : {}),
      ...(baselined ? { baseline: baselined.section } : {}),
      ...(tableReports.length > 0 ? { tables: tableReports } : {}),
    }),
  );
  const stem = basename(datasetFile).replace(/\.json$/i, '');
  const files = await Promise.all(
    selected.map(async (formatter) => ({
      path: join(String(values.out), `${stem}.report.${formatter.extension}`),
      content: await formatter.format(report),
    })),
  );
  // The updated baseline is written with the reports, all or nothing.
  writeAllAtomic(baselined?.write ? [...files, baselined.write] : files);
  for (const f of files) log.info({ file: f.path }, 'report written');

  const { summary } = report;
  // A pack that checks nothing here (screens on a dataset without tables, say) passes the gate, but not quietly.
  if (summary.outcomes.passed + summary.outcomes.failed + summary.outcomes.notEvaluated === 0) {
    log.warn(
      { rules: rules.length, skipped: summary.outcomes.skipped },
      'nothing was checked: no rule of the pack applies to anything in this dataset',
    );
  }
  if (!values.quiet) {
    // File names are input too: the io sink keeps line feeds, so a name holding one would print a line of its own.
    const lines = [
      `tallycheck ${report.tool.version}: ${printable(datasetFile)} with ${rules.length} rules`,
      `  ${summary.findings.error} error(s), ${summary.findings.warning} warning(s), ${summary.findings.info} info; ` +
        `not evaluated: ${summary.notEvaluated.error + summary.notEvaluated.warning + summary.notEvaluated.info}`,
      `  checks: ${summary.outcomes.passed} passed, ${summary.outcomes.failed} failed, ` +
        `${summary.outcomes.notEvaluated} not evaluated, ${summary.outcomes.skipped} skipped`,
    ];
    for (const t of report.inputs.tables ?? []) {
      lines.push(
        `  table ${t.id}: ${t.rows} rows read, ${t.used} used, ${t.rejected} rejected, ${t.cellsMissing} cells missing` +
          (t.cellsReadAsZero
            ? `, ${t.cellsReadAsZero.reduce((sum, z) => sum + z.cells, 0)} empty cells read as 0 votes (not on the ballot)`
            : '') +
          (t.problemsTotal > 0
            ? ` (${t.problemsTotal} problems; first: line ${t.problems[0]?.line}: ${printable(t.problems[0]?.message ?? '')})`
            : ''),
      );
    }
    lines.push(...baselineSummary(report, baselined?.update));
    const listed = report.findings.filter(
      (x) => !x.suppression && (x.severity !== 'info' || x.outcome === 'notEvaluated'),
    );
    for (const f of listed) {
      lines.push(`  ${f.severity.padEnd(7)} ${f.ruleId}: ${printable(f.message)}`);
    }
    if (files.length > 0) lines.push(`  reports: ${files.map((f) => printable(f.path)).join(', ')}`);
    io.out(`${lines.join('\n')}\n`);
  }
  io.out(`gate: ${summary.gate} (fail on ${summary.failOn})\n`);
  // An update is judged against the file it wrote: it accepts every new finding, but an expired entry it keeps
  // accepts nothing (an update does not renew a lapsed review), so its finding can still fail the gate.
  return summary.gate === 'fail' ? EXIT.findings : EXIT.ok;
}

/** A progress line on a terminal's stderr (never in CI logs or pipes); null clears it. */
function progressLine(quiet: boolean): (text: (() => string) | null, stage?: boolean) => void {
  const live = process.stderr.isTTY && !process.env.CI && !quiet;
  let last = 0;
  // The text is made only when shown: formatting the row count for every batch cost about 20 ms of a 1M-row
  // audit (toLocaleString's first call loads the number formats) with nothing shown. groupThousands uses no ICU.
  return (text, stage = false) => {
    if (!live) return;
    if (text === null) {
      process.stderr.write('\r\u001b[K');
      return;
    }
    // Counters update at most every 100 ms; a new stage shows at once.
    const now = Date.now();
    if (!stage && now - last < 100) return;
    last = now;
    process.stderr.write(`\r\u001b[K${text()}`);
  };
}
