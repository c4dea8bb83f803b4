/** Runs the compiled tallycheck binary (built by `npm test`'s pretest step) and captures its output. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Mapping } from '../../src/schema/mapping.js';

export const BIN = resolve('bin/tallycheck.js');

/** The folder beside the project with the real tables and source texts (the brief's ../shared). */
export const SHARED = resolve('../shared');

/** The result of one run of the binary. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `tallycheck ARGS` in the project directory (or cwd), without a terminal. */
export function tallycheck(args: string[], cwd = process.cwd(), env: NodeJS.ProcessEnv = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    // The bundled datasets name files in ../shared, beside the project, which a dataset may not read unless
    // allowed (src/load/paths.ts); tests of that refusal set the variable to ''.
    env: { ...process.env, LOG_LEVEL: '', TALLYCHECK_ALLOW_READ: existsSync(SHARED) ? SHARED : '', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh empty directory. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'tallycheck-test-'));
}

/** The files in a directory, including hidden temporaries. */
export function filesIn(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** A fresh folder with the table t.csv (`csv`), its mapping t.mapping.json and a dataset d.json naming them. */
export function tableDataset(mapping: Pick<Mapping, 'candidates'>, csv: string): string {
  const dir = tempDir();
  writeFileSync(join(dir, 't.csv'), csv);
  writeFileSync(join(dir, 't.mapping.json'), JSON.stringify(mapping));
  writeDataset(dir, mapping);
  return dir;
}

/** A dataset d.json in `dir` naming the table t.csv with its mapping t.mapping.json, and their candidates. */
export function writeDataset(dir: string, mapping: Pick<Mapping, 'candidates'>): void {
  writeFileSync(
    join(dir, 'd.json'),
    JSON.stringify({
      schemaVersion: 1,
      id: 'synthetic',
      election: { country: 'Synthland', office: 'President', date: '2024-01-01', kind: 'regular' },
      sources: [{ id: 's', publisher: 'tallycheck synth' }],
      candidates: mapping.candidates.map((c) => ({ id: c.id, name: c.id })),
      precincts: [{ id: 't', table: 't.csv', mapping: 't.mapping.json' }],
    }),
  );
}
