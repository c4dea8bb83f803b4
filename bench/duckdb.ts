/** Benchmark variant 5: the row checks as one SQL query in DuckDB, straight over the CSV. */
import { DuckDBInstance } from '@duckdb/node-api';
import type { Mapping } from '../src/schema/mapping.js';
import { arg, assertHandWritten, benchTable, emit, rowCheckIds } from './shared.js';

// The same checks as the facts in src/facts/precinct-*.ts, in SQL. NULL plays the part of a missing cell: a
// comparison with NULL is not true, so the row is not counted as failing, as the audit leaves it undecided.
// greatest() skips NULLs, as the audit lets a known positive excess stand when other votes are missing.
// Rows whose id or level is missing, or with a number that does not parse (ignore_errors), are left out,
// as the reader rejects them. DuckDB uses every core.

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
const lit = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** One `count(*) FILTER (...)` per row check, for the mapping's columns. */
function checks(mapping: Mapping): Record<string, string> {
  const c = mapping.counts;
  const col = (name: string | undefined) => (name === undefined ? 'NULL' : q(name));
  const cast = col(c.cast);
  const registered = col(c.registered);
  const votes = mapping.candidates.map((x) => q(x.column));
  const numbers = [
    ...Object.values(c).filter((v): v is string => v !== undefined),
    ...mapping.candidates.map((x) => x.column),
    ...(mapping.independent?.columns.map((x) => x.column) ?? []),
  ].map(q);
  const independent = mapping.independent?.columns.map((x) => {
    const official = mapping.candidates.find((y) => y.id === x.candidate)?.column as string;
    return `${q(x.column)} - ${q(official)}`;
  });
  const idKey =
    mapping.id.columns.length === 1
      ? q(mapping.id.columns[0] as string)
      : `concat_ws(${lit(mapping.id.separator)}, ${mapping.id.columns.map(q).join(', ')})`;
  return {
    'ballots-cast-within-registered-voters': `count(*) FILTER (WHERE ${cast} - ${registered} > 0)`,
    'candidate-votes-within-ballots-cast': `count(*) FILTER (WHERE greatest(${votes.join(', ')}) - ${cast} > 0)`,
    'independent-count-within-official-count': independent
      ? `count(*) FILTER (WHERE greatest(${independent.join(', ')}) > 0)`
      : '0',
    'turnout-below-100-percent': `count(*) FILTER (WHERE ${registered} > 0 AND ${cast}::DOUBLE / ${registered} = 1)`,
    'unit-counts-whole-non-negative': `count(*) FILTER (WHERE ${numbers.map((n) => `${n} < 0 OR ${n} <> trunc(${n})`).join(' OR ')})`,
    'unit-ids-unique': `count(*) - count(DISTINCT ${idKey})`,
    'vote-sum-within-ballots-cast':
      c.invalid === undefined
        ? `count(*) FILTER (WHERE ${votes.map((v) => `coalesce(${v}, 0)`).join(' + ')} - ${cast} > 0)`
        : '0',
    'votes-plus-invalid-equal-ballots-cast':
      c.invalid === undefined
        ? '0'
        : `count(*) FILTER (WHERE ${votes.join(' + ')} + ${q(c.invalid)} - ${cast} <> 0)`,
  };
}

/** The query over the table: DOUBLE for every number so fractions and signs read as the audit reads them. */
export function checkQuery(csv: string, mapping: Mapping, ids: readonly string[]): string {
  const sql = checks(mapping);
  const numbers = [
    ...Object.values(mapping.counts).filter((v): v is string => v !== undefined),
    ...mapping.candidates.map((x) => x.column),
    ...(mapping.independent?.columns.map((x) => x.column) ?? []),
  ];
  const types = numbers.map((n) => `${lit(n)}: 'DOUBLE'`).join(', ');
  const keys = [...mapping.id.columns, ...mapping.levels.map((l) => l.column)];
  const delimiter = mapping.format.type === 'csv' ? mapping.format.delimiter : ',';
  return `SELECT count(*) AS "rows", ${ids.map((id) => `${sql[id]} AS ${q(id)}`).join(', ')}
    FROM read_csv(${lit(csv)}, header = true, delim = ${lit(delimiter)},
      nullstr = [${mapping.missingValues.map(lit).join(', ')}], types = {${types}}, ignore_errors = true)
    WHERE ${keys.map((k) => `${q(k)} IS NOT NULL`).join(' AND ')}`;
}

const dataset = arg('dataset');
const rules = arg('rules');
if (!dataset || !rules) throw new Error('usage: duckdb.js --dataset FILE --rules DIR [--print-sql]');
const ids = rowCheckIds(rules);
assertHandWritten(ids, 'the DuckDB query');
const table = benchTable(dataset);
if (process.argv.includes('--print-sql')) {
  process.stdout.write(`${checkQuery(table.csv, table.mapping, ids)}\n`);
  process.exit(0);
}
const t0 = performance.now();
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const reader = await connection.runAndReadAll(checkQuery(table.csv, table.mapping, ids));
const row = reader.getRowObjects()[0] as Record<string, bigint | number>;
const loopMs = performance.now() - t0;
connection.closeSync();
instance.closeSync();
emit({
  counts: {
    rows: Number(row.rows),
    failed: Object.fromEntries(ids.map((id) => [id, Number(row[id])])),
  },
  loopMs,
});
