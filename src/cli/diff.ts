/** `tallycheck diff OLD NEW`: what changed between two datasets (or two releases), with the time rules' verdicts. */
import { basename, join, relative } from 'node:path';
import { buildDiff, type DiffInput } from '../diff/build.js';
import { type Combined, combineFiles, combineReleases } from '../diff/combine.js';
import { diffMarkdown } from '../diff/markdown.js';
import { runRules } from '../engine/run.js';
import { datasetContext } from '../engine/subjects.js';
import { type LoadedDataset, loadDataset } from '../load/dataset.js';
import { InputError, UsageError } from '../load/errors.js';
import { allowedFolders, workingPath } from '../load/paths.js';
import { loadRules } from '../load/rules.js';
import { printable } from '../printable.js';
import { DiffSchema } from '../schema/diff.js';
import { EXIT, type Io, PACKAGE_ROOT, parse, toolVersion } from './main.js';
import { commandLogger, failOnOption, formatsOption, rulesOption } from './options.js';
import { writeAllAtomic } from './write.js';

const FORMATS: ReadonlyMap<string, 'json' | 'md'> = new Map([
  ['json', 'json'],
  ['md', 'md'],
]);

/** The index of a release by id, or an input error naming the releases the file has. */
function releaseIndex(file: LoadedDataset, id: string): number {
  const index = file.data.releases.findIndex((r) => r.id === id);
  if (index >= 0) return index;
  throw new InputError([
    {
      code: 'diff-unknown-release',
      file: file.file,
      pointer: '/releases',
      message: `no release "${id}" in this dataset`,
      expected: `one of ${file.data.releases.map((r) => `"${r.id}"`).join(', ') || '(no releases)'}`,
      hint: 'Name releases by their id: tallycheck diff FILE --release r1 --release r2',
    },
  ]);
}

/** Loads every dataset, collecting the problems of all of them before failing. */
function loadAll(files: string[], allowRead: readonly string[]): LoadedDataset[] {
  const problems: InputError['problems'] = [];
  const loaded = files.map((f) => {
    try {
      return loadDataset(f, { allowRead });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.problems);
      return null;
    }
  });
  if (problems.length > 0) throw new InputError(problems);
  return loaded as LoadedDataset[];
}

const stem = (file: string) => basename(file).replace(/\.json$/i, '');

/** Runs the diff command; resolves to the exit code. */
export async function diff(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    release: { type: 'string', multiple: true },
    rules: { type: 'string', multiple: true },
    'allow-read': { type: 'string', multiple: true },
    format: { type: 'string', default: 'json,md' },
    out: { type: 'string', default: 'reports' },
    'fail-on': { type: 'string', default: 'error' },
    timestamp: { type: 'boolean', default: false },
    quiet: { type: 'boolean', short: 'q', default: false },
  });
  const releases = (values.release as string[] | undefined) ?? [];
  if (releases.length > 0 && releases.length !== 2) {
    throw new UsageError(`--release is given twice, for the old and the new release; got ${releases.length}`);
  }
  const expected = releases.length === 2 ? 1 : 2;
  if (positionals.length !== expected) {
    throw new UsageError(
      expected === 2
        ? `diff takes two dataset files (OLD NEW), got ${positionals.length}`
        : `diff with --release takes one dataset file, got ${positionals.length}`,
    );
  }
  const failOn = failOnOption(values['fail-on']);
  const formats = formatsOption(values.format, FORMATS, { markdown: 'md' });
  const log = commandLogger(values);
  const rulesDirs = rulesOption(values.rules, relative(process.cwd(), join(PACKAGE_ROOT, 'rules', 'time')));

  // All inputs are loaded and checked before anything runs or is written.
  const rules = loadRules(rulesDirs);
  log.info({ rules: rules.length, dirs: rulesDirs }, 'rules loaded');
  const files = loadAll(
    positionals.map(workingPath),
    allowedFolders((values['allow-read'] as string[] | undefined) ?? []),
  );
  for (const f of files) log.info({ file: f.file, sha256: f.sha256 }, 'dataset loaded');
  let input: DiffInput;
  let combined: Combined;
  let name: string;
  if (releases.length === 2) {
    const file = files[0] as LoadedDataset;
    const [a, b] = releases as [string, string];
    const first = releaseIndex(file, a);
    const second = releaseIndex(file, b);
    if (first === second)
      throw new UsageError(`--release names "${a}" twice: compare two different releases`);
    input = { mode: 'releases', file, first, second };
    combined = combineReleases(file.data, first, second);
    name = `${stem(file.file)}.${a}--${b}`;
  } else {
    const [old, next] = files as [LoadedDataset, LoadedDataset];
    input = { mode: 'files', old, new: next };
    combined = combineFiles(old.data, next.data);
    name = `${stem(old.file)}--${stem(next.file)}`;
  }

  const run = await runRules(rules, datasetContext(combined.dataset, combined.revisions));
  const result = DiffSchema.parse(
    buildDiff(input, {
      toolVersion: toolVersion(),
      rules,
      failOn: failOn,
      combined,
      run,
      ...(values.timestamp ? { generatedAt: new Date().toISOString() } : {}),
    }),
  );
  const names = new Map(combined.dataset.candidates.map((c) => [c.id, c.name]));
  const outputs = formats.map((format) => ({
    path: join(String(values.out), `${name}.diff.${format}`),
    content: format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : diffMarkdown(result, names),
  }));
  writeAllAtomic(outputs);
  for (const o of outputs) log.info({ file: o.path }, 'report written');

  const { summary } = result;
  const checks = summary.outcomes;
  // As audit: time rules that apply to nothing here (no pair of releases, say) pass the gate, but not quietly.
  if (checks.passed + checks.failed + checks.notEvaluated === 0) {
    log.warn(
      { rules: rules.length, skipped: checks.skipped },
      'nothing was checked: no rule of the pack applies to anything in these releases',
    );
  }
  if (!values.quiet) {
    const side = (s: typeof result.old) => printable(`${s.file}${s.release ? ` (${s.release})` : ''}`);
    const f = summary.figures;
    const within = result.figures.filter((c) => c.withinRounding).length;
    const lines = [
      `tallycheck ${result.tool.version} diff: ${side(result.old)} -> ${side(result.new)}`,
      `  figures: ${f.changed} changed${within ? ` (${within} within rounding)` : ''}, ${f.added} added, ${f.removed} removed, ${f.unchanged} unchanged`,
      `  verdicts (${rules.length} rules): ${summary.findings.error} error(s), ${summary.findings.warning} warning(s), ` +
        `${summary.findings.info} info; not evaluated: ` +
        `${summary.notEvaluated.error + summary.notEvaluated.warning + summary.notEvaluated.info}`,
      `  checks: ${checks.passed} passed, ${checks.failed} failed, ${checks.notEvaluated} not evaluated, ` +
        `${checks.skipped} skipped`,
    ];
    for (const v of result.verdicts.findings)
      lines.push(`  ${v.severity.padEnd(7)} ${v.ruleId}: ${printable(v.message)}`);
    if (outputs.length > 0) lines.push(`  reports: ${printable(outputs.map((o) => o.path).join(', '))}`);
    io.out(`${lines.join('\n')}\n`);
  }
  io.out(`gate: ${summary.gate} (fail on ${summary.failOn})\n`);
  return summary.gate === 'fail' ? EXIT.findings : EXIT.ok;
}
