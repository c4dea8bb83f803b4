/** Test helpers for precinct facts: a table of hand-made units, its unit and level subjects, a fact measured. */
import {
  type DatasetContext,
  datasetContext,
  type SubjectOf,
  subjectsOf,
} from '../../src/engine/subjects.js';
import { unitSubject } from '../../src/engine/table-run.js';
import { type FactDefinition, isMissing, type Measurement } from '../../src/facts/define.js';
import { TableAggregate, type TableInfo } from '../../src/precinct/aggregate.js';
import type { Unit } from '../../src/precinct/read.js';
import type { Dataset } from '../../src/schema/dataset.js';
import { MappingSchema } from '../../src/schema/mapping.js';
import { dataset } from './facts.js';

/** Mapping fields a test varies; candidates a and b, counts registered, cast and invalid by default. */
export function table(mapping: Record<string, unknown> = {}, release?: string): TableInfo {
  const parsed = MappingSchema.parse({
    schemaVersion: 1,
    id: { columns: ['station'] },
    levels: [{ name: 'region', column: 'region' }],
    counts: { registered: 'registered', cast: 'cast', invalid: 'invalid' },
    candidates: [
      { id: 'a', column: 'a' },
      { id: 'b', column: 'b' },
    ],
    ...mapping,
  });
  return {
    index: 0,
    entry: { id: 't', table: 't.csv', mapping: 'm.json', ...(release ? { release } : {}) },
    file: 't.csv',
    mappingFile: 'm.json',
    mapping: parsed,
    candidates: parsed.candidates.map((c) => c.id),
  };
}

/** A unit in region "North" (line 2, id "1") with the given counts and votes; NaN marks a missing vote. */
export function unit(
  fields: Omit<Partial<Unit>, 'counts'> & { counts?: Partial<Unit['counts']> } = {},
): Unit {
  const { counts, ...rest } = fields;
  return {
    line: 2,
    id: '1',
    levels: ['North'],
    votes: [60, 38],
    ...rest,
    counts: {
      registered: 120,
      cast: 100,
      valid: undefined,
      invalid: 2,
      issued: undefined,
      ...counts,
    },
  };
}

/** The context of a dataset (the test dataset by default) with the units of a table aggregated. */
export function context(info: TableInfo, units: Unit[], data: Dataset = dataset()): DatasetContext {
  const ctx = datasetContext(data);
  const aggregate = new TableAggregate(info);
  for (const u of units) aggregate.add(u);
  ctx.tables.push(aggregate);
  return ctx;
}

/** What a measurement comes to: the value, or { missing } with the kind of missing. */
export function outcome(m: Measurement): unknown {
  return isMissing(m) ? { missing: m.missing } : m.value;
}

/** Measures a fact on one unit of a table. */
export function onUnit(
  // biome-ignore lint/suspicious/noExplicitAny: facts of any parameter type are measured with their defaults.
  fact: FactDefinition<any, any>,
  u: Unit,
  info: TableInfo = table(),
): Measurement {
  const ctx = context(info, [u]);
  return fact.compute(unitSubject(info, u), fact.params ? fact.params.parse({}) : {}, ctx);
}

/** Measures a fact on the level node with the given subject id suffix ("total", "region:North"). */
export function onLevel(
  // biome-ignore lint/suspicious/noExplicitAny: facts of any parameter type are measured with their defaults.
  fact: FactDefinition<any, any>,
  units: Unit[],
  node = 'total',
  info: TableInfo = table(),
  data?: Dataset,
): Measurement {
  const ctx = context(info, units, data);
  const subject = subjectsOf('unitLevel', ctx).find((s) => s.id === `table:t/${node}`) as
    | SubjectOf<'unitLevel'>
    | undefined;
  if (!subject) throw new Error(`no level ${node}`);
  return fact.compute(subject, fact.params ? fact.params.parse({}) : {}, ctx);
}
