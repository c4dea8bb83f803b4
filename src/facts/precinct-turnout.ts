/** Ballots cast against registered voters, for a precinct unit or summed over a level. */
import { defineFact, missing } from './define.js';
import { countPair, PROTOCOL_SCOPES } from './precinct-counts.js';
import { countColumn, ROW_NOT_APPLICABLE, ROW_UNKNOWN, ROW_VALUE } from './rows.js';

/** Ballots cast minus registered voters: above 0 when more ballots were cast than voters are registered. */
export const ballotExcess = defineFact({
  id: 'ballotExcess',
  description: 'Ballots cast minus registered voters, for the unit or summed over a level (ballots).',
  scopes: PROTOCOL_SCOPES,
  returns: 'number',
  compute(subject) {
    const pair = countPair(subject, 'cast', 'registered');
    if (!Array.isArray(pair)) return pair;
    const [cast, registered] = pair;
    return { value: cast - registered, detail: { cast, registered } };
  },
  rows(batch, table, _params, _ctx, { values, status }) {
    const cast = countColumn(batch, table, 'cast');
    const registered = countColumn(batch, table, 'registered');
    for (let i = 0; i < batch.size; i++) {
      if (!cast || !registered) status[i] = ROW_NOT_APPLICABLE;
      else {
        const c = cast[i] as number;
        const r = registered[i] as number;
        if (Number.isNaN(c) || Number.isNaN(r)) status[i] = ROW_UNKNOWN;
        else {
          status[i] = ROW_VALUE;
          values[i] = c - r;
        }
      }
    }
  },
});

/**
 * Ballots cast divided by registered voters (1 is a turnout of 100%). Not applicable where no voter is
 * registered: the ratio has no value there, and ballotExcess reports any ballot cast.
 */
export const turnoutRatio = defineFact({
  id: 'turnoutRatio',
  description: 'Ballots cast divided by registered voters (1 = a turnout of 100%).',
  scopes: PROTOCOL_SCOPES,
  returns: 'number',
  compute(subject) {
    const pair = countPair(subject, 'cast', 'registered');
    if (!Array.isArray(pair)) return pair;
    const [cast, registered] = pair;
    if (registered <= 0) return missing('notApplicable', 'no voters are registered, so turnout has no value');
    return { value: cast / registered, detail: { cast, registered } };
  },
  rows(batch, table, _params, _ctx, { values, status }) {
    const cast = countColumn(batch, table, 'cast');
    const registered = countColumn(batch, table, 'registered');
    for (let i = 0; i < batch.size; i++) {
      if (!cast || !registered) status[i] = ROW_NOT_APPLICABLE;
      else {
        const c = cast[i] as number;
        const r = registered[i] as number;
        if (Number.isNaN(c) || Number.isNaN(r)) status[i] = ROW_UNKNOWN;
        else if (r <= 0) status[i] = ROW_NOT_APPLICABLE;
        else {
          status[i] = ROW_VALUE;
          values[i] = c / r;
        }
      }
    }
  },
});
