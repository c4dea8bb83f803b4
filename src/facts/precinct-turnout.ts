/** Ballots cast against registered voters, for a precinct unit or summed over a level. */
import { defineFact, missing } from './define.js';
import { countPair, PROTOCOL_SCOPES } from './precinct-counts.js';

/** Ballots cast minus registered voters: above 0 when more ballots were cast than voters are registered. */
export const ballotExcess = defineFact({
  id: 'ballotExcess',
  description: 'Ballots cast minus registered voters, for the unit or summed over a level (ballots).',
  scopes: PROTOCOL_SCOPES,
  compute(subject) {
    const pair = countPair(subject, 'cast', 'registered');
    if (!Array.isArray(pair)) return pair;
    const [cast, registered] = pair;
    return { value: cast - registered, detail: { cast, registered } };
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
  compute(subject) {
    const pair = countPair(subject, 'cast', 'registered');
    if (!Array.isArray(pair)) return pair;
    const [cast, registered] = pair;
    if (registered <= 0) return missing('notApplicable', 'no voters are registered, so turnout has no value');
    return { value: cast / registered, detail: { cast, registered } };
  },
});
