/** Test helpers: run rules on a dataset file in-process, precinct tables included. */
import { existsSync, realpathSync } from 'node:fs';
import { runAudit } from '../../src/engine/audit.js';
import { datasetContext } from '../../src/engine/subjects.js';
import { loadDataset } from '../../src/load/dataset.js';
import { loadPrecinctTables } from '../../src/load/precinct.js';
import { type LoadedRule, loadRules } from '../../src/load/rules.js';

/** What the bundled datasets and the fixtures may read: ../shared and the project (src/load/paths.ts). */
export const SHARED_READ = {
  allowRead: ['../shared', '.'].filter((d) => existsSync(d)).map((d) => realpathSync(d)),
};

let pack: LoadedRule[] | undefined;

/** The bundled rule pack, loaded once. */
export function bundledRules(): LoadedRule[] {
  pack ??= loadRules('rules');
  return pack;
}

/** Runs the given rules (default: the whole bundled pack) on a dataset file and the tables it names. */
export async function audit(datasetFile: string, ruleIds?: string[]) {
  const rules = bundledRules().filter((r) => !ruleIds || ruleIds.includes(r.rule.id));
  const dataset = loadDataset(datasetFile, SHARED_READ);
  const tables = loadPrecinctTables(datasetFile, dataset.data, SHARED_READ);
  return runAudit(rules, tables, datasetContext(dataset.data));
}
