/**
 * The table's rows as read: how many, those left out, with the problems that left them out, and those that hold
 * the sum of the others (a totals or subtotal row).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DatasetContext, SubjectOf } from '../../src/engine/subjects.js';
import {
  rowsRead,
  rowsRejected,
  unitsThatSumTheOthers,
  unitsThatSumTheOthersList,
} from '../../src/facts/precinct-table.js';
import { TableAggregate } from '../../src/precinct/aggregate.js';
import { newReadStats } from '../../src/precinct/problems.js';
import type { Unit } from '../../src/precinct/read.js';
import { audit } from '../helpers/audit.js';
import { table, unit } from '../helpers/precinct.js';

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

describe('unitsThatSumTheOthers', () => {
  /** A unit on line `line` (id the same) of a region, with registered, cast, invalid and the votes of a and b. */
  const row = (line: number, region: string, [registered, cast, invalid, a, b]: number[]): Unit =>
    unit({
      line,
      id: String(line),
      levels: [region],
      counts: { registered, cast, invalid },
      votes: [a as number, b as number],
    });
  /** The fact's value and detail (or its missing kind) over the units, with the rule's minimum by default. */
  const measure = (units: Unit[], minUnits = 3) => {
    const info = table();
    const aggregate = new TableAggregate(info);
    for (const u of units) aggregate.add(u);
    aggregate.read = newReadStats(info.file);
    const subject = { kind: 'table', aggregate, table: info } as unknown as SubjectOf<'table'>;
    const m = unitsThatSumTheOthers.compute(subject, { minUnits }, {} as DatasetContext);
    const list = unitsThatSumTheOthersList.compute(subject, { minUnits }, {} as DatasetContext);
    return 'missing' in m
      ? m
      : { value: m.value, first: m.detail?.first, list: 'value' in list && list.value };
  };
  const a = [100, 80, 2, 50, 28];
  const b = [120, 100, 0, 60, 40];
  const c = [90, 45, 1, 20, 24];
  const sum = (...units: number[][]) =>
    (a as number[]).map((_, j) => units.reduce((s, u) => s + (u[j] as number), 0));

  it('finds a totals row at the end of the table, in no region of the others, and lists it', () => {
    expect(measure([row(2, 'N', a), row(3, 'N', b), row(4, 'S', c), row(5, 'TOTAL', sum(a, b, c))])).toEqual({
      value: 1,
      first: [{ line: 5, id: '5', node: 'table', others: 3 }],
      list: 'line 5, unit "5" (the sum of the other 3 units of the table)',
    });
  });

  it('finds a subtotal row of a level node, wherever it sits in the node, by the deepest node it sums', () => {
    expect(measure([row(2, 'N', sum(a, b)), row(3, 'N', a), row(4, 'N', b), row(5, 'S', c)])).toMatchObject({
      value: 1,
      first: [{ line: 2, node: 'region N', others: 2 }],
    });
  });

  it('does not count two units of which one equals the other: below the minimum of 3 units, unless asked', () => {
    expect(measure([row(2, 'N', a), row(3, 'N', a)])).toMatchObject({ value: 0 });
    expect(measure([row(2, 'N', a), row(3, 'N', a)], 2)).toMatchObject({ value: 1, first: [{ line: 3 }] });
  });

  it('needs every figure the row has to be the sum: one vote off, or units all 0, is no totals row', () => {
    const off = sum(a, b, c);
    off[4] = (off[4] as number) + 1;
    expect(measure([row(2, 'N', a), row(3, 'N', b), row(4, 'S', c), row(5, 'T', off)])).toMatchObject({
      value: 0,
    });
    const zero = [0, 0, 0, 0, 0];
    expect(measure([row(2, 'N', zero), row(3, 'N', zero), row(4, 'S', zero)])).toMatchObject({ value: 0 });
  });

  it('compares each figure over the units that have it: a missing cell, in a unit or in the totals row, is left out', () => {
    const lacking = [100, Number.NaN, 2, 50, 28];
    const total = sum(a, b, c);
    total[1] = 100 + 45;
    expect(measure([row(2, 'N', lacking), row(3, 'N', b), row(4, 'S', c), row(5, 'T', total)])).toMatchObject(
      {
        value: 1,
      },
    );
    const partial = sum(a, b, c);
    partial[2] = Number.NaN;
    expect(measure([row(2, 'N', a), row(3, 'N', b), row(4, 'S', c), row(5, 'T', partial)])).toMatchObject({
      value: 1,
    });
  });

  it('is unknown for a table not read yet', () => {
    const subject = {
      aggregate: { read: undefined },
      table: { entry: { id: 't' } },
    } as unknown as SubjectOf<'table'>;
    expect(unitsThatSumTheOthers.compute(subject, { minUnits: 3 }, {} as DatasetContext)).toMatchObject({
      missing: 'unknown',
    });
  });
});
