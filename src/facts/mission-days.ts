/** Where election day falls in an observation mission's window, in days from each end. */
import type { DatasetContext, SubjectOf } from '../engine/subjects.js';
import type { DateFigure } from '../schema/dataset.js';
import { defineFact, type Measurement, missing } from './define.js';
import { dayNumber } from './when.js';

function days(
  mission: SubjectOf<'mission'>,
  ctx: DatasetContext,
  end: 'from' | 'to',
  span: (edge: number, election: number) => number,
): Measurement {
  const figure: DateFigure = mission.mission[end];
  const edge = dayNumber(figure.value);
  if (edge === null)
    return missing('unknown', `the mission's "${end}" date "${figure.value}" is no real date`);
  const election = dayNumber(ctx.dataset.election.date);
  if (election === null) {
    return missing('unknown', `election day "${ctx.dataset.election.date}" is no real date`);
  }
  return {
    value: span(edge, election),
    sources: [
      { pointer: `${mission.pointer}/${end}`, printed: figure.printed, at: figure.at },
      { pointer: '/election/date', printed: ctx.dataset.election.date },
    ],
    detail: { [end]: figure.value, electionDay: ctx.dataset.election.date.slice(0, 10) },
  };
}

/**
 * Days from the first day of an observation mission to election day, by calendar date (times of day are
 * ignored): 0 when the mission starts on election day, negative when it starts after it.
 */
export const missionStartToElectionDays = defineFact({
  id: 'missionStartToElectionDays',
  description: "Days from the observation mission's first day to election day (negative: starts after).",
  scopes: ['mission'],
  returns: 'number',
  compute: (mission, _params, ctx) => days(mission, ctx, 'from', (edge, election) => election - edge),
});

/**
 * Days from election day to the last day of an observation mission, by calendar date: 0 when the mission
 * ends on election day, negative when it ends before it.
 */
export const electionToMissionEndDays = defineFact({
  id: 'electionToMissionEndDays',
  description: "Days from election day to the observation mission's last day (negative: ends before).",
  scopes: ['mission'],
  returns: 'number',
  compute: (mission, _params, ctx) => days(mission, ctx, 'to', (edge, election) => edge - election),
});
