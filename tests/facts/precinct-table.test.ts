/** The table's rows as read: how many, and those left out, with the problems that left them out. */
import { describe, expect, it } from 'vitest';
import type { DatasetContext, SubjectOf } from '../../src/engine/subjects.js';
import { rowsRead, rowsRejected } from '../../src/facts/precinct-table.js';
import { audit } from '../helpers/audit.js';

const FAIL = 'tests/rules/table-rows-all-read/fail.json';

describe('rowsRead and rowsRejected', () => {
  it('count the data rows and those left out, with each problem kind and the first problems', async () => {
    const { findings, outcomes } = await audit(FAIL, ['table-rows-all-read']);
    expect(outcomes.map((o) => [o.subject.id, o.subject.kind, o.subject.label, o.outcome])).toEqual([
      ['table:t', 'table', 'table t', 'failed'],
    ]);
    const evidence = findings[0]?.evidence;
    expect(evidence?.values).toEqual({ rowsRejected: 3, rowsRead: 5 });
    // The NA is a missing cell (the row is used), not a rejection.
    expect(evidence?.details.rowsRejected).toEqual({
      byCode: { 'precinct-invalid-number': 1, 'precinct-short-row': 1, 'precinct-missing-id': 1 },
      first: [
        {
          line: 3,
          code: 'precinct-invalid-number',
          message: 'column "registered" does not hold a number; the row is left out',
          found: '"1,200"',
        },
        {
          line: 4,
          code: 'precinct-short-row',
          message:
            'the row has 6 fields, the header 8: column "a" and later ones are missing; the row is left out',
          found: '6 fields',
        },
        {
          line: 5,
          code: 'precinct-missing-id',
          message: expect.stringContaining('"station"'),
          found: '""',
        },
      ],
    });
  });

  it('are unknown for a table not read yet, so the rule is not evaluated rather than passed', () => {
    const subject = {
      aggregate: { read: undefined },
      table: { entry: { id: 't' } },
    } as unknown as SubjectOf<'table'>;
    for (const fact of [rowsRead, rowsRejected]) {
      expect(fact.compute(subject, {}, {} as DatasetContext)).toEqual({
        missing: 'unknown',
        reason: 'table t has not been read',
      });
    }
  });
});
