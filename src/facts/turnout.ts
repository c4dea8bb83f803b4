/** Facts on turnout: the printed turnout against ballots cast over registered voters, and the voters it implies. */
import { releaseSequences } from '../engine/sequence.js';
import type { DatasetContext, SubjectOf } from '../engine/subjects.js';
import type { Figure } from '../schema/dataset.js';
import { groupThousands } from '../schema/values.js';
import { defineFact, type FigureSource, type Missing, missing, UNCERTAIN } from './define.js';
import { sourceOf, uncertain } from './figures.js';
import { countUncertain, percentOf } from './sequence-helpers.js';

interface Registered {
  figure: Figure;
  pointer: string;
  /** The release that publishes it; the subject's own release when it gives one. */
  release: string;
  own: boolean;
}

/**
 * The registered voters a release is measured against: its own figure, else the one published by the nearest
 * release of the same authority in as-of order (the later one on a tie), as registers are published once.
 */
function registered(subject: SubjectOf<'release'>, ctx: DatasetContext): Registered | Missing {
  const { release, releaseIndex } = subject;
  if (release.registeredVoters) {
    return {
      figure: release.registeredVoters,
      pointer: `/releases/${releaseIndex}/registeredVoters`,
      release: release.id,
      own: true,
    };
  }
  const sequence = releaseSequences(ctx.dataset).find((s) => s.some((r) => r.index === releaseIndex)) ?? [];
  const at = sequence.findIndex((r) => r.index === releaseIndex);
  const others = sequence
    .map((r, k) => ({ ...r, distance: Math.abs(k - at) + (k < at ? 0.5 : 0) }))
    .filter((r) => r.release.registeredVoters)
    .sort((a, b) => a.distance - b.distance);
  const nearest = others[0];
  if (!nearest?.release.registeredVoters) {
    return missing('notApplicable', `no release of ${release.authority} publishes registered voters`);
  }
  return {
    figure: nearest.release.registeredVoters,
    pointer: `/releases/${nearest.index}/registeredVoters`,
    release: nearest.release.id,
    own: false,
  };
}

/** The release's ballots cast and printed turnout, or why it lacks them. */
function ballotsAndTurnout(
  subject: SubjectOf<'release'>,
): { ballots: Figure; turnout: Figure; sources: FigureSource[] } | Missing {
  const { release, releaseIndex } = subject;
  if (!release.turnout) return missing('notApplicable', `${release.id} prints no turnout`);
  if (!release.ballotsCast) return missing('notApplicable', `${release.id} gives no ballots cast`);
  const p = `/releases/${releaseIndex}`;
  return {
    ballots: release.ballotsCast,
    turnout: release.turnout,
    sources: [sourceOf(release.ballotsCast, `${p}/ballotsCast`), sourceOf(release.turnout, `${p}/turnout`)],
  };
}

/** The printed turnout, in percent, as { value, plusMinus } (half a unit of its printed precision). */
export const printedTurnout = defineFact({
  id: 'printedTurnout',
  description: 'Turnout as printed in the release, in percent, as { value, plusMinus }.',
  scopes: ['release'],
  returns: UNCERTAIN,
  compute({ release, releaseIndex }) {
    if (!release.turnout) return missing('notApplicable', `${release.id} prints no turnout`);
    return {
      value: uncertain(release.turnout),
      sources: [sourceOf(release.turnout, `/releases/${releaseIndex}/turnout`)],
    };
  },
});

/** Ballots cast over registered voters, in percent, as { value, plusMinus }. */
export const impliedTurnout = defineFact({
  id: 'impliedTurnout',
  description:
    "Ballots cast over registered voters (the release's own, else the nearest published), in percent.",
  scopes: ['release'],
  returns: UNCERTAIN,
  compute(subject, _params, ctx) {
    const bt = ballotsAndTurnout(subject);
    if ('missing' in bt) return bt;
    const reg = registered(subject, ctx);
    if ('missing' in reg) return reg;
    const value = percentOf(countUncertain(bt.ballots), countUncertain(reg.figure));
    if (!value) return missing('unknown', `the registered voters of ${reg.release} may be zero`);
    return {
      value,
      sources: [...bt.sources, sourceOf(reg.figure, reg.pointer)],
      detail: {
        ballotsCast: bt.ballots.printed,
        registeredVoters: reg.figure.printed,
        registeredIn: reg.release,
      },
    };
  },
});

/** The registered voters published, with thousands separators and where: "4,100,000 (published in r3)". */
export const publishedRegisteredVoters = defineFact({
  id: 'publishedRegisteredVoters',
  description:
    'The registered voters the release is measured against, in words, with the release publishing them.',
  scopes: ['release'],
  returns: 'text',
  compute(subject, _params, ctx) {
    const reg = registered(subject, ctx);
    if ('missing' in reg) return reg;
    return {
      value: `${groupThousands(reg.figure.value)} (${reg.own ? 'published in this release' : `published in ${reg.release}`})`,
      sources: [sourceOf(reg.figure, reg.pointer)],
      detail: { value: reg.figure.value, printed: reg.figure.printed, release: reg.release },
    };
  },
});

/**
 * The registered voters the ballots cast and the printed turnout imply, in words: ballots / (turnout ± its
 * rounding), the low end rounded up and the high end down ("4,012,345 to 4,056,789").
 */
export const impliedRegisteredVoters = defineFact({
  id: 'impliedRegisteredVoters',
  description:
    'Registered voters implied by ballots cast and the printed turnout (rounding included), in words.',
  scopes: ['release'],
  returns: 'text',
  compute(subject) {
    const bt = ballotsAndTurnout(subject);
    if ('missing' in bt) return bt;
    const b = countUncertain(bt.ballots);
    const t = uncertain(bt.turnout);
    if (t.value - t.plusMinus <= 0) return missing('unknown', 'the printed turnout may be zero');
    const low = Math.ceil((100 * (b.value - b.plusMinus)) / (t.value + t.plusMinus) - 1e-9);
    const high = Math.floor((100 * (b.value + b.plusMinus)) / (t.value - t.plusMinus) + 1e-9);
    return {
      value: low === high ? groupThousands(low) : `${groupThousands(low)} to ${groupThousands(high)}`,
      sources: bt.sources,
      detail: { low, high, ballotsCast: bt.ballots.printed, turnout: bt.turnout.printed },
    };
  },
});
