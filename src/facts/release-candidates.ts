/** Who a release gives results for: how many distinct candidates, which are listed twice, how many are claimed. */
import type { Release } from '../schema/dataset.js';
import { defineFact, missing } from './define.js';
import { sourceOf } from './figures.js';
import { candidateName } from './names.js';

/** Result entries per candidate id, in order of first appearance. */
function entriesByCandidate(release: Release): Map<string, number[]> {
  const byCandidate = new Map<string, number[]>();
  release.results.forEach((r, i) => {
    byCandidate.set(r.candidate, [...(byCandidate.get(r.candidate) ?? []), i]);
  });
  return byCandidate;
}

/** The number of distinct candidates a release gives results for (a candidate listed twice counts once). */
export const candidateCount = defineFact({
  id: 'candidateCount',
  description: 'Number of distinct candidates with a result in the release.',
  scopes: ['release'],
  returns: 'number',
  compute({ release, pointer }) {
    const ids = [...entriesByCandidate(release).keys()];
    return {
      value: ids.length,
      sources: release.results.map((_, i) => ({ pointer: `${pointer}/results/${i}/candidate` })),
      detail: { candidates: ids },
    };
  },
});

/**
 * The number of candidates the sources state (a candidateCount claim). Not applicable without such a claim;
 * unknown when several claims state different numbers.
 */
export const claimedCandidateCount = defineFact({
  id: 'claimedCandidateCount',
  description: 'Number of candidates a candidateCount claim of the dataset states.',
  scopes: ['release', 'dataset'],
  returns: 'number',
  compute(_subject, _params, ctx) {
    const claims = ctx.dataset.claims.flatMap((c, i) =>
      c.kind === 'candidateCount' ? [{ claim: c, pointer: `/claims/${i}/count` }] : [],
    );
    const first = claims[0];
    if (!first) return missing('notApplicable', 'no claim states the number of candidates');
    const counts = [...new Set(claims.map((c) => c.claim.count.value))];
    if (counts.length > 1) {
      return missing('unknown', `the claims state different numbers of candidates: ${counts.join(', ')}`);
    }
    return {
      value: first.claim.count.value,
      sources: claims.map((c) => sourceOf(c.claim.count, c.pointer)),
      detail: { claims: claims.map((c) => c.claim.id) },
    };
  },
});

/** Result entries beyond the first for the same candidate in a release: 0 when every candidate is listed once. */
export const duplicateResults = defineFact({
  id: 'duplicateResults',
  description: 'Number of result entries in the release that repeat a candidate already listed.',
  scopes: ['release'],
  returns: 'number',
  compute({ release, pointer }, _params, ctx) {
    const repeated = [...entriesByCandidate(release)].filter(([, entries]) => entries.length > 1);
    return {
      value: repeated.reduce((sum, [, entries]) => sum + entries.length - 1, 0),
      sources: repeated.flatMap(([, entries]) =>
        entries.map((i) => ({ pointer: `${pointer}/results/${i}/candidate` })),
      ),
      detail: {
        repeated: repeated.map(([id, entries]) => ({
          candidate: id,
          name: candidateName(ctx, id),
          entries: entries.map((i) => `${pointer}/results/${i}`),
        })),
      },
    };
  },
});

/** The candidates a release lists more than once, for a reader: ["Candidate A (2 entries)"]. */
export const duplicatedCandidates = defineFact({
  id: 'duplicatedCandidates',
  description: 'The candidates listed more than once in the release, with their number of entries.',
  scopes: ['release'],
  returns: { list: 'text' },
  compute({ release, pointer }, _params, ctx) {
    const repeated = [...entriesByCandidate(release)].filter(([, entries]) => entries.length > 1);
    return {
      value: repeated.map(([id, entries]) => `${candidateName(ctx, id)} (${entries.length} entries)`),
      sources: repeated.flatMap(([, entries]) =>
        entries.map((i) => ({ pointer: `${pointer}/results/${i}/candidate` })),
      ),
    };
  },
});
