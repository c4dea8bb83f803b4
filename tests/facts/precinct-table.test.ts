/** The table's rows as read: how many, and those left out, with the problems that left them out. */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('tell the unit rules why they have no unit: no rows, or every row left out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tallycheck-table-'));
    try {
      const fixture = 'tests/rules/table-rows-all-read';
      const data = JSON.parse(readFileSync(join(fixture, 'fail.json'), 'utf8'));
      copyFileSync(join(fixture, 'mapping.json'), join(dir, 'mapping.json'));
      writeFileSync(
        join(dir, 'd.json'),
        JSON.stringify({ ...data, precincts: [{ ...data.precincts[0], table: 't.csv' }] }),
      );
      const header = 'station,region,district,registered,cast,invalid,a,b\n';
      const reasons = async (csv: string) => {
        writeFileSync(join(dir, 't.csv'), csv);
        const { outcomes } = await audit(join(dir, 'd.json'), ['ballots-cast-within-registered-voters']);
        return outcomes.map((o) => [o.outcome, o.reasons]);
      };
      expect(await reasons(header)).toEqual([['skipped', ['no unit to check: the table has no data rows']]]);
      expect(await reasons(`${header}1,North,N1,"1,000",80,2,50,28\n2,North,N1,n/a,80,2,50,28\n`)).toEqual([
        ['skipped', ['no unit to check: all 2 rows of the table were left out (see its problems)']],
      ]);
      expect(await reasons(`${header}1,North,N1,NA,80,2,50,28\n`)).toEqual([['notEvaluated', undefined]]);
      // And the level rules find no level to check, rather than pass on sums of no unit.
      const level = async (csv: string) => {
        writeFileSync(join(dir, 't.csv'), csv);
        const { outcomes } = await audit(join(dir, 'd.json'), [
          'level-ballots-cast-within-registered-voters',
        ]);
        return outcomes.map((o) => [o.subject.id, o.outcome]);
      };
      expect(await level(header)).toEqual([]);
      expect(await level(`${header}1,North,N1,"1,000",80,2,50,28\n`)).toEqual([]);
      expect(await level(`${header}1,North,N1,100,80,2,50,28\n`)).toEqual([
        ['table:t/total', 'passed'],
        ['table:t/region:North', 'passed'],
        ['table:t/district:North/N1', 'passed'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
