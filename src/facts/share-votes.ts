/** A result's printed share against the shares its votes imply on each denominator the release gives. */
import type { SubjectOf } from '../engine/subjects.js';
import type { Release } from '../schema/dataset.js';
import { readPrinted } from '../schema/printed.js';
import { groupThousands } from '../schema/values.js';
import { defineFact, type FigureSource, type Missing, missing, UNCERTAIN, type Uncertain } from './define.js';
import { clean, sourceOf, uncertain } from './figures.js';

/** A base a share may be taken on. */
type DenominatorId = 'validBallots' | 'ballotsCast';

interface Denominator {
  id: DenominatorId;
  total: number;
  /** true: valid ballots not stated, so taken as the sum of the candidates' votes. */
  summed: boolean;
  sources: FigureSource[];
}

/** The share one denominator implies, and by how much the printed share misses it beyond rounding. */
export interface ShareComparison {
  denominator: DenominatorId;
  total: number;
  summed: boolean;
  impliedShare: number;
  /** Printed share minus implied share, in points. */
  difference: number;
  /** Half a unit of the share's printed precision. */
  tolerance: number;
  /** |difference| - tolerance, or 0 when the share is within rounding. */
  excess: number;
}

/** Float noise below which a share on the edge of its rounding interval still matches. */
const EPSILON = 1e-9;

/** Valid ballots (stated, else the sum of all candidates' votes when every result has some) and ballots cast. */
function denominators(release: Release, pointer: string): Denominator[] {
  const out: Denominator[] = [];
  if (release.validBallots) {
    out.push({
      id: 'validBallots',
      total: release.validBallots.value,
      summed: false,
      sources: [sourceOf(release.validBallots, `${pointer}/validBallots`)],
    });
  } else if (release.results.every((r) => r.votes)) {
    out.push({
      id: 'validBallots',
      total: release.results.reduce((sum, r) => sum + (r.votes?.value ?? 0), 0),
      summed: true,
      sources: release.results.flatMap((r, i) =>
        r.votes ? [sourceOf(r.votes, `${pointer}/results/${i}/votes`)] : [],
      ),
    });
  }
  if (release.ballotsCast) {
    out.push({
      id: 'ballotsCast',
      total: release.ballotsCast.value,
      summed: false,
      sources: [sourceOf(release.ballotsCast, `${pointer}/ballotsCast`)],
    });
  }
  // A zero or negative base implies no share; count-whole-non-negative reports a negative one.
  return out.filter((d) => d.total > 0);
}

interface Compared {
  share: Uncertain;
  /** Decimals the share was printed with (0 for words). */
  decimals: number;
  comparisons: ShareComparison[];
  sources: FigureSource[];
}

/** Compares the result's share with the share its votes give on every denominator available. */
export function compareShare(subject: SubjectOf<'releaseResult'>): Compared | Missing {
  const { result, release } = subject;
  if (!result.votes || !result.share) {
    return missing('notApplicable', `the result gives no ${result.votes ? 'share' : 'votes'}`);
  }
  const releasePointer = `/releases/${subject.releaseIndex}`;
  const bases = denominators(release, releasePointer);
  if (bases.length === 0) {
    return missing(
      'unknown',
      'the release gives no valid ballots or ballots cast above zero, and not every result has votes to add up',
    );
  }
  const share = uncertain(result.share);
  const votes = result.votes.value;
  const comparisons = bases.map((d) => {
    const impliedShare = (votes / d.total) * 100;
    const difference = share.value - impliedShare;
    const excess = Math.abs(difference) - share.plusMinus;
    return {
      denominator: d.id,
      total: d.total,
      summed: d.summed,
      impliedShare: clean(impliedShare),
      difference: clean(difference),
      tolerance: share.plusMinus,
      excess: excess <= EPSILON ? 0 : clean(excess),
    };
  });
  const sources = [
    sourceOf(result.share, `${subject.pointer}/share`),
    sourceOf(result.votes, `${subject.pointer}/votes`),
    ...bases.flatMap((d) => d.sources),
  ];
  const decimals = readPrinted(result.share.printed, result.share.value)?.decimals ?? 0;
  return { share, decimals, comparisons, sources: dedupe(sources) };
}

