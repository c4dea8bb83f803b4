/** Test helpers for rule loading: a pack of one rule written to a temp folder, and the problems loading it gives. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, type InputProblem } from '../../src/load/errors.js';
import { loadRules } from '../../src/load/rules.js';

/** A rule "r" of the given conditions (scope estimateShare unless `meta` says), as a pack of one file. */
export function pack(conditions: object, meta: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'tallycheck-rule-'));
  mkdirSync(join(dir, 'rules'));
  const rule = {
    id: 'r',
    meta: { title: 't', severity: 'error', scope: 'estimateShare', rationale: 'r', message: 'm', ...meta },
    conditions,
  };
  writeFileSync(join(dir, 'rules', 'r.json'), JSON.stringify(rule, null, 1));
  return join(dir, 'rules');
}

/** The problems loading a pack gives (none when it loads). */
export function problemsOf(dir: string): InputProblem[] {
  try {
    loadRules(dir);
    return [];
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
}
