/** Loads a baseline file: JSON with positions, the zod schema, then entries that repeat one another. */
import { existsSync } from 'node:fs';
import { type Baseline, BaselineSchema } from '../schema/baseline.js';
import type { BaselineEntryRef } from '../schema/report.js';
import { InputError, type InputProblem } from './errors.js';
import { type JsonDocument, readJsonFile } from './json.js';
import { positionOf, zodProblems } from './zod-problems.js';

/** A validated baseline, each entry with its place in the file. */
export interface LoadedBaseline {
  file: string;
  baseline: Baseline;
  entries: BaselineEntryRef[];
}

const EXAMPLE =
  'A baseline looks like { "baselineVersion": 1, "entries": [ { "ruleId": "...", "subject": "...", ' +
  '"evidenceHash": "<64 hex>", "justification": "...", "acceptedBy": "..." } ] }; ' +
  '"tallycheck audit DATASET --baseline FILE --update-baseline" writes one.';

/** Checks a parsed baseline document; throws InputError listing every problem. */
export function baselineFromDoc(doc: JsonDocument): LoadedBaseline {
  const parsed = BaselineSchema.safeParse(doc.value);
  if (!parsed.success) {
    const problems = zodProblems(parsed.error, doc, 'baseline');
    // One hint is enough: every problem of a wrong file would otherwise repeat it.
    const first = problems[0];
    if (first && first.hint === undefined) first.hint = EXAMPLE;
    throw new InputError(problems);
  }
  const baseline = parsed.data;
  const problems: InputProblem[] = [];
  const seen = new Map<string, number>();
  const entries = baseline.entries.map((entry, i) => {
    const pointer = `/entries/${i}`;
    const key = `${entry.ruleId}\u0000${entry.subject}\u0000${entry.evidenceHash}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({
        code: 'baseline-duplicate-entry',
        file: doc.file,
        pointer,
        ...positionOf(doc, pointer),
        message: `the entry repeats /entries/${first} (same rule, subject and evidence hash)`,
        hint: 'Keep one of them, with the justification that applies.',
      });
    } else seen.set(key, i);
    const line = positionOf(doc, pointer)?.line;
    return { ...entry, pointer, ...(line !== undefined ? { line } : {}) };
  });
  if (problems.length > 0) throw new InputError(problems);
  return { file: doc.file, baseline, entries };
}

/** Loads and checks a baseline file; throws InputError when it is missing or invalid. */
export function loadBaseline(file: string): LoadedBaseline {
  return baselineFromDoc(readJsonFile(file));
}

/** Like loadBaseline, but a file that does not exist yet gives undefined (--update-baseline creates it). */
export function loadBaselineIfPresent(file: string): LoadedBaseline | undefined {
  return existsSync(file) ? loadBaseline(file) : undefined;
}
