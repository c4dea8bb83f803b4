/** Atomic report writing: every file goes to a temporary name first, and all are renamed only when all are written. */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Writes several files so that none is left half-written: on any failure the temporaries are removed. */
export function writeAllAtomic(files: { path: string; content: string }[]): void {
  const temps: { temp: string; path: string }[] = [];
  try {
    for (const { path, content } of files) {
      mkdirSync(dirname(path), { recursive: true });
      const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
      temps.push({ temp, path });
      writeFileSync(temp, content, 'utf8');
    }
  } catch (error) {
    for (const { temp } of temps) rmSync(temp, { force: true });
    throw error;
  }
  for (const { temp, path } of temps) renameSync(temp, path);
}
