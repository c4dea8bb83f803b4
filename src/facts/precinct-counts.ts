/** A precinct unit's (or a level's) protocol counts as facts, and the vote sums the arithmetic facts share. */
import type { DatasetContext, SubjectOf } from '../engine/subjects.js';
import type { CountField } from '../schema/mapping.js';
import { defineFact, type Measurement, type Missing, missing } from './define.js';
import { countOf } from './protocol.js';
import {
  countColumn,
  ROW_NOT_APPLICABLE,
  ROW_UNKNOWN,
  ROW_VALUE,
  rowVoteSum,
  rowVotesMissing,
} from './rows.js';

/** A unit or a node of the hierarchy (the table total, a region, a district ...). */
export type ProtocolSubject = SubjectOf<'unit'> | SubjectOf<'unitLevel'>;

/** The scopes of facts that read a protocol the same way for a unit and for a level's sums. */
export const PROTOCOL_SCOPES = ['unit', 'unitLevel'] as const;

/** Candidate votes added up over the candidates whose votes are known, with how many cells were missing. */
export interface VoteSum {
  sum: number;
  /** Missing vote cells: per candidate for a unit; for a level, units that lacked a candidate's votes. */
  missing: number;
}

/** The sum of the candidates' votes of a unit or level; missing cells are counted, not added. */
export function voteSumOf(subject: ProtocolSubject): VoteSum {
  // A plain loop over the arrays (no protocol object, no closure): this runs on every row of a table.
  const votes = subject.kind === 'unit' ? subject.unit.votes : subject.node.totals.votes;
  const missingVotes = subject.kind === 'unit' ? undefined : subject.node.totals.missingVotes;
  let sum = 0;
  let missing = 0;
  for (let i = 0; i < votes.length; i++) {
    const v = votes[i] as number;
    missing += missingVotes?.[i] ?? 0;
    if (Number.isNaN(v)) missing += 1;
    else sum += v;
  }
  return { sum, missing };
}

/** How a missing vote cell is described: for a unit, cells; for a level, units lacking a candidate's votes. */
export function missingVotesReason(subject: ProtocolSubject, missing: number): string {
  return subject.kind === 'unit'
    ? `${missing} candidate vote cell(s) are missing`
    : `${missing} candidate vote count(s) are missing in the units of this level`;
}

/** A candidate's name: from the dataset, else from the mapping, else its id. */
export function candidateLabel(subject: ProtocolSubject, ctx: DatasetContext, index: number): string {
  const id = subject.table.candidates[index] ?? `#${index + 1}`;
  return ctx.candidates.get(id)?.name ?? subject.table.mapping.candidates[index]?.name ?? id;
}

/**
 * Two counts of a protocol, or why they cannot be read: an unmapped column (not applicable) is reported
 * before a missing cell (unknown), so a table that lacks the column skips the check instead of leaving it open.
 */
export function countPair(
  subject: ProtocolSubject,
  a: CountField,
  b: CountField,
): [number, number] | Missing {
  const x = countOf(subject, a);
  const y = countOf(subject, b);
  if (typeof x !== 'number' && x.missing === 'notApplicable') return x;
  if (typeof y !== 'number' && y.missing === 'notApplicable') return y;
  if (typeof x !== 'number') return x;
  if (typeof y !== 'number') return y;
  return [x, y];
}

function countFact(id: string, field: CountField, what: string) {
  return defineFact({
    id,
    description: `${what} of the unit, or summed over the units of a level (a count).`,
    scopes: PROTOCOL_SCOPES,
    returns: 'number',
    compute(subject): Measurement {
      const value = countOf(subject, field);
      return typeof value === 'number' ? { value } : value;
    },
    rows(batch, table, _params, _ctx, { values, status }) {
      const column = countColumn(batch, table, field);
      for (let i = 0; i < batch.size; i++) {
        const v = column?.[i] as number;
        if (!column) status[i] = ROW_NOT_APPLICABLE;
        else if (Number.isNaN(v)) status[i] = ROW_UNKNOWN;
        else {
          status[i] = ROW_VALUE;
          values[i] = v;
        }
      }
    },
  });
}

/** Registered voters of the unit or level. */
export const protocolRegistered = countFact('protocolRegistered', 'registered', 'Registered voters');

/** Ballots cast of the unit or level. */
export const protocolCast = countFact('protocolCast', 'cast', 'Ballots cast');

/** Invalid ballots of the unit or level. */
export const protocolInvalid = countFact('protocolInvalid', 'invalid', 'Invalid ballots');

/** The candidates' votes added up; unknown when any vote cell (or, for a level, any unit's) is missing. */
export const protocolVoteSum = defineFact({
  id: 'protocolVoteSum',
  description: "The candidates' votes added up, for the unit or over the units of a level (a count).",
  scopes: PROTOCOL_SCOPES,
  returns: 'number',
  compute(subject) {
    const votes = voteSumOf(subject);
    if (votes.missing > 0) return missing('unknown', missingVotesReason(subject, votes.missing));
    return { value: votes.sum };
  },
  rows(batch, _table, _params, _ctx, { values, status }) {
    for (let i = 0; i < batch.size; i++) {
      status[i] = rowVotesMissing(batch, i) ? ROW_UNKNOWN : ROW_VALUE;
      values[i] = rowVoteSum(batch, i);
    }
  },
});
