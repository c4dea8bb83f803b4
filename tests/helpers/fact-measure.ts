/** Test helpers for partial-count and poll facts: small in-memory datasets and one fact measured per subject. */

import { datasetContext, subjectsOf } from '../../src/engine/subjects.js';
import type { FactDefinition, Measurement } from '../../src/facts/define.js';
import { type Dataset, DatasetSchema } from '../../src/schema/dataset.js';
import type { SubjectKind } from '../../src/schema/rule.js';

const at = { source: 's', paragraph: 1 };

/** A figure printed as given; its value is read from the printed digits. */
export function fig(printed: string) {
  return { value: Number(printed), printed, at };
}

/** A release of candidates a and b (and c when given) with the printed shares, status and progress. */
export function release(
  id: string,
  status: 'preliminary' | 'final',
  shares: Record<string, string | null>,
  progress?: { share: string; counts: 'ballots' | 'pollingStations' | 'protocols' | 'unknown' },
) {
  return {
    id,
    authority: 'C',
    source: 's',
    status,
    ...(progress ? { progress: { share: fig(progress.share), counts: progress.counts } } : {}),
    results: Object.entries(shares).map(([candidate, s]) =>
      s ? { candidate, share: fig(s) } : { candidate },
    ),
  };
}

/** An exit poll with the printed shares and an optional printed sample size. */
export function estimate(id: string, shares: Record<string, string>, sampleSize?: string) {
  return {
    id,
    kind: 'exitPoll' as const,
    pollsters: [id],
    at,
    ...(sampleSize ? { sampleSize: fig(sampleSize) } : {}),
    shares: Object.entries(shares).map(([candidate, s]) => ({ candidate, share: fig(s) })),
  };
}

/** A valid dataset with candidates a, b, c and the given parts (claims cite source s). */
export function dataset(
  parts: Partial<Pick<Dataset, 'releases' | 'estimates' | 'claims'>> & { election?: object },
) {
  return DatasetSchema.parse({
    schemaVersion: 1,
    id: 'fact-test',
    election: { country: 'T', office: 'P', date: '2024-01-01', kind: 'regular', ...parts.election },
    sources: [{ id: 's', publisher: 'p' }],
    candidates: ['a', 'b', 'c'].map((id) => ({ id, name: id.toUpperCase() })),
    releases: parts.releases ?? [],
    estimates: parts.estimates ?? [],
    claims: parts.claims ?? [],
  });
}

/** Measures a fact on the subject with the given id (params get the fact's defaults). */
export function measure(
  // biome-ignore lint/suspicious/noExplicitAny: facts of any scope and parameter type.
  fact: FactDefinition<any, any>,
  data: Dataset,
  kind: SubjectKind,
  subjectId: string,
  params: Record<string, unknown> = {},
): Measurement {
  const ctx = datasetContext(data);
  const subject = subjectsOf(kind, ctx).find((s) => s.id === subjectId);
  if (!subject) throw new Error(`no ${kind} subject "${subjectId}"`);
  return fact.compute(subject, fact.params ? fact.params.parse(params) : {}, ctx);
}

/** The value of a measurement, or "missing:<kind>" for a missing one, for compact tables. */
export function valueOrMissing(m: Measurement): unknown {
  return 'missing' in m ? `missing:${m.missing}` : m.value;
}
