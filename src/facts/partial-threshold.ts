/** Facts on the share the law requires to win outright, as the dataset records it. */
import { defineFact, missing } from './define.js';

const NONE = 'the dataset records no win threshold for this election';

/** The share needed to win outright, in percent. */
export const winThreshold = defineFact({
  id: 'winThreshold',
  description: 'Share of the vote needed to win outright in this round, in percent (election.winThreshold).',
  scopes: ['release', 'leaderClaim'],
  returns: 'number',
  compute(_subject, _params, ctx) {
    const t = ctx.dataset.election.winThreshold;
    if (!t) return missing('notApplicable', NONE);
    return {
      value: t.share,
      detail: { strict: t.strict, ...(t.basis ? { basis: t.basis } : {}), ...(t.at ? { at: t.at } : {}) },
    };
  },
});

/** Whether winning takes more than the threshold (true) or at least the threshold (false). */
export const winThresholdStrict = defineFact({
  id: 'winThresholdStrict',
  description: 'true when winning outright takes more than the threshold, false when at least the threshold.',
  scopes: ['release', 'leaderClaim'],
  returns: 'boolean',
  compute(_subject, _params, ctx) {
    const t = ctx.dataset.election.winThreshold;
    if (!t) return missing('notApplicable', NONE);
    return { value: t.strict };
  },
});
