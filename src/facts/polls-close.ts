/** How long after the close of polls a release or a source may at the latest be dated, in hours. */
import type { DatasetContext } from '../engine/subjects.js';
import { defineFact, type FigureSource, type Measurement, missing } from './define.js';
import { clean } from './figures.js';
import { HOUR_MS, isoUtc, timeSpan } from './when.js';

/** The earliest instant polls may have closed: election.pollsClose, else the start of election day. */
function earliestClose(ctx: DatasetContext): { ms: number; basis: string; source: FigureSource } | string {
  const { election } = ctx.dataset;
  if (election.pollsClose) {
    const span = timeSpan(election.pollsClose);
    if (!span) return `the poll closing time "${election.pollsClose}" is no real date`;
    return {
      ms: span.start,
      basis: `polls close ${election.pollsClose}`,
      source: { pointer: '/election/pollsClose', printed: election.pollsClose },
    };
  }
  // Without a closing time only the start of election day is certain: a release dated on election day may
  // be late in the evening, so only one dated before election day is certainly early.
  const day = election.date.slice(0, 10);
  const span = timeSpan(day);
  if (!span) return `election day "${election.date}" is no real date`;
  return {
    ms: span.start,
    basis: `start of election day ${day} (no poll closing time given)`,
    source: { pointer: '/election/date', printed: election.date },
  };
}

function measure(when: string, what: string, source: FigureSource, ctx: DatasetContext): Measurement {
  const span = timeSpan(when);
  if (!span) return missing('unknown', `${what} "${when}" is no real date`);
  const close = earliestClose(ctx);
  if (typeof close === 'string') return missing('unknown', close);
  return {
    value: clean((span.end - close.ms) / HOUR_MS),
    sources: [{ ...source, printed: when }, close.source],
    detail: {
      dated: when,
      datedBy: what,
      latestPossible: isoUtc(span.end),
      closeBasis: close.basis,
      earliestClose: isoUtc(close.ms),
    },
  };
}

/**
 * Hours from the earliest possible close of polls to the latest possible time of a release (its as-of time,
 * else its source's date) or of a source (its date). A date stands for its whole day, so its latest possible
 * time is the end of that day; without election.pollsClose the close is taken at the start of election day.
 * Simplification: times without an offset, and dates, are read as UTC. Zero or less: the release or source
 * cannot postdate the close. Not applicable to a source without a date, or one that reports pre-election polls
 * and no release.
 */
export const hoursFromPollsClose = defineFact({
  id: 'hoursFromPollsClose',
  description:
    'Latest possible time of the release or source minus the earliest possible close of polls, in hours.',
  scopes: ['release', 'source'],
  returns: 'number',
  compute(subject, _params, ctx) {
    if (subject.kind === 'source') {
      const { source } = subject;
      if (!source.date) return missing('notApplicable', 'the source has no date');
      // A source that only reports pre-election polls is rightly dated before the vote.
      const { releases, estimates } = ctx.dataset;
      const cited = estimates.filter((e) => e.at.source === source.id);
      if (
        !releases.some((r) => r.source === source.id) &&
        cited.length > 0 &&
        cited.every((e) => e.kind === 'preElectionPoll')
      ) {
        return missing('notApplicable', 'the source reports pre-election polls and no release');
      }
      return measure(source.date, 'the date', { pointer: `${subject.pointer}/date` }, ctx);
    }
    const { release } = subject;
    if (release.asOf) {
      return measure(release.asOf, 'the as-of time', { pointer: `${subject.pointer}/asOf` }, ctx);
    }
    const index = ctx.dataset.sources.findIndex((s) => s.id === release.source);
    const source = ctx.dataset.sources[index];
    if (!source?.date) {
      return missing('unknown', 'the release has no as-of time and its source has no date');
    }
    return measure(source.date, "the source's date", { pointer: `/sources/${index}/date` }, ctx);
  },
});
