/**
 * Batch measurement (FactDefinition.rows): for every fact that has it, each row's status and value are what
 * `compute` gives that row's unit, on random tables and rows (unmapped columns, missing cells, fractions,
 * negatives, independent counts covering some candidates).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { datasetContext } from '../../src/engine/subjects.js';
import { unitSubject } from '../../src/engine/table-run.js';
import { isMissing } from '../../src/facts/define.js';
import { factsById } from '../../src/facts/index.js';
import { ROW_NOT_APPLICABLE, ROW_UNKNOWN, ROW_VALUE, RowValues } from '../../src/facts/rows.js';
import { loadRules } from '../../src/load/rules.js';
import type { Condition } from '../../src/schema/rule.js';
import { batchOf, mappedColumns, rowCells, tableOf } from '../helpers/batches.js';
import { dataset } from '../helpers/facts.js';

const withRows = [...factsById.values()].filter((f) => f.rows !== undefined);
const STATUS = { value: ROW_VALUE, unknown: ROW_UNKNOWN, notApplicable: ROW_NOT_APPLICABLE };

describe('facts measured a batch at a time', () => {
  it('are the unit facts the table pass runs on every row', () => {
    expect(withRows.map((f) => f.id).sort()).toEqual([
      'ballotExcess',
      'duplicateOfLine',
      'independentExcess',
      'maxCandidateExcess',
      'negativeOrFractionalCounts',
      'protocolCast',
      'protocolInvalid',
      'protocolRegistered',
      'protocolVoteSum',
      'turnoutRatio',
      'voteSumExcess',
      'voteSumGap',
    ]);
    for (const f of withRows) expect(f.scopes).toContain('unit');
  });

  it.each(withRows.map((f) => [f.id, f] as const))('%s: each row as compute gives it', (_id, fact) => {
    const ctx = datasetContext(dataset());
    const params = fact.params ? fact.params.parse({}) : {};
    const seen = new Set<number>();
    let plain = 0;
    fc.assert(
      fc.property(mappedColumns, fc.array(rowCells, { minLength: 1, maxLength: 12 }), (mapped, rows) => {
        const table = tableOf(mapped);
        const batch = batchOf(table, rows);
        if (batch.plain) plain++;
        const into = new RowValues();
        into.ensure(batch.size);
        // Stale contents from an earlier batch must not show through.
        into.values.fill(12345);
        into.status.fill(9);
        fact.rows?.(batch, table, params, ctx, into);
        for (let i = 0; i < batch.size; i++) {
          const m = fact.compute(unitSubject(table, batch.unit(i)), params, ctx);
          const status = isMissing(m) ? STATUS[m.missing] : ROW_VALUE;
          expect(into.status[i], `row ${i}`).toBe(status);
          if (!isMissing(m))
            expect(
              Object.is(into.values[i], m.value),
              `row ${i}: ${into.values[i]} vs ${String(m.value)}`,
            ).toBe(true);
          seen.add(status);
        }
      }),
      { numRuns: 300, seed: 20240207 },
    );
    // Every fact has values and, but for a repeated id's line (0 when none), some missing rows on these
    // tables (which kind depends on the fact).
    expect(seen.has(ROW_VALUE)).toBe(true);
    if (fact.id !== 'duplicateOfLine') expect(seen.size).toBeGreaterThan(1);
    // Batches the reader would mark plain (UnitBatch.plain), which some facts measure without their checks.
    expect(plain).toBeGreaterThan(10);
  });

  it('cover every fact the bundled unit rules compare without a path', () => {
    const rules = loadRules('rules/precinct');
    const read = new Set<string>();
    const walk = (c: Condition): void => {
      if ('all' in c) c.all.forEach(walk);
      else if ('any' in c) c.any.forEach(walk);
      else if ('not' in c) walk(c.not);
      else if (!c.path) read.add(c.fact);
    };
    for (const { rule } of rules) if (rule.meta.scope === 'unit') walk(rule.conditions as Condition);
    expect(read.size).toBeGreaterThan(0);
    for (const id of read) expect(withRows.map((f) => f.id)).toContain(id);
  });
});
