/**
 * The precinct arithmetic pack on real data: Albania's 2013 parliamentary election, the Election Forensics
 * Toolkit's worked example, read from beside the project (../shared/data/real). Pins what the pack finds.
 */
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AuditResult, runAudit } from '../../src/engine/audit.js';
import { datasetContext } from '../../src/engine/subjects.js';
import { loadDataset } from '../../src/load/dataset.js';
import { loadPrecinctTables } from '../../src/load/precinct.js';
import { loadRules } from '../../src/load/rules.js';
import type { Finding } from '../../src/schema/report.js';
import { SHARED_READ } from '../helpers/audit.js';

const DATASET = 'data/albania-2013-parliament.json';
const TABLE = '../shared/data/real/albania-2013-parliament-precinct.csv';
const present = existsSync(TABLE);
if (!present) {
  console.warn(
    `Skipped the Albania 2013 rule tests: ${TABLE} is absent. It is not part of the repository; see ` +
      '../shared/data/real/README.md for where it comes from.',
  );
}

describe.skipIf(!present)('precinct pack on Albania 2013 (EFT worked example)', () => {
  let result: AuditResult;
  const finding = (rule: string, subject = 'table:albania-2013/units'): Finding | undefined =>
    result.findings.find((f) => f.ruleId === rule && f.subject.id === subject);
  const outcomes = (rule: string) => {
    const counts: Record<string, number> = {};
    for (const o of result.outcomes.filter((x) => x.ruleId === rule))
      counts[o.outcome] = (counts[o.outcome] ?? 0) + 1;
    return counts;
  };

  beforeAll(async () => {
    const dataset = loadDataset(DATASET, SHARED_READ);
    const tables = loadPrecinctTables(DATASET, dataset.data, SHARED_READ);
    result = await runAudit(loadRules('rules/precinct'), tables, datasetContext(dataset.data));
  });

  it('reads every row, uses all of them, and reports the two NA cells and 60 repeated ids', () => {
    const stats = result.passes[0]?.stats;
    expect(stats).toMatchObject({ rowsRead: 5508, rowsUsed: 5508, rowsRejected: 0, duplicateIds: 60 });
    expect(stats?.missingCells).toEqual({ C067: 1, C011: 1 });
    const missing = stats?.problems.filter((p) => p.code === 'precinct-missing-value') ?? [];
    expect(missing.map((p) => [p.line, p.columnName])).toEqual([
      [856, 'C067'],
      [876, 'C011'],
    ]);
  });

  it('finds no unit, and no level, with more ballots cast than registered voters', () => {
    expect(outcomes('ballots-cast-within-registered-voters')).toEqual({ passed: 1 });
    expect(outcomes('level-ballots-cast-within-registered-voters')).toEqual({ passed: 392 });
  });

  it('warns of 63 units at a turnout of exactly 100% (two with nobody registered are skipped)', () => {
    const f = finding('turnout-below-100-percent');
    expect(f?.severity).toBe('warning');
    expect(f?.evidence.units).toMatchObject({ checked: 5506, failed: 63, notEvaluated: 0, skipped: 2 });
    expect(f?.evidence.units?.sample.slice(0, 3).map((s) => [s.line, s.unit])).toEqual([
      [214, 'SHKODER/SHKODER_DAJC-SHKODER/232'],
      [817, 'LEZHE/LEZHE_FUSHE-KUQE/9011'],
      [1052, 'DIBER/DIBER_QENDER-TOMIN/1154'],
    ]);
    expect(f?.message).toBe(
      'Turnout stays below 100%: not so in 63 of the 5506 units checked in albania-2013. First: Unit ' +
        'SHKODER/SHKODER_DAJC-SHKODER/232 (SHKODER / SHKODER_DAJC-SHKODER): all 178 registered voters cast a ' +
        'ballot (turnout 100%).',
    );
  });

  it('finds 14 units whose party votes exceed their ballots, two of them by 57 and 79', () => {
    const f = finding('vote-sum-within-ballots-cast');
    expect(f?.outcome).toBe('failed');
    expect(f?.evidence.units).toMatchObject({ checked: 5508, failed: 14, notEvaluated: 2 });
    const failed = f?.evidence.units?.sample.filter((s) => s.outcome === 'failed') ?? [];
    expect(failed.map((s) => [s.line, s.values.voteSumExcess])).toEqual([
      [138, 1],
      [162, 1],
      [163, 3],
      [737, 2],
      [1132, 1],
      [1232, 57],
      [1618, 2],
      [2055, 2],
      [3013, 79],
      [3138, 2],
    ]);
    expect(failed[8]?.unit).toBe('ELBASAN/ELBASAN_PERPARIM/2284');
    // The rows with an NA party cell and no excess among the known votes cannot be decided.
    const open = f?.evidence.units?.sample.filter((s) => s.outcome === 'notEvaluated') ?? [];
    expect(open.map((s) => s.line)).toEqual([856, 876]);
  });

  it('shows the excess in 3 prefectures and 12 communes, and leaves the levels with an NA cell open', () => {
    const subjects = (outcome: string) =>
      result.findings
        .filter((f) => f.ruleId === 'level-vote-sum-within-ballots-cast' && f.outcome === outcome)
        .map((f) => f.subject.id.replace('table:albania-2013/', ''));
    expect(subjects('failed')).toEqual([
      'prefecture:DURRES',
      'prefecture:ELBASAN',
      'prefecture:KORCE',
      'commune:BERAT/BERAT_KUTALLI',
      'commune:DURRES/DURRES_KRUJE',
      'commune:DURRES/DURRES_SUKTH',
      'commune:ELBASAN/ELBASAN_BRADASHESH',
      'commune:ELBASAN/ELBASAN_PERPARIM',
      'commune:KORCE/KORCE_MALIQ',
      'commune:KORCE/KORCE_PROPTISHT',
      'commune:KORCE/KORCE_QENDER(BULGAREC)',
      'commune:LEZHE/LEZHE_RRESHEN',
      'commune:SHKODER/SHKODER_BUSHAT',
      'commune:SHKODER/SHKODER_HAJMEL',
      'commune:SHKODER/SHKODER_VAU-DEJES',
    ]);
    expect(subjects('notEvaluated')).toEqual([
      'total',
      'prefecture:DIBER',
      'commune:DIBER/DIBER_BURREL',
      'commune:DIBER/DIBER_KOMSI',
    ]);
    expect(
      finding('level-vote-sum-within-ballots-cast', 'table:albania-2013/prefecture:ELBASAN')?.message,
    ).toBe(
      "In prefecture ELBASAN of albania-2013, the candidates' votes exceed the 166,858 ballots cast by 80.",
    );
  });

  it('finds no party above the ballots of its unit; the two NA rows stay open', () => {
    const f = finding('candidate-votes-within-ballots-cast');
    expect(f?.outcome).toBe('notEvaluated');
    expect(f?.evidence.units).toMatchObject({ failed: 0, notEvaluated: 2 });
    expect(outcomes('level-candidate-votes-within-ballots-cast')).toEqual({ passed: 388, notEvaluated: 4 });
  });

  it('finds 60 repeated precinct ids, the first on line 361 (line 29 has the same id)', () => {
    const f = finding('unit-ids-unique');
    expect(f?.evidence.units).toMatchObject({ failed: 60 });
    expect(f?.evidence.units?.sample[0]).toMatchObject({
      line: 361,
      unit: 'SHKODER/SHKODER_KASTRAT/311',
      values: { duplicateOfLine: 29 },
    });
  });

  it('finds every count whole and non-negative, apart from the two NA rows', () => {
    const f = finding('unit-counts-whole-non-negative');
    expect(f?.outcome).toBe('notEvaluated');
    expect(f?.evidence.units).toMatchObject({ failed: 0, notEvaluated: 2 });
  });

  it('skips what the file cannot show: invalid ballots, independent counts, published totals', () => {
    expect(outcomes('votes-plus-invalid-equal-ballots-cast')).toEqual({ skipped: 1 });
    expect(outcomes('level-votes-plus-invalid-equal-ballots-cast')).toEqual({ skipped: 392 });
    expect(outcomes('independent-count-within-official-count')).toEqual({ skipped: 1 });
    expect(outcomes('units-add-up-to-published-totals')).toEqual({ skipped: 392 });
    expect(outcomes('units-give-published-shares')).toEqual({ skipped: 392 });
  });
});
