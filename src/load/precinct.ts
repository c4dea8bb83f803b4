/** Loads the precinct tables a dataset names: paths relative to the dataset, and each mapping checked with zod. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { TableInfo } from '../precinct/aggregate.js';
import type { ReadStats } from '../precinct/read.js';
import type { Dataset } from '../schema/dataset.js';
import { type Mapping, MappingSchema } from '../schema/mapping.js';
import type { LoadOptions } from './dataset.js';
import { InputError, type InputProblem } from './errors.js';
import { readJsonFile } from './json.js';
import { besideDataset, refuseNamedFile } from './paths.js';
import { zodProblems } from './zod-problems.js';

export { besideDataset } from './paths.js';

/** Loads every precinct table's mapping and checks the table file exists; throws InputError listing all problems. */
export function loadPrecinctTables(
  datasetFile: string,
  dataset: Dataset,
  options: LoadOptions = {},
): TableInfo[] {
  const problems: InputProblem[] = [];
  const tables: TableInfo[] = [];
  const allowed = options.allowRead ?? [];
  dataset.precincts.forEach((entry, index) => {
    const file = besideDataset(datasetFile, entry.table);
    const mappingFile = besideDataset(datasetFile, entry.mapping);
    const refused = (path: string, what: 'table' | 'mapping') => {
      const refusal = refuseNamedFile(datasetFile, path, allowed);
      if (refusal === undefined) return false;
      problems.push({
        code: refusal.code,
        file: path,
        message: `precinct ${what}: ${refusal.message} (named at /precincts/${index}/${what} of ${datasetFile})`,
        hint: refusal.hint,
      });
      return true;
    };
    const tableRefused = refused(file, 'table');
    if (entry.release && !dataset.releases.some((r) => r.id === entry.release)) {
      problems.push({
        code: 'data-unknown-release',
        file: datasetFile,
        pointer: `/precincts/${index}/release`,
        message: `unknown release "${entry.release}"`,
        expected: dataset.releases.map((r) => `"${r.id}"`).join(', ') || 'a release of the dataset',
      });
    }
    if (refused(mappingFile, 'mapping')) return;
    try {
      const doc = readJsonFile(mappingFile);
      const parsed = MappingSchema.safeParse(doc.value);
      if (!parsed.success) {
        problems.push(...zodProblems(parsed.error, doc, 'mapping'));
        return;
      }
      if (tableRefused) return;
      tables.push({
        index,
        entry,
        file,
        mappingFile,
        mapping: parsed.data,
        candidates: parsed.data.candidates.map((c) => c.id),
      });
    } catch (error) {
      if (error instanceof InputError) problems.push(...error.problems);
      else throw error;
    }
  });
  if (problems.length > 0) throw new InputError(problems);
  return tables;
}

/** The sha256 of a file, read as a stream. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** What the report says about a table: what was read, what could not be used, and the first problems. */
export async function tableInput({
  aggregate: { table },
  stats,
}: {
  aggregate: { table: TableInfo };
  stats: ReadStats;
}) {
  return {
    id: table.entry.id,
    file: table.file.split('\\').join('/'),
    mapping: table.mappingFile.split('\\').join('/'),
    // The table pass hashes the bytes as it reads them; a pass that stopped short has no hash, nor has a gzip
    // table's (its sha256 is the file's, not its text's: precinct/gzip.ts), so the file is read again.
    sha256: stats.sha256 ?? (await sha256File(table.file)),
    rows: stats.rowsRead,
    used: stats.rowsUsed,
    rejected: stats.rowsRejected,
    cellsMissing: Object.values(stats.missingCells).reduce((a, b) => a + b, 0),
    ...cellsReadAsZero(table.mapping, stats),
    problemsTotal: stats.problemCount,
    problems: stats.problems.map((p) => ({
      code: p.code,
      line: p.line,
      ...(p.columnName !== undefined ? { column: p.columnName } : {}),
      message: p.message,
      ...(p.found !== undefined ? { found: p.found } : {}),
      ...(p.expected !== undefined ? { expected: p.expected } : {}),
    })),
  };
}

/** The candidates whose empty cells mean 0 votes, with how many cells were read so: none is left unsaid. */
function cellsReadAsZero(mapping: Mapping, stats: ReadStats) {
  const zero = mapping.candidates.filter((c) => c.emptyMeans === 'zero');
  if (zero.length === 0) return {};
  return {
    cellsReadAsZero: zero.map((c) => ({
      candidate: c.id,
      column: c.column,
      cells: stats.cellsReadAsZero[c.id] ?? 0,
    })),
  };
}
