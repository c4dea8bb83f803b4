/** Candidate votes against ballots cast (and invalid ballots), for a precinct unit or summed over a level. */
import type { DatasetContext } from '../engine/subjects.js';
import { groupThousands } from '../schema/values.js';
import { defineFact, type Measurement, type Missing, missing } from './define.js';
import {
  candidateLabel,
  countPair,
  missingVotesReason,
  PROTOCOL_SCOPES,
  type ProtocolSubject,
  voteSumOf,
} from './precinct-counts.js';
import { countOf, protocolOf } from './protocol.js';
import {
  countColumn,
  ROW_NOT_APPLICABLE,
  ROW_UNKNOWN,
  ROW_VALUE,
  rowVoteSum,
  rowVotesMissing,
} from './rows.js';

/**
 * Candidate votes plus invalid ballots minus ballots cast: 0 when the protocol adds up. Not applicable when
 * the table maps no invalid ballots (then voteSumExcess checks the weaker "at most"); unknown when a vote
 * cell is missing.
 */
export const voteSumGap = defineFact({
  id: 'voteSumGap',
  description: 'Candidate votes plus invalid ballots minus ballots cast, for the unit or a level (ballots).',
  scopes: PROTOCOL_SCOPES,
  returns: 'number',
  compute(subject) {
    const pair = countPair(subject, 'cast', 'invalid');
    if (!Array.isArray(pair)) return pair;
    const [cast, invalid] = pair;
    const votes = voteSumOf(subject);
    if (votes.missing > 0) return missing('unknown', missingVotesReason(subject, votes.missing));
    return { value: votes.sum + invalid - cast, detail: { votes: votes.sum, invalid, cast } };
  },
  rows(batch, table, _params, _ctx, { values, status }) {
    const cast = countColumn(batch, table, 'cast');
    const invalid = countColumn(batch, table, 'invalid');
    for (let i = 0; i < batch.size; i++) {
      if (!cast || !invalid) {
        status[i] = ROW_NOT_APPLICABLE;
        continue;
      }
      const c = cast[i] as number;
      const v = invalid[i] as number;
      if (Number.isNaN(c) || Number.isNaN(v) || rowVotesMissing(batch, i)) status[i] = ROW_UNKNOWN;
      else {
        status[i] = ROW_VALUE;
        values[i] = rowVoteSum(batch, i) + v - c;
      }
    }
  },
});

/**
 * Candidate votes minus ballots cast, where the table gives no invalid ballots (Albania's does not): above 0
 * when the candidates got more votes than there were ballots. Not applicable when invalid ballots are mapped,
 * since voteSumGap then checks the exact identity. With vote cells missing, a positive excess still stands
 * (the missing votes could only add to it); otherwise it is unknown.
 */
export const voteSumExcess = defineFact({
  id: 'voteSumExcess',
  description: 'Candidate votes minus ballots cast, where invalid ballots are not given (ballots).',
  scopes: PROTOCOL_SCOPES,
  returns: 'number',
  compute(subject) {
    if (subject.table.mapping.counts.invalid !== undefined) {
      return missing('notApplicable', 'invalid ballots are mapped, so voteSumGap checks the exact sum');
    }
    const cast = countOf(subject, 'cast');
    if (typeof cast !== 'number') return cast;
    const votes = voteSumOf(subject);
    const value = votes.sum - cast;
    if (value <= 0 && votes.missing > 0)
      return missing('unknown', missingVotesReason(subject, votes.missing));
    return { value, detail: { votes: votes.sum, cast, missingVotes: votes.missing } };
  },
  rows(batch, table, _params, _ctx, { values, status }) {
    const cast = table.mapping.counts.invalid === undefined ? countColumn(batch, table, 'cast') : undefined;
    for (let i = 0; i < batch.size; i++) {
      const c = cast?.[i] as number;
      if (!cast) status[i] = ROW_NOT_APPLICABLE;
      else if (Number.isNaN(c)) status[i] = ROW_UNKNOWN;
      else {
        const value = rowVoteSum(batch, i) - c;
        if (value <= 0 && rowVotesMissing(batch, i)) status[i] = ROW_UNKNOWN;
        else {
          status[i] = ROW_VALUE;
          values[i] = value;
        }
      }
    }
  },
});

