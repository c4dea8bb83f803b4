/** Facts on the final shares a partial count can still reach: per candidate, and for the leader and runner-up. */
import type { DatasetContext, SubjectOf } from '../engine/subjects.js';
import {
  defineFact,
  INTERVAL,
  type Interval,
  type Measured,
  type Measurement,
  type Missing,
  missing,
} from './define.js';
import { sourceOf } from './figures.js';
import {
  countProgress,
  intervalBasis,
  reachableResult,
  reachableShare,
  releaseOf,
  resultFor,
} from './reachable.js';

/** The interval, in percent, a candidate's final share can still reach in the release (or the reference one). */
export const finalShareInterval = defineFact({
  id: 'finalShareInterval',
  description:
    "Interval { low, high } (percent) the candidate's final share can still reach, rounding included.",
  scopes: ['releaseResult', 'estimateShare'],
  returns: INTERVAL,
  compute(subject, _params, ctx) {
    const at = releaseOf(subject, ctx);
    if (!at) return missing('notApplicable', 'the dataset has no release to compare estimates with');
    const found =
      subject.kind === 'releaseResult'
        ? { result: subject.result, index: subject.resultIndex }
        : resultFor(at.release, subject.candidate);
    // A result printed without a share is outside this check; a poll's candidate missing from the count is not.
    const r = reachableResult(at, found, subject.kind === 'releaseResult' ? 'notApplicable' : 'unknown');
    if ('missing' in r) return r;
    return { value: r.interval, sources: r.sources, detail: r.detail };
  },
});

interface Standing {
  candidate: string;
  name: string;
  interval: Interval;
}

/** Subjects whose leader is compared with the challengers: a release, or a leader claim and its release. */
type StandingSubject = SubjectOf<'release' | 'leaderClaim'>;

/**
 * The leader and the challenger who can reach the highest final share. The leader of a release has the highest
 * printed share; the leader of a leader claim is the candidate the claim names.
 */
function standings(
  subject: StandingSubject,
  ctx: DatasetContext,
): { leader: Standing; runnerUp: Standing; measured: Omit<Measured, 'value'> } | Missing {
  const at = releaseOf(subject, ctx);
  if (!at) return missing('notApplicable', 'the dataset has no release to check the claim against');
  const { release, pointer } = at;
  if (release.results.length < 2)
    return missing('notApplicable', `${release.id} lists fewer than 2 candidates`);
  const lacking = release.results.filter((r) => !r.share).length;
  if (lacking > 0) return missing('unknown', `${lacking} result(s) of ${release.id} give no share`);
  const progress = countProgress(release, pointer);
  const processed = progress.processed;
  if (!processed) return missing('unknown', `${release.id} is preliminary and gives no share processed`);
  const all = release.results.map((r) => {
    const share = r.share as NonNullable<typeof r.share>;
    return {
      candidate: r.candidate,
      name: ctx.candidates.get(r.candidate)?.name ?? r.candidate,
      share: share.value,
      interval: reachableShare(share, { ...progress, processed }),
    };
  });
  const claimed = subject.kind === 'leaderClaim' ? subject.claim.candidate : null;
  const leader = claimed
    ? all.find((x) => x.candidate === claimed)
    : all.reduce((best, x) => (x.share > best.share ? x : best));
  if (!leader) return missing('unknown', `${release.id} gives no result for the claimed leader`);
  const others = all.filter((x) => x !== leader);
  const runnerUp = others.reduce((best, x) => (x.interval.high > best.interval.high ? x : best));
  return {
    leader,
    runnerUp,
    measured: {
      sources: [
        ...release.results.map((r, i) =>
          sourceOf(r.share as NonNullable<typeof r.share>, `${pointer}/results/${i}/share`),
        ),
        ...progress.sources,
      ],
      detail: { leader: leader.candidate, runnerUp: runnerUp.candidate, basis: intervalBasis(progress) },
    },
  };
}

function fromStandings(
  subject: StandingSubject,
  ctx: DatasetContext,
  pick: (s: { leader: Standing; runnerUp: Standing }) => unknown,
): Measurement {
  const s = standings(subject, ctx);
  if (!('leader' in s)) return s;
  return { value: pick(s), ...s.measured };
}

/** The scopes of the leader and runner-up facts: a release, or a leader claim (its candidate is the leader). */
const STANDING_SCOPES = ['release', 'leaderClaim'] as const;

/** The interval the leader's final share can still reach; the leader has the highest printed share. */
export const leaderReachableShare = defineFact({
  id: 'leaderReachableShare',
  description:
    "Interval { low, high } (percent) the leader's final share can still reach, rounding included (on a leader claim, the claimed leader's).",
  scopes: STANDING_SCOPES,
  returns: INTERVAL,
  compute: (subject, _params, ctx) => fromStandings(subject, ctx, (s) => s.leader.interval),
});

/** The interval of the challenger who can reach the highest final share (usually the runner-up). */
export const runnerUpReachableShare = defineFact({
  id: 'runnerUpReachableShare',
  description:
    'Interval { low, high } (percent) reachable by the challenger with the highest reachable final share.',
  scopes: STANDING_SCOPES,
  returns: INTERVAL,
  compute: (subject, _params, ctx) => fromStandings(subject, ctx, (s) => s.runnerUp.interval),
});

/** The leader's name. */
export const leaderCandidate = defineFact({
  id: 'leaderCandidate',
  description:
    'Name of the candidate with the highest printed share in the release (on a leader claim, the claimed leader).',
  scopes: STANDING_SCOPES,
  returns: 'text',
  compute: (subject, _params, ctx) => fromStandings(subject, ctx, (s) => s.leader.name),
});

/** The name of the challenger who can reach the highest final share. */
export const runnerUpCandidate = defineFact({
  id: 'runnerUpCandidate',
  description: 'Name of the challenger who can reach the highest final share in the release.',
  scopes: STANDING_SCOPES,
  returns: 'text',
  compute: (subject, _params, ctx) => fromStandings(subject, ctx, (s) => s.runnerUp.name),
});
