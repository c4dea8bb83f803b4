/** What the benchmark's variants share: the table a dataset points at, the row checks, and how counts are reported. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Mapping } from '../src/schema/mapping.js';

/** Units failing each row check (by rule id), over the units a variant used. */
export interface Counts {
  rows: number;
  failed: Record<string, number>;
}

/** The one JSON line a variant's process prints on stdout. */
export interface VariantOutput {
  counts: Counts;
  /** Counts over the first `prefix.rows` units only, for comparing a variant that ran on a subset. */
  prefix?: Counts;
  /** Milliseconds spent in the per-row loop (for extrapolating a subset run). */
  loopMs?: number;
  /** The variant stopped after this many units (a subset run). */
  stoppedAt?: number;
}

/** The precinct table of a benchmark dataset, and its mapping. */
export interface BenchTable {
  csv: string;
  mappingFile: string;
  mapping: Mapping;
}

/** Reads the first precinct table a dataset file names (paths relative to the dataset). */
export function benchTable(datasetFile: string): BenchTable {
  const dataset = JSON.parse(readFileSync(datasetFile, 'utf8')) as {
    precincts: { table: string; mapping: string }[];
  };
  const entry = dataset.precincts[0];
  if (!entry) throw new Error(`${datasetFile} names no precinct table`);
  const csv = join(dirname(datasetFile), entry.table);
  const mappingFile = join(dirname(datasetFile), entry.mapping);
  // The schema's defaults by hand: zod's import would be part of the hand-written loop's start-up time.
  const raw = JSON.parse(readFileSync(mappingFile, 'utf8')) as Partial<Mapping> &
    Pick<Mapping, 'id' | 'candidates'>;
  const mapping: Mapping = {
    schemaVersion: 1,
    format: raw.format ?? { type: 'csv', delimiter: ',' },
    missingValues: raw.missingValues ?? ['', 'NA'],
    id: { columns: raw.id.columns, separator: raw.id.separator ?? '/' },
    levels: raw.levels ?? [],
    counts: raw.counts ?? {},
    candidates: raw.candidates,
    ...(raw.independent ? { independent: raw.independent } : {}),
  };
  if (mapping.format.type !== 'csv') throw new Error(`${mappingFile}: the benchmark reads CSV tables only`);
  return { csv, mappingFile, mapping };
}

/** The row checks of a rule pack: ids of the rules of scope `unit`, read straight from the rule files. */
export function rowCheckIds(rulesDir: string): string[] {
  const ids: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.json')) {
        const rule = JSON.parse(readFileSync(path, 'utf8')) as { id: string; meta: { scope: string } };
        if (rule.meta.scope === 'unit') ids.push(rule.id);
      }
    }
  };
  visit(rulesDir);
  return ids.sort();
}

/**
 * The row checks the hand-written loop and the SQL query know. A unit rule added to the pack without a
 * counterpart there makes those variants fail, so the benchmark never compares different sets of checks.
 */
export const HAND_WRITTEN_CHECKS = [
  'ballots-cast-within-registered-voters',
  'candidate-votes-within-ballots-cast',
  'independent-count-within-official-count',
  'turnout-below-100-percent',
  'unit-counts-whole-non-negative',
  'unit-ids-unique',
  'vote-sum-within-ballots-cast',
  'votes-plus-invalid-equal-ballots-cast',
] as const;

/** Throws when the pack has a row check the hand-written variants do not implement. */
export function assertHandWritten(ids: readonly string[], variant: string): void {
  const known = new Set<string>(HAND_WRITTEN_CHECKS);
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new Error(
      `${variant} has no hand-written equivalent of the row check(s) ${unknown.join(', ')}: add one to bench/ ` +
        'before comparing',
    );
  }
}

/** Zero counts for the given checks. */
export function zeroCounts(ids: readonly string[]): Counts {
  return { rows: 0, failed: Object.fromEntries(ids.map((id) => [id, 0])) };
}

/** Prints a variant's result as the single JSON line the orchestrator reads. */
export function emit(output: VariantOutput): void {
  process.stdout.write(`${JSON.stringify(output)}\n`);
}

/** Reads `--name value` from argv. */
export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
