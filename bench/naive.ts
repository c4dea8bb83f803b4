/** Benchmark variant 3: the row checks as one json-rules-engine `run()` per row, the naive use of the engine. */
import { Engine } from 'json-rules-engine';
import { datasetContext } from '../src/engine/subjects.js';
import { unitSubject } from '../src/engine/table-run.js';
import { isMissing } from '../src/facts/define.js';
import { factsById } from '../src/facts/index.js';
import { loadDataset } from '../src/load/dataset.js';
import { loadPrecinctTables } from '../src/load/precinct.js';
import { loadRules } from '../src/load/rules.js';
import { operators } from '../src/operators/index.js';
import { readUnits } from '../src/precinct/read.js';
import { arg, emit, zeroCounts } from './shared.js';

// One Engine holding every unit rule of the pack as its file states it, the project's operators and facts
// registered with it, and each row handed over as a runtime fact: what a user of json-rules-engine writes
// first. Rows are read by the project's reader (about 2 million rows/s), so the engine's cost is what shows.
// A rule in `results` is a unit failing that check; the project's strict operators make a comparison with
// a missing value false, so an undecided check is not counted as failed, as in the audit.

const datasetFile = arg('dataset');
const rulesDir = arg('rules');
if (!datasetFile || !rulesDir) throw new Error('usage: naive.js --dataset FILE --rules DIR [--limit N]');
const limit = Number(arg('limit') ?? Number.POSITIVE_INFINITY);

const rules = loadRules(rulesDir).filter((r) => r.rule.meta.scope === 'unit');
const ids = rules.map((r) => r.rule.id).sort();
const dataset = loadDataset(datasetFile);
const [table] = loadPrecinctTables(datasetFile, dataset.data);
if (!table) throw new Error(`${datasetFile} names no precinct table`);
const ctx = datasetContext(dataset.data);

const engine = new Engine([], { allowUndefinedFacts: false });
for (const op of operators) {
  engine.addOperator(op.name, (a: unknown, b: unknown) => op.accepts(a, b) === null && op.evaluate(a, b));
}
for (const [id, fact] of factsById) {
  engine.addFact(id, async (params: Record<string, unknown> | undefined, almanac) => {
    const subject = await almanac.factValue('subject');
    const parsed = fact.params ? fact.params.parse(params ?? {}) : {};
    const m = fact.compute(subject as never, parsed as never, ctx);
    return isMissing(m) ? undefined : m.value;
  });
}
for (const { rule } of rules) {
  engine.addRule({
    name: rule.id,
    conditions: rule.conditions as never,
    event: rule.event as never,
    ...(rule.priority ? { priority: rule.priority } : {}),
  });
}

const counts = zeroCounts(ids);
const t0 = performance.now();
for await (const unit of readUnits(table.file, table.mapping)) {
  if (counts.rows >= limit) break;
  counts.rows++;
  // Awaited one after another: concurrent run() calls on one Engine drop results.
  const { results } = await engine.run({ subject: unitSubject(table, unit) });
  for (const r of results) counts.failed[r.name as string] = (counts.failed[r.name as string] ?? 0) + 1;
}
const loopMs = performance.now() - t0;
emit({ counts, loopMs, ...(Number.isFinite(limit) ? { stoppedAt: counts.rows } : {}) });