/** The candidate whose votes most exceed ballots cast. */
interface CandidateExcess {
  index: number;
  excess: number;
  votes: number;
  cast: number;
  /** Candidates whose votes were missing (for a level: in some unit) and so not, or not fully, compared. */
  lacking: number;
}

/** Finds the largest candidate excess over ballots cast; a known positive one stands despite missing votes. */
function candidateExcess(subject: ProtocolSubject): CandidateExcess | Missing {
  const cast = countOf(subject, 'cast');
  if (typeof cast !== 'number') return cast;
  const p = protocolOf(subject);
  // Scalars in the loop, one object at the end: this runs on every row of a table.
  let best = -1;
  let bestExcess = 0;
  let lacking = 0;
  for (let index = 0; index < p.votes.length; index++) {
    const votes = p.votes[index] as number;
    if ((p.missingVotes?.[index] ?? 0) > 0 || Number.isNaN(votes)) lacking += 1;
    if (Number.isNaN(votes)) continue;
    if (best < 0 || votes - cast > bestExcess) {
      best = index;
      bestExcess = votes - cast;
    }
  }
  if (best < 0 || (bestExcess <= 0 && lacking > 0)) {
    const where = subject.kind === 'unit' ? '' : ' in some units of this level';
    return missing('unknown', `the votes of ${lacking} candidate(s) are missing${where}`);
  }
  return { index: best, excess: bestExcess, votes: p.votes[best] as number, cast, lacking };
}

function fromExcess(
  subject: ProtocolSubject,
  ctx: DatasetContext,
  value: (e: CandidateExcess, name: string) => unknown,
): Measurement {
  const found = candidateExcess(subject);
  if ('missing' in found) return found;
  const candidate = candidateLabel(subject, ctx, found.index);
  // No conditional spread: this runs on every row of a table, and the spread's temporary objects showed
  // in issue 6's profile. Same keys, in the same order.
  const detail: Record<string, unknown> = { candidate, votes: found.votes, cast: found.cast };
  if (found.lacking > 0) detail.candidatesMissingVotes = found.lacking;
  return { value: value(found, candidate), detail };
}

/** The largest of each candidate's votes minus ballots cast: above 0 when one candidate got more votes than ballots. */
export const maxCandidateExcess = defineFact({
  id: 'maxCandidateExcess',
  description: "The largest candidate's votes minus ballots cast, for the unit or a level (votes).",
  scopes: PROTOCOL_SCOPES,
  returns: 'number',
  compute: (subject, _params, ctx) => fromExcess(subject, ctx, (e) => e.excess),
  rows(batch, table, _params, _ctx, { values, status }) {
    const cast = countColumn(batch, table, 'cast');
    const { votes, candidates: k } = batch;
    for (let i = 0; i < batch.size; i++) {
      const c = cast?.[i] as number;
      if (!cast) {
        status[i] = ROW_NOT_APPLICABLE;
        continue;
      }
      let found = false;
      let best = 0;
      let lacking = Number.isNaN(c);
      if (!lacking) {
        for (let at = i * k, end = at + k; at < end; at++) {
          const x = votes[at] as number;
          if (Number.isNaN(x)) lacking = true;
          else if (!found || x - c > best) {
            found = true;
            best = x - c;
          }
        }
      }
      if (Number.isNaN(c) || !found || (best <= 0 && lacking)) status[i] = ROW_UNKNOWN;
      else {
        status[i] = ROW_VALUE;
        values[i] = best;
      }
    }
  },
});

/** The candidate maxCandidateExcess is about, with their votes, for messages. */
export const maxCandidateExcessCandidate = defineFact({
  id: 'maxCandidateExcessCandidate',
  description: 'The candidate whose votes most exceed ballots cast, with those votes, as text.',
  scopes: PROTOCOL_SCOPES,
  returns: 'text',
  compute: (subject, _params, ctx) =>
    fromExcess(subject, ctx, (e, name) => `${name} got ${groupThousands(e.votes)} votes`),
});
