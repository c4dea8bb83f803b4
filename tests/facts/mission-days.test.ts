/** Where election day (2024-05-05) falls in an observation mission's window, in days from each end. */
import { describe, expect, it } from 'vitest';
import { electionToMissionEndDays, missionStartToElectionDays } from '../../src/facts/mission-days.js';
import { AT, dataset, measure, outcome } from '../helpers/facts.js';

const data = (from: string, to: string, electionDate = '2024-05-05') =>
  dataset({
    election: { country: 'Testland', office: 'President', date: electionDate, kind: 'regular' },
    missions: [
      {
        id: 'm1',
        organisation: 'Test Observers',
        from: { value: from, printed: from, at: AT },
        to: { value: to, printed: to, at: AT },
      },
    ],
  });

describe('missionStartToElectionDays and electionToMissionEndDays', () => {
  it.each([
    ['around election day', data('2024-05-01', '2024-05-08'), 4, 3],
    ['on election day only', data('2024-05-05', '2024-05-05'), 0, 0],
    ['starts after', data('2024-05-06', '2024-05-08'), -1, 3],
    ['ends before', data('2024-04-20', '2024-05-01'), 15, -4],
    ['across a month end', data('2024-04-28', '2024-06-01'), 7, 27],
    // Calendar dates as written: the time and offset do not move a date.
    ['date-times', data('2024-05-05T23:00-10:00', '2024-05-05T01:00+14:00'), 0, 0],
  ])('%s', (_, d, before, after) => {
    expect(outcome(measure(missionStartToElectionDays, 'mission', d))).toEqual(before);
    expect(outcome(measure(electionToMissionEndDays, 'mission', d))).toEqual(after);
  });
});
