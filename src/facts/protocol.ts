/** The protocol figures of a precinct unit or of a level's totals, read the same way by every precinct fact. */
import type { SubjectOf } from '../engine/subjects.js';
import type { CountField } from '../schema/mapping.js';
import { type Missing, missing } from './define.js';

/** Counts and votes of one unit, or summed over a level; NaN marks a missing vote. */
export interface Protocol {
  counts: Record<CountField, number | undefined>;
  votes: readonly number[];
  independent: readonly number[] | undefined;
  candidates: readonly string[];
  /** Units summed (1 for a unit). */
  units: number;
  /** For a level: units that lacked each count; a sum over a level is unknown when any unit lacked it. */
  missingCounts?: Record<CountField, number>;
  missingVotes?: readonly number[];
}

/** The protocol of a unit or a level node. */
export function protocolOf(subject: SubjectOf<'unit'> | SubjectOf<'unitLevel'>): Protocol {
  if (subject.kind === 'unit') {
    const { unit, table } = subject;
    return {
      counts: unit.counts,
      votes: unit.votes,
      independent: unit.independent,
      candidates: table.candidates,
      units: 1,
    };
  }
  const { totals } = subject.node;
  return {
    counts: totals.counts,
    votes: totals.votes,
    independent: undefined,
    candidates: subject.table.candidates,
    units: totals.units,
    missingCounts: totals.missingCounts,
    missingVotes: totals.missingVotes,
  };
}

/**
 * One count of a protocol: notApplicable when the table's mapping has no such column, unknown when the cell
 * is missing (or, for a level, when any of its units lacks it).
 */
export function countOf(
  subject: SubjectOf<'unit'> | SubjectOf<'unitLevel'>,
  field: CountField,
): number | Missing {
  if (subject.table.mapping.counts[field] === undefined) {
    return missing('notApplicable', `the table maps no column to ${field}`);
  }
  // Read in place rather than through protocolOf: this runs several times per row of a table.
  let value: number | undefined;
  let lacking = 0;
  let units = 1;
  if (subject.kind === 'unit') value = subject.unit.counts[field];
  else {
    const { totals } = subject.node;
    value = totals.counts[field];
    lacking = totals.missingCounts[field];
    units = totals.units;
  }
  if (lacking > 0) return missing('unknown', `${lacking} of ${units} units lack ${field}`);
  if (value === undefined || Number.isNaN(value)) return missing('unknown', `${field} is missing`);
  return value;
}
