/** A leader claim against the release it is about: how far the best-placed rival is ahead of the claimed leader. */
import type { DatasetContext, SubjectOf } from '../engine/subjects.js';
import type { Release } from '../schema/dataset.js';
import { defineFact, type FigureSource, type Missing, missing, UNCERTAIN, type Uncertain } from './define.js';
import { clean, sourceOf, uncertain } from './figures.js';
import { candidateName, releaseLabel } from './names.js';

interface Standing {
  release: Release;
  leader: Uncertain;
  rival: { candidate: string; share: Uncertain };
  sources: FigureSource[];
}

/** The release a leader claim is about: the one it names, else the reference (latest final) release. */
function claimedRelease(claim: SubjectOf<'leaderClaim'>['claim'], ctx: DatasetContext): Release | undefined {
  return claim.release ? ctx.releases.get(claim.release) : ctx.referenceRelease;
}

/** The claimed leader's share and the rival most certainly ahead of it (largest share less its rounding). */
function standing(subject: SubjectOf<'leaderClaim'>, ctx: DatasetContext): Standing | Missing {
  const { claim } = subject;
  const release = claimedRelease(claim, ctx);
  if (!release) return missing('unknown', 'the dataset has no release to check the claim against');
  const p = `/releases/${ctx.dataset.releases.indexOf(release)}/results`;
  const leaderIndex = release.results.findIndex((r) => r.candidate === claim.candidate);
  const leader = release.results[leaderIndex];
  if (!leader) return missing('unknown', `release ${release.id} gives no result for the claimed leader`);
  if (!leader.share) return missing('unknown', `release ${release.id} gives no share for the claimed leader`);
  const rivals = release.results.flatMap((r, i) => (r.candidate === claim.candidate ? [] : [{ r, i }]));
  if (rivals.length === 0) return missing('notApplicable', `release ${release.id} lists no other candidate`);
  const unshared = rivals.filter(({ r }) => !r.share).length;
  if (unshared > 0) return missing('unknown', `${unshared} other result(s) of ${release.id} give no share`);
  let best: (Standing['rival'] & { source: FigureSource }) | undefined;
  for (const { r, i } of rivals) {
    if (!r.share) continue;
    const share = uncertain(r.share);
    if (!best || share.value - share.plusMinus > best.share.value - best.share.plusMinus) {
      best = { candidate: r.candidate, share, source: sourceOf(r.share, `${p}/${i}/share`) };
    }
  }
  if (!best) return missing('unknown', `no other result of ${release.id} gives a share`);
  return {
    release,
    leader: uncertain(leader.share),
    rival: best,
    sources: [sourceOf(leader.share, `${p}/${leaderIndex}/share`), best.source],
  };
}

function isMissingStanding(x: Standing | Missing): x is Missing {
  return 'missing' in x;
}

/**
 * The best-placed rival's share minus the claimed leader's share in the release the claim is about, in points,
 * as { value, plusMinus } (the two shares' rounding half-widths added): negative when the leader is ahead.
 */
export const bestRivalLead = defineFact({
  id: 'bestRivalLead',
  description:
    "Best-placed rival's share minus the claimed leader's share (points), with rounding half-width.",
  scopes: ['leaderClaim'],
  returns: UNCERTAIN,
  compute(subject, _params, ctx) {
    const s = standing(subject, ctx);
    if (isMissingStanding(s)) return s;
    return {
      value: {
        value: clean(s.rival.share.value - s.leader.value),
        plusMinus: clean(s.rival.share.plusMinus + s.leader.plusMinus),
      },
      sources: s.sources,
      detail: {
        release: s.release.id,
        leaderShare: s.leader.value,
        rival: s.rival.candidate,
        rivalShare: s.rival.share.value,
      },
    };
  },
});

/** The name of the best-placed rival of the claimed leader in the release the claim is about. */
export const bestRival = defineFact({
  id: 'bestRival',
  description: 'Name of the candidate other than the claimed leader with the largest share in the release.',
  scopes: ['leaderClaim'],
  returns: 'text',
  compute(subject, _params, ctx) {
    const s = standing(subject, ctx);
    if (isMissingStanding(s)) return s;
    return { value: candidateName(ctx, s.rival.candidate), sources: s.sources };
  },
});

/** The release a leader claim is about, named as subjects name releases. */
export const claimRelease = defineFact({
  id: 'claimRelease',
  description: 'The release the leader claim is about (the one it names, else the reference release).',
  scopes: ['leaderClaim'],
  returns: 'text',
  compute({ claim }, _params, ctx) {
    const release = claimedRelease(claim, ctx);
    if (!release) return missing('unknown', 'the dataset has no release to check the claim against');
    return { value: releaseLabel(release), detail: { release: release.id } };
  },
});
