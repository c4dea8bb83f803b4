/** `tallycheck data validate`: checks dataset files, and the precinct tables they name, and reports every problem. */
import { loadDataset } from '../load/dataset.js';
import { formatProblem, InputError, UsageError } from '../load/errors.js';
import { allowedFolders } from '../load/paths.js';
import { loadPrecinctTables } from '../load/precinct.js';
import type { TableInfo } from '../precinct/aggregate.js';
import { readUnitBatches } from '../precinct/read.js';
import { printable } from '../printable.js';
import { EXIT, type Io, parse } from './main.js';
import { commandLogger } from './options.js';

/**
 * Reads a table's first batch: what the audit would refuse before any row (a file that is not text, a header
 * without the mapped columns, another delimiter) fails here too. The rows themselves are the audit's to judge.
 */
export async function checkHead(table: TableInfo): Promise<void> {
  const batches = readUnitBatches(table.file, table.mapping, { threads: 'inline' });
  try {
    await batches.next();
  } finally {
    await batches.return(undefined as never);
  }
}

/**
 * Validates each file: the dataset against its schema, each precinct table's mapping, and each table's start
 * (text, header, delimiter). Resolves to 0 when all are valid, 2 otherwise.
 */
export async function validateData(args: string[], io: Io): Promise<number> {
  const { values, positionals: files } = parse(args, { 'allow-read': { type: 'string', multiple: true } });
  const allowRead = allowedFolders((values['allow-read'] as string[] | undefined) ?? []);
  if (files.length === 0) throw new UsageError('data validate needs at least one dataset file');
  const log = commandLogger(values);
  let failed = 0;
  for (const file of files) {
    try {
      const { data, sha256 } = loadDataset(file, { allowRead });
      log.info({ file, sha256 }, 'dataset loaded');
      const tables = loadPrecinctTables(file, data, { allowRead });
      for (const table of tables) {
        await checkHead(table);
        log.info({ table: table.entry.id, file: table.file, mapping: table.mappingFile }, 'table head read');
      }
      const tablesText =
        tables.length > 0 ? `, ${tables.length} precinct table(s) with their mappings and headers` : '';
      io.out(
        `${printable(file)}: valid (${data.candidates.length} candidates, ${data.releases.length} releases, ` +
          `${data.estimates.length} estimates${tablesText})\n`,
      );
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      failed += 1;
      io.err(`${error.problems.map(formatProblem).join('\n')}\n`);
    }
  }
  return failed > 0 ? EXIT.error : EXIT.ok;
}
