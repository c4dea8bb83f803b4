/** Facts on a precinct table as read: its data rows, and those the reader had to leave out. */
import type { SubjectOf } from '../engine/subjects.js';
import { ROW_PROBLEMS } from '../precinct/problems.js';
import { defineFact, missing } from './define.js';

/** Rejected-row problems the detail lists (the report's table section lists up to 100 problems of every kind). */
const FIRST = 3;

/** The codes of the problems that leave a row out. */
const REJECTING: ReadonlySet<string> = new Set(
  Object.entries(ROW_PROBLEMS)
    .filter(([, effect]) => effect === 'rowRejected')
    .map(([code]) => code),
);

function readStats(subject: SubjectOf<'table'>) {
  return subject.aggregate.read ?? missing('unknown', `table ${subject.table.entry.id} has not been read`);
}

/** Data rows of the table (the header and blank lines left out). */
export const rowsRead = defineFact({
  id: 'rowsRead',
  description: 'Data rows of the precinct table as read (the header and blank lines not counted).',
  scopes: ['table'],
  compute(subject) {
    const stats = readStats(subject);
    if ('missing' in stats) return stats;
    return { value: stats.rowsRead };
  },
});

/**
 * Rows the reader left out: a count that is not a number, a row too short or too long, no id, a malformed quote
 * or JSON line. Their units are in no check, no sum and no screen. Detail: how many for each problem, and the
 * first few problems with their lines.
 */
export const rowsRejected = defineFact({
  id: 'rowsRejected',
  description:
    'Rows of the precinct table left out by the reader (a count not a number, a short or long row, no id ...).',
  scopes: ['table'],
  compute(subject) {
    const stats = readStats(subject);
    if ('missing' in stats) return stats;
    const byCode = Object.fromEntries(
      Object.entries(stats.problemsByCode).filter(([code]) => REJECTING.has(code)),
    );
    const first = stats.problems
      .filter((p) => REJECTING.has(p.code))
      .slice(0, FIRST)
      .map((p) => ({
        line: p.line,
        code: p.code,
        message: p.message,
        ...(p.found ? { found: p.found } : {}),
      }));
    return { value: stats.rowsRejected, detail: { byCode, first } };
  },
});
