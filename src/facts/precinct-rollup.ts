/** Roll-up facts: whether a precinct table's units add up to the totals and shares of its release. */
import { groupThousands } from '../schema/values.js';
import { defineFact, missing } from './define.js';
import {
  type CountComparison,
  compareCounts,
  compareShares,
  regionsThatDisagree,
  rollUpTarget,
  type ShareComparison,
} from './precinct-rollup-compare.js';

/** "ballots cast: published 1,050, units add up to 1,040 (-10)". */
function countWords(c: CountComparison): string {
  const summed = c.summed === null ? 'unknown' : groupThousands(c.summed);
  const sign = (c.difference ?? 0) > 0 ? '+' : '';
  const base = c.fromVotes ? " (the candidates' votes added up)" : '';
  return `${c.figure}: published ${c.printed}, units add up to ${summed}${base} (${sign}${groupThousands(c.difference ?? 0)})`;
}

/** "share of Candidate A: published 52.1%, units give 51.84% of valid ballots, 50.9% of ballots cast". */
function shareWords(c: ShareComparison): string {
  const bases = c.derived
    .map((d) => `${d.share.toFixed(2)}% of ${d.base === 'validBallots' ? 'valid ballots' : 'ballots cast'}`)
    .join(', ');
  return `share of ${c.candidate}: published ${c.printed}%, units give ${bases}`;
}

/**
 * How many published counts (registered voters, ballots cast, valid and invalid ballots, each candidate's
 * votes) differ from the sums of the units beyond the figure's printed rounding. Measured on the table total
 * only; detail lists every comparison and the regions whose own sums disagree most.
 */
export const rollUpCountMismatches = defineFact({
  id: 'rollUpCountMismatches',
  description: "Published counts of the table's release that the units' sums do not reproduce (figures).",
  scopes: ['unitLevel'],
  returns: 'number',
  compute(subject, _params, ctx) {
    const target = rollUpTarget(subject, ctx);
    if ('missing' in target) return target;
    const compared = compareCounts(subject, target.release, ctx);
    if (compared.length === 0) {
      return missing('notApplicable', 'the release publishes no count that the table maps');
    }
    const differing = compared.filter((c) => c.differs === true);
    const open = compared.filter((c) => c.differs === null);
    if (differing.length === 0 && open.length > 0) {
      return missing(
        'unknown',
        `units lack ${open.map((c) => c.figure).join(', ')}, so the sums are unknown`,
      );
    }
    return {
      value: differing.length,
      detail: { compared, regions: differing.length > 0 ? regionsThatDisagree(subject) : [] },
    };
  },
});

/** The counts that differ, written out for a message and separated by semicolons. */
export const rollUpCountGaps = defineFact({
  id: 'rollUpCountGaps',
  description: "The published counts the units' sums do not reproduce, with both figures, as text.",
  scopes: ['unitLevel'],
  returns: 'text',
  compute(subject, _params, ctx) {
    const target = rollUpTarget(subject, ctx);
    if ('missing' in target) return target;
    const differing = compareCounts(subject, target.release, ctx).filter((c) => c.differs === true);
    return { value: differing.map(countWords).join('; ') };
  },
});

/**
 * The largest distance, in points beyond the published share's printed rounding, between a candidate's
 * published share and the share the units give (on valid ballots or ballots cast, whichever is closer).
 * 0 when every share matches.
 */
export const rollUpShareExcess = defineFact({
  id: 'rollUpShareExcess',
  description: "Largest gap, beyond rounding, between a published share and the units' share (points).",
  scopes: ['unitLevel'],
  returns: 'number',
  compute(subject, _params, ctx) {
    const target = rollUpTarget(subject, ctx);
    if ('missing' in target) return target;
    const compared = compareShares(subject, target.release, ctx);
    if (compared.length === 0) {
      return missing('notApplicable', 'the release publishes no share for a candidate of the table');
    }
    const known = compared.filter((c) => c.excess !== null);
    const value = Math.max(0, ...known.map((c) => c.excess as number));
    if (value === 0 && known.length < compared.length) {
      return missing(
        'unknown',
        'units lack the votes or the base of some shares, so those shares are unknown',
      );
    }
    return { value, detail: { compared, regions: value > 0 ? regionsThatDisagree(subject) : [] } };
  },
});

/** The shares that differ, written out for a message and separated by semicolons. */
export const rollUpShareGaps = defineFact({
  id: 'rollUpShareGaps',
  description: "The published shares the units' sums do not reproduce, with both figures, as text.",
  scopes: ['unitLevel'],
  returns: 'text',
  compute(subject, _params, ctx) {
    const target = rollUpTarget(subject, ctx);
    if ('missing' in target) return target;
    const differing = compareShares(subject, target.release, ctx).filter((c) => (c.excess ?? 0) > 0);
    return { value: differing.map(shareWords).join('; ') };
  },
});
