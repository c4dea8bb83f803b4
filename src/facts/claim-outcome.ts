/** Facts on what a leader claim says beyond the lead: that the candidate has won, won outright, or fallen short. */
import type { LeaderOutcome } from '../schema/dataset.js';
import { defineFact, missing } from './define.js';

const ONLY_LEADS = 'the claim says only that the candidate leads';

/** Each outcome a claim can state, as a message says it after the candidate's name. */
const WORDS: Record<Exclude<LeaderOutcome, 'leads'>, string> = {
  wins: 'has won',
  winsOutright: 'has won outright',
  fallsShort: 'has fallen short of the share needed to win outright',
};

/** The outcome a leader claim states: "wins", "winsOutright" or "fallsShort"; not applicable to a mere lead. */
export const claimedOutcome = defineFact({
  id: 'claimedOutcome',
  description:
    'What a leader claim says beyond the lead: "wins", "winsOutright" or "fallsShort" (not applicable when it says only "leads").',
  scopes: ['leaderClaim'],
  returns: 'text',
  compute({ claim }) {
    const outcome = claim.outcome ?? 'leads';
    if (outcome === 'leads') return missing('notApplicable', ONLY_LEADS);
    return { value: outcome };
  },
});

/** The claimed outcome in words, for messages: "has won", "has won outright", "has fallen short of ...". */
export const claimedOutcomeWords = defineFact({
  id: 'claimedOutcomeWords',
  description: 'The outcome a leader claim states, in words ("has won outright").',
  scopes: ['leaderClaim'],
  returns: 'text',
  compute({ claim }) {
    const outcome = claim.outcome ?? 'leads';
    if (outcome === 'leads') return missing('notApplicable', ONLY_LEADS);
    return { value: WORDS[outcome] };
  },
});
