/** Facts on the final shares a partial count can still reach: per candidate, and for the leader and runner-up. */
import type { SubjectOf } from '../engine/subjects.js';
import type { Release } from '../schema/dataset.js';
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

/** The leader (highest printed share) and the challenger who can reach the highest final share. */
function standings(
  subject: SubjectOf<'release'>,
  names: ReadonlyMap<string, { name: string }>,
): { leader: Standing; runnerUp: Standing; measured: Omit<Measured, 'value'> } | Missing {
  const release: Release = subject.release;
  const pointer = subject.pointer;
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
      name: names.get(r.candidate)?.name ?? r.candidate,
      share: share.value,
      interval: reachableShare(share, { ...progress, processed }),
    };
  });
  const leader = all.reduce((best, x) => (x.share > best.share ? x : best));
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
  subject: SubjectOf<'release'>,
  names: ReadonlyMap<string, { name: string }>,
  pick: (s: { leader: Standing; runnerUp: Standing }) => unknown,
): Measurement {
  const s = standings(subject, names);
  if (!('leader' in s)) return s;
  return { value: pick(s), ...s.measured };
}

/** The interval the leader's final share can still reach; the leader has the highest printed share. */
export const leaderReachableShare = defineFact({
  id: 'leaderReachableShare',
  description:
    "Interval { low, high } (percent) the leader's final share can still reach, rounding included.",
  scopes: ['release'],
  returns: INTERVAL,
  compute: (subject, _params, ctx) => fromStandings(subject, ctx.candidates, (s) => s.leader.interval),
});

/** The interval of the challenger who can reach the highest final share (usually the runner-up). */
export const runnerUpReachableShare = defineFact({
  id: 'runnerUpReachableShare',
  description:
    'Interval { low, high } (percent) reachable by the challenger with the highest reachable final share.',
  scopes: ['release'],
  returns: INTERVAL,
  compute: (subject, _params, ctx) => fromStandings(subject, ctx.candidates, (s) => s.runnerUp.interval),
});

/** The leader's name. */
export const leaderCandidate = defineFact({
  id: 'leaderCandidate',
  description: 'Name of the candidate with the highest printed share in the release.',
  scopes: ['release'],
  returns: 'text',
  compute: (subject, _params, ctx) => fromStandings(subject, ctx.candidates, (s) => s.leader.name),
});

/** The name of the challenger who can reach the highest final share. */
export const runnerUpCandidate = defineFact({
  id: 'runnerUpCandidate',
  description: 'Name of the challenger who can reach the highest final share in the release.',
  scopes: ['release'],
  returns: 'text',
  compute: (subject, _params, ctx) => fromStandings(subject, ctx.candidates, (s) => s.runnerUp.name),
});
