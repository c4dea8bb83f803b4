/** `tallycheck explain RULE-ID`: what a rule checks in plain words and, with --dataset, what it found there. */
import { join, relative } from 'node:path';
import { runAudit } from '../engine/audit.js';
import { datasetContext } from '../engine/subjects.js';
import { suggestion } from '../load/closest.js';
import { loadDataset } from '../load/dataset.js';
import { UsageError } from '../load/errors.js';
import { allowedFolders } from '../load/paths.js';
import { loadPrecinctTables } from '../load/precinct.js';
import { loadRules } from '../load/rules.js';
import type { Condition } from '../schema/rule.js';
import { countLine, factText, findingWhen, outcomeLines, wrap } from './explain-text.js';
import { EXIT, type Io, PACKAGE_ROOT, parse } from './main.js';
import { commandLogger, rulesOption } from './options.js';

/** Runs the explain command; resolves to the exit code. */
export async function explain(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    rules: { type: 'string', multiple: true },
    dataset: { type: 'string' },
    'allow-read': { type: 'string', multiple: true },
  });
  if (positionals.length !== 1) {
    throw new UsageError(
      `explain takes one rule id, got ${positionals.length === 0 ? 'none' : positionals.length}`,
    );
  }
  const id = positionals[0] as string;
  const log = commandLogger(values);
  const rulesDirs = rulesOption(values.rules, relative(process.cwd(), join(PACKAGE_ROOT, 'rules')) || '.');
  const rules = loadRules(rulesDirs);
  log.info({ rules: rules.length, dirs: rulesDirs }, 'rules loaded');
  const loaded = rules.find((r) => r.rule.id === id);
  if (!loaded) {
    const ids = rules.map((r) => r.rule.id);
    throw new UsageError(
      `unknown rule "${id}" in ${rulesDirs.join(', ')}. ${suggestion(id, ids, 'rule id')}`,
    );
  }
  // Datasets are checked before anything is printed, so bad input gives only the problems.
  const allowRead = allowedFolders((values['allow-read'] as string[] | undefined) ?? []);
  const dataset = values.dataset ? loadDataset(values.dataset as string, { allowRead }) : undefined;
  if (dataset) log.info({ file: dataset.file, sha256: dataset.sha256 }, 'dataset loaded');
  // Its precinct tables too: the rules on tables, units, levels and screens have no subject without them.
  const tables = dataset ? loadPrecinctTables(values.dataset as string, dataset.data, { allowRead }) : [];

  const { rule, file } = loaded;
  const { meta } = rule;
  const lines = [
    `${rule.id}: ${meta.title}`,
    `  severity: ${meta.severity}; scope: ${meta.scope} (runs once per ${meta.scope}); file: ${file}`,
    '',
    'Rationale:',
    ...wrap(meta.rationale, '  '),
  ];
  if (meta.references.length > 0) {
    lines.push('', 'References:');
    for (const r of meta.references) lines.push(`  - ${r.title}${r.url ? ` <${r.url}>` : ''}`);
  }
  const described = new Set<string>();
  lines.push('', ...findingWhen(rule.conditions as Condition, described));
  if (meta.evidence.length > 0) {
    lines.push('', 'Also recorded as evidence:');
    for (const e of meta.evidence) lines.push(`  ${factText(e.fact, e.params, e.path, described)}`);
  }
  lines.push('', 'Message:', `  ${meta.message}`);

  if (dataset) {
    const run = await runAudit([loaded], tables, datasetContext(dataset.data));
    log.debug({ rule: id, subjects: run.outcomes.length }, 'rule evaluated');
    const messages = new Map(run.findings.map((f) => [f.subject.id, f.message]));
    lines.push('', countLine(values.dataset as string, meta.scope, run.outcomes));
    for (const o of run.outcomes) {
      lines.push(
        '',
        ...outcomeLines(
          o,
          loaded.rule.conditions as Condition,
          o.outcome === 'failed' ? messages.get(o.subject.id) : undefined,
        ),
      );
    }
  }
  io.out(`${lines.join('\n')}\n`);
  return EXIT.ok;
}