function dedupe(sources: FigureSource[]): FigureSource[] {
  return sources.filter((s, i) => sources.findIndex((t) => t.pointer === s.pointer) === i);
}

function isMissingComparison(x: Compared | Missing): x is Missing {
  return 'missing' in x;
}

const WORDS: Record<DenominatorId, string> = { validBallots: 'valid ballots', ballotsCast: 'ballots cast' };

/** One implied share for a reader: "57.14% of 1,050 ballots cast". */
function describe(c: ShareComparison, decimals: number): string {
  const base = `${groupThousands(c.total)} ${WORDS[c.denominator]}`;
  return `${c.impliedShare.toFixed(Math.max(2, decimals + 1))}% of ${base}${c.summed ? " (the candidates' votes added up)" : ''}`;
}

/** The result's share as printed, in percent, with half a unit of its printed precision. */
export const resultShare = defineFact({
  id: 'resultShare',
  description: "The result's share in percent, with its rounding half-width.",
  scopes: ['releaseResult'],
  returns: UNCERTAIN,
  compute({ result, pointer }) {
    if (!result.share) return missing('notApplicable', 'the result gives no share');
    return { value: uncertain(result.share), sources: [sourceOf(result.share, `${pointer}/share`)] };
  },
});

/**
 * How far, in points, the printed share lies beyond rounding from the nearest share its votes imply: votes /
 * denominator x 100 on valid ballots (stated, or the candidates' votes added up) and on ballots cast. 0 when
 * some denominator matches within half a unit of the share's printed precision.
 */
export const shareVotesExcess = defineFact({
  id: 'shareVotesExcess',
  description:
    'Smallest gap, beyond rounding, between the printed share and votes / denominator x 100 (points).',
  scopes: ['releaseResult'],
  returns: 'number',
  compute(subject) {
    const compared = compareShare(subject);
    if (isMissingComparison(compared)) return compared;
    const { comparisons, sources } = compared;
    return {
      value: Math.min(...comparisons.map((c) => c.excess)),
      sources,
      detail: {
        matched: comparisons.filter((c) => c.excess === 0).map((c) => c.denominator),
        comparisons,
      },
    };
  },
});

/** The shares the result's votes imply on each available denominator, written out for a reader. */
export const impliedShares = defineFact({
  id: 'impliedShares',
  description: "The shares the result's votes imply on each denominator the release gives, as text.",
  scopes: ['releaseResult'],
  returns: { list: 'text' },
  compute(subject) {
    const compared = compareShare(subject);
    if (isMissingComparison(compared)) return compared;
    return {
      value: compared.comparisons.map((c) => describe(c, compared.decimals)),
      sources: compared.sources,
    };
  },
});

/**
 * Which base the printed share matches within rounding: "validBallots", "ballotsCast", "both" or "neither".
 * Not applicable when the release gives no ballots cast (a share cannot be shown to be taken on them);
 * unknown when valid ballots are neither stated nor can be added up from every candidate's votes.
 */
export const shareDenominator = defineFact({
  id: 'shareDenominator',
  description: 'The denominator the printed share matches: validBallots, ballotsCast, both or neither.',
  scopes: ['releaseResult'],
  returns: 'text',
  compute(subject) {
    const compared = compareShare(subject);
    if (isMissingComparison(compared)) return compared;
    const { comparisons, sources } = compared;
    const valid = comparisons.find((c) => c.denominator === 'validBallots');
    const cast = comparisons.find((c) => c.denominator === 'ballotsCast');
    if (!cast) return missing('notApplicable', 'the release gives no ballots cast to tell the bases apart');
    if (!valid) {
      return missing('unknown', 'the release gives no valid ballots, and not every result has votes');
    }
    const onValid = valid.excess === 0;
    const onCast = cast.excess === 0;
    const value = onValid && onCast ? 'both' : onValid ? 'validBallots' : onCast ? 'ballotsCast' : 'neither';
    return { value, sources, detail: { comparisons } };
  },
});
