/** Hours from the earliest possible close of polls to the latest possible time of a release or source. */
import { describe, expect, it } from 'vitest';
import { hoursFromPollsClose } from '../../src/facts/polls-close.js';
import { AT, dataset, fig, measure, outcome, release } from '../helpers/facts.js';

const election = (pollsClose?: string) => ({
  country: 'Testland',
  office: 'President',
  date: '2024-05-05',
  kind: 'regular',
  ...(pollsClose ? { pollsClose } : {}),
});
const CLOSE = '2024-05-05T20:00+02:00'; // 18:00 UTC

/** A dataset with one release (as of the given time, if any) from a source of the given date, if any. */
const data = (pollsClose: string | undefined, asOf?: string, sourceDate?: string) =>
  dataset({
    election: election(pollsClose),
    sources: [{ id: 'src', publisher: 'Test Gazette', ...(sourceDate ? { date: sourceDate } : {}) }],
    releases: [release([{ candidate: 'a' }], asOf ? { asOf } : {})],
  });

describe('hoursFromPollsClose on a release', () => {
  it.each([
    ['as of three hours after', data(CLOSE, '2024-05-05T23:00+02:00'), 3],
    ['as of half an hour before', data(CLOSE, '2024-05-05T19:30+02:00'), -0.5],
    ['as of the closing minute', data(CLOSE, '2024-05-05T20:00+02:00'), 0],
    ['the source date: its whole day', data(CLOSE, undefined, '2024-05-06'), 30],
    ['a source dated election day', data(CLOSE, undefined, '2024-05-05'), 6],
    ['as of wins over the source date', data(CLOSE, '2024-05-05T19:00+02:00', '2024-05-06'), -1],
    ['no close: the start of election day', data(undefined, undefined, '2024-05-04'), 0],
    ['no close, dated election day', data(undefined, undefined, '2024-05-05'), 24],
    ['no close, as of the evening before (UTC)', data(undefined, '2024-05-04T22:00'), -2],
    ['a close without a time', data('2024-05-05', '2024-05-05T01:00Z'), 1],
    ['a close without an offset is UTC', data('2024-05-05T20:00', '2024-05-05T21:00+02:00'), -1],
    ['no as-of time and an undated source', data(CLOSE), { missing: 'unknown' }],
  ])('%s', (_, d, expected) => {
    expect(outcome(measure(hoursFromPollsClose, 'release', d))).toEqual(expected);
  });

  it('names the figures and instants it compared', () => {
    const m = measure(hoursFromPollsClose, 'release', data(CLOSE, undefined, '2024-05-04'));
    expect(m).toMatchObject({
      value: -18,
      sources: [
        { pointer: '/sources/0/date', printed: '2024-05-04' },
        { pointer: '/election/pollsClose', printed: CLOSE },
      ],
      detail: { latestPossible: '2024-05-05T00:00:00Z', earliestClose: '2024-05-05T18:00:00Z' },
    });
  });
});

describe('hoursFromPollsClose on a source', () => {
  const poll = (kind: string) => ({
    id: 'p1',
    kind,
    pollsters: ['Test Polls'],
    at: AT,
    shares: [{ candidate: 'a', share: fig(50) }],
  });
  it.each([
    [
      'dated the day before',
      dataset({ election: election(CLOSE), sources: [{ id: 'src', publisher: 'G', date: '2024-05-04' }] }),
      -18,
    ],
    [
      'dated after',
      dataset({ election: election(CLOSE), sources: [{ id: 'src', publisher: 'G', date: '2024-05-06' }] }),
      30,
    ],
    [
      'undated',
      dataset({ election: election(CLOSE), sources: [{ id: 'src', publisher: 'G' }] }),
      { missing: 'notApplicable' },
    ],
    [
      'only a pre-election poll',
      dataset({
        sources: [{ id: 'src', publisher: 'G', date: '2024-05-01' }],
        estimates: [poll('preElectionPoll')],
      }),
      { missing: 'notApplicable' },
    ],
    [
      'an exit poll',
      dataset({
        sources: [{ id: 'src', publisher: 'G', date: '2024-05-04' }],
        estimates: [poll('exitPoll')],
      }),
      0,
    ],
    [
      'a pre-election poll and a release',
      dataset({
        sources: [{ id: 'src', publisher: 'G', date: '2024-05-01' }],
        estimates: [poll('preElectionPoll')],
        releases: [release([{ candidate: 'a' }])],
      }),
      -72,
    ],
  ])('%s', (_, d, expected) => {
    expect(outcome(measure(hoursFromPollsClose, 'source', d))).toEqual(expected);
  });
});
