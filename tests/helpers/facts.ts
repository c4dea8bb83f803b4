/** Test helpers for facts: a small valid dataset to vary, its subjects, and a fact measured on one of them. */
import { datasetContext, type SubjectOf, subjectsOf } from '../../src/engine/subjects.js';
import { type FactDefinition, isMissing, type Measurement } from '../../src/facts/define.js';
import { type Dataset, DatasetSchema } from '../../src/schema/dataset.js';
import type { SubjectKind } from '../../src/schema/rule.js';

/** The locator every test figure uses. */
export const AT = { source: 'src', paragraph: 1 };

/** A figure printed as given (by default, the value's own digits). */
export function fig(value: number, printed = String(value)) {
  return { value, printed, at: AT };
}

/** A dataset of one source and three candidates (a, b, c), with the given parts replaced; validated by zod. */
export function dataset(parts: Record<string, unknown> = {}): Dataset {
  return DatasetSchema.parse({
    schemaVersion: 1,
    id: 'fixture',
    election: { country: 'Testland', office: 'President', date: '2024-05-05', kind: 'regular' },
    sources: [{ id: 'src', publisher: 'Test Gazette', date: '2024-05-06' }],
    candidates: [
      { id: 'a', name: 'Candidate A' },
      { id: 'b', name: 'Candidate B' },
      { id: 'c', name: 'Candidate C' },
    ],
    ...parts,
  });
}

/** A release "r1" of the given results and other fields. */
export function release(results: unknown[], fields: Record<string, unknown> = {}) {
  return { id: 'r1', authority: 'Test Commission', source: 'src', status: 'final', ...fields, results };
}

/** What a measurement comes to, for a table: the value, or { missing } with the kind of missing. */
export function outcome(m: Measurement): unknown {
  return isMissing(m) ? { missing: m.missing } : m.value;
}

/** Measures a fact on the subject of a kind at an index (default the first) of a dataset. */
export function measure<K extends SubjectKind>(
  // biome-ignore lint/suspicious/noExplicitAny: facts of any parameter type are measured with their defaults.
  fact: FactDefinition<K, any>,
  kind: K,
  data: Dataset,
  index = 0,
): Measurement {
  const ctx = datasetContext(data);
  const subject = subjectsOf(kind, ctx)[index] as SubjectOf<K> | undefined;
  if (!subject) throw new Error(`no ${kind} subject at ${index}`);
  return fact.compute(subject, fact.params ? fact.params.parse({}) : {}, ctx);
}
