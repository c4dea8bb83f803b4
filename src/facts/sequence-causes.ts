/** Facts on the causes a dataset records for changes between two releases (annulments, recounts, corrections). */
import type { SubjectOf } from '../engine/subjects.js';
import { defineFact } from './define.js';
import { causeSources, causesBetween, causeWords } from './sequence-helpers.js';

type PairKind = 'releasePair' | 'releasePairResult' | 'partialBound';

const PAIR_SCOPES: readonly PairKind[] = ['releasePair', 'releasePairResult', 'partialBound'];

function causesOf(subject: SubjectOf<PairKind>) {
  return causesBetween(subject.span, 'candidate' in subject ? subject.candidate : null);
}

/** How many recorded causes concern the change between the two releases (for a candidate: those naming them or no one). */
export const recordedCauseCount = defineFact({
  id: 'recordedCauseCount',
  description:
    'Number of causes (annulment, recount, correction ...) recorded after the earlier release up to the later one.',
  scopes: PAIR_SCOPES,
  returns: 'number',
  compute(subject) {
    const causes = causesOf(subject);
    return {
      value: causes.length,
      sources: causeSources(causes),
      detail: { releases: subject.span.map((r) => r.release.id) },
    };
  },
});

/** The recorded causes quoted for a reader, joined by "; " ("none recorded" when there are none). */
export const recordedCauses = defineFact({
  id: 'recordedCauses',
  description:
    'The recorded causes of change between the two releases, quoted, with the release recording each.',
  scopes: PAIR_SCOPES,
  returns: 'text',
  compute(subject) {
    const causes = causesOf(subject);
    return {
      value: causes.length === 0 ? 'none recorded' : causes.map(causeWords).join('; '),
      sources: causeSources(causes),
      detail: {
        causes: causes.map((c) => ({
          kind: c.change.kind,
          release: c.release.id,
          description: c.change.description,
          ...(c.change.units ? { units: c.change.units } : {}),
        })),
      },
    };
  },
});
