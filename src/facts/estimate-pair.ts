/** Facts on two estimates: how much of their sample metadata (size, stations, districts) agrees, and who made them. */
import type { SubjectOf } from '../engine/subjects.js';
import type { Estimate, Figure } from '../schema/dataset.js';
import { groupThousands } from '../schema/values.js';
import { defineFact, type FigureSource } from './define.js';
import { sourceOf } from './figures.js';

const FIELDS = [
  { key: 'sampleSize', words: 'respondents' },
  { key: 'stations', words: 'stations' },
  { key: 'districts', words: 'districts' },
] as const;

type Field = (typeof FIELDS)[number];

interface Comparison {
  matching: Field[];
  differing: Field[];
  sources: FigureSource[];
}

/** Compares the sample metadata of both estimates field by field; a field neither gives is left out. */
function compare({ first, second, firstIndex, secondIndex }: SubjectOf<'estimatePair'>): Comparison {
  const out: Comparison = { matching: [], differing: [], sources: [] };
  for (const field of FIELDS) {
    const a: Figure | undefined = first[field.key];
    const b: Figure | undefined = second[field.key];
    if (!a && !b) continue;
    if (a) out.sources.push(sourceOf(a, `/estimates/${firstIndex}/${field.key}`));
    if (b) out.sources.push(sourceOf(b, `/estimates/${secondIndex}/${field.key}`));
    (a && b && a.value === b.value ? out.matching : out.differing).push(field);
  }
  return out;
}

/** Number of sample fields (size, stations, districts) both estimates give with the same value. */
export const sampleMetadataMatches = defineFact({
  id: 'sampleMetadataMatches',
  description:
    'Number of sample fields (sample size, stations, districts) both estimates give with equal values.',
  scopes: ['estimatePair'],
  returns: 'number',
  compute(subject) {
    const c = compare(subject);
    return {
      value: c.matching.length,
      sources: c.sources,
      detail: { matching: c.matching.map((f) => f.key), differing: c.differing.map((f) => f.key) },
    };
  },
});

/** Number of sample fields only one estimate gives, or both give with different values. */
export const sampleMetadataDiffers = defineFact({
  id: 'sampleMetadataDiffers',
  description:
    'Number of sample fields (sample size, stations, districts) given by one estimate only or differing.',
  scopes: ['estimatePair'],
  returns: 'number',
  compute(subject) {
    const c = compare(subject);
    return { value: c.differing.length, sources: c.sources };
  },
});

/** The sample both estimates share, in words: "2,400 respondents, 120 stations". */
export const sharedSampleWords = defineFact({
  id: 'sharedSampleWords',
  description: 'The sample metadata both estimates give with equal values, in words.',
  scopes: ['estimatePair'],
  returns: 'text',
  compute(subject) {
    const c = compare(subject);
    const value = c.matching
      .map((f) => `${groupThousands((subject.first[f.key] as Figure).value)} ${f.words}`)
      .join(', ');
    return { value: value || 'nothing', sources: c.sources };
  },
});

const pollsterSet = (e: Estimate) => [...new Set(e.pollsters.map((p) => p.trim().toLowerCase()))].sort();

/** true when both estimates name the same pollsters (ignoring case, order and repeats). */
export const samePollsters = defineFact({
  id: 'samePollsters',
  description: 'true when both estimates are attributed to the same pollsters (case and order ignored).',
  scopes: ['estimatePair'],
  returns: 'boolean',
  compute({ first, second, firstIndex, secondIndex }) {
    const a = pollsterSet(first);
    const b = pollsterSet(second);
    return {
      value: a.length === b.length && a.every((p, i) => p === b[i]),
      sources: [
        { pointer: `/estimates/${firstIndex}/pollsters` },
        { pointer: `/estimates/${secondIndex}/pollsters` },
      ],
      detail: { first: first.pollsters, second: second.pollsters },
    };
  },
});
