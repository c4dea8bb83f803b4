/** Facts on a candidate's vote count from one release to the next of the same authority. */
import type { SubjectOf } from '../engine/subjects.js';
import type { Figure } from '../schema/dataset.js';
import { defineFact, type Missing, missing, UNCERTAIN } from './define.js';
import { clean, sourceOf } from './figures.js';
import { resultFor } from './reachable.js';
import { countUncertain } from './sequence-helpers.js';

interface Votes {
  figure: Figure;
  pointer: string;
}

/** The candidate's votes in both releases, or why they cannot be compared. */
function votesOf(subject: SubjectOf<'releasePairResult'>): { earlier: Votes; later: Votes } | Missing {
  const { earlier, later, earlierIndex, laterIndex, candidate } = subject;
  const read = (release: typeof earlier, index: number): Votes | null => {
    const found = resultFor(release, candidate);
    if (!found?.result.votes) return null;
    return { figure: found.result.votes, pointer: `/releases/${index}/results/${found.index}/votes` };
  };
  const a = read(earlier, earlierIndex);
  const b = read(later, laterIndex);
  if (!a || !b) {
    const lacking = [a ? null : earlier.id, b ? null : later.id].filter((x) => x !== null);
    // Shares may fall legitimately as the count goes on; only vote counts are compared here.
    return missing('notApplicable', `${lacking.join(' and ')} give(s) no vote count for ${candidate}`);
  }
  return { earlier: a, later: b };
}

/** Later votes minus earlier votes, as { value, plusMinus }: whole counts printed in full are exact. */
export const votesChange = defineFact({
  id: 'votesChange',
  description:
    "Change in the candidate's votes from the earlier to the later release, as { value, plusMinus }.",
  scopes: ['releasePairResult'],
  returns: UNCERTAIN,
  compute(subject) {
    const v = votesOf(subject);
    if ('missing' in v) return v;
    const a = countUncertain(v.earlier.figure);
    const b = countUncertain(v.later.figure);
    return {
      value: { value: clean(b.value - a.value), plusMinus: clean(a.plusMinus + b.plusMinus) },
      sources: [sourceOf(v.earlier.figure, v.earlier.pointer), sourceOf(v.later.figure, v.later.pointer)],
      detail: { earlier: v.earlier.figure.printed, later: v.later.figure.printed },
    };
  },
});

/** The candidate's votes in the earlier release, as printed. */
export const earlierVotes = defineFact({
  id: 'earlierVotes',
  description: "The candidate's votes in the earlier release, as printed.",
  scopes: ['releasePairResult'],
  returns: 'text',
  compute(subject) {
    const v = votesOf(subject);
    if ('missing' in v) return v;
    return { value: v.earlier.figure.printed, sources: [sourceOf(v.earlier.figure, v.earlier.pointer)] };
  },
});

/** The candidate's votes in the later release, as printed. */
export const laterVotes = defineFact({
  id: 'laterVotes',
  description: "The candidate's votes in the later release, as printed.",
  scopes: ['releasePairResult'],
  returns: 'text',
  compute(subject) {
    const v = votesOf(subject);
    if ('missing' in v) return v;
    return { value: v.later.figure.printed, sources: [sourceOf(v.later.figure, v.later.pointer)] };
  },
});
