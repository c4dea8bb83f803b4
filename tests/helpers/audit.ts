/** Test helpers: run rules on a dataset file in-process. */
import { runRules } from '../../src/engine/run.js';
import { datasetContext } from '../../src/engine/subjects.js';
import { loadDataset } from '../../src/load/dataset.js';
import { type LoadedRule, loadRules } from '../../src/load/rules.js';

let pack: LoadedRule[] | undefined;

/** The bundled rule pack, loaded once. */
export function bundledRules(): LoadedRule[] {
  pack ??= loadRules('rules');
  return pack;
}

/** Runs the given rules (default: the whole bundled pack) on a dataset file. */
export async function audit(datasetFile: string, ruleIds?: string[]) {
  const rules = bundledRules().filter((r) => !ruleIds || ruleIds.includes(r.rule.id));
  const dataset = loadDataset(datasetFile);
  return runRules(rules, datasetContext(dataset.data));
}
