/** Starts the table reader's worker thread early, before an audit loads its modules and rules (issue 6). */
import { readFileSync } from 'node:fs';
import { allowedFolders, allowReadArgs, besideDataset, refuseNamedFile } from '../load/paths.js';
import { readAhead, readThread, TABLE_PASS_READ, warmReadWorker } from './read.js';

/**
 * Starts the reader's worker now when one of `args` is a dataset file naming a precinct table that will be
 * read on a worker thread (see readThread), so that the worker's start-up overlaps the audit's own instead
 * of delaying the first batch (about 0.1 s of a 1M-row audit). When the table's mapping is valid, the worker
 * also starts reading it (readAhead) with the options the audit's table pass reads it with (runTables), and
 * parses while the audit loads its modules and rules (about 0.07 s more, median of 5 interleaved runs). A guess made before any
 * validation: anything odd (not JSON, no tables, a missing file, an invalid mapping) is left for the audit to
 * report. True when a worker was warmed.
 */
export async function warmForDataset(args: readonly string[]): Promise<boolean> {
  let allowed: string[];
  try {
    allowed = allowedFolders(allowReadArgs(args));
  } catch {
    return false; // the audit reports it
  }
  for (const arg of args) {
    if (!arg.endsWith('.json')) continue;
    let precincts: unknown;
    try {
      precincts = (JSON.parse(readFileSync(arg, 'utf8')) as { precincts?: unknown } | null)?.precincts;
    } catch {
      continue;
    }
    if (!Array.isArray(precincts)) continue;
    for (const entry of precincts) {
      const { table, mapping } = (entry ?? {}) as { table?: unknown; mapping?: unknown };
      if (typeof table !== 'string') continue;
      const file = besideDataset(arg, table);
      // Only what the audit would read: a regular file the dataset may name (paths.ts).
      if (refuseNamedFile(arg, file, allowed) !== undefined) continue;
      if ((await readThread(file)) !== 'worker') continue;
      if (!warmReadWorker()) return false;
      const mappingFile = typeof mapping === 'string' ? besideDataset(arg, mapping) : undefined;
      if (mappingFile !== undefined && refuseNamedFile(arg, mappingFile, allowed) === undefined) {
        await readTableAhead(file, mappingFile);
      }
      return true;
    }
  }
  return false;
}

/** Starts reading the table on the warm worker when its mapping file holds a valid mapping. */
async function readTableAhead(file: string, mappingFile: string): Promise<void> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(mappingFile, 'utf8'));
  } catch {
    return;
  }
  // Loaded here rather than at the top: zod is the larger part of the mapping's schema, and the audit loads
  // it anyway, so this only moves that cost before the worker's read instead of after it.
  const { MappingSchema } = await import('../schema/mapping.js');
  const parsed = MappingSchema.safeParse(raw);
  if (parsed.success) readAhead(file, parsed.data, TABLE_PASS_READ);
}
