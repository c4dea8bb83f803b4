/**
 * Atomic report writing: every file goes to a temporary name first, and all replace their targets only when all
 * are written; if one cannot replace its target, those already replaced get their old content back. So a run
 * leaves either every report new or every report as it was, and no temporary behind.
 */
import { copyFileSync, linkSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../load/errors.js';

/** What an operating system error means for the user writing a report there. */
function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EEXIST':
    case 'ENOTDIR':
      return 'a file is in the way where a folder is needed';
    case 'EISDIR':
      return 'a folder is in the way where the report goes';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'the disk quota is exceeded';
    default:
      return (error as Error).message;
  }
}

/** The error for a file that cannot be written, with what the OS said in words and what --out means there. */
export function cannotWrite(
  path: string,
  error: unknown,
  hint = '--out names the folder the reports go to; it is created if missing.',
): InputError {
  return new InputError([
    { code: 'output-not-writable', file: path, message: `cannot write here: ${reason(error)}`, hint },
  ]);
}

/** Keeps a copy of an existing target under `backup` (a hard link when the file system allows). */
function keep(path: string, backup: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
  } catch {
    return false;
  }
  try {
    linkSync(path, backup);
  } catch {
    copyFileSync(path, backup);
  }
  return true;
}

/** Writes several files so that none is left half-written, and either all are replaced or none. */
export function writeAllAtomic(files: { path: string; content: string }[]): void {
  const temps: { temp: string; path: string }[] = [];
  for (const { path, content } of files) {
    try {
      mkdirSync(dirname(path), { recursive: true });
      if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
        throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      }
      const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
      temps.push({ temp, path });
      writeFileSync(temp, content, 'utf8');
    } catch (error) {
      for (const { temp } of temps) rmSync(temp, { force: true });
      throw cannotWrite(path, error);
    }
  }
  const replaced: { path: string; backup: string | undefined }[] = [];
  let failed: string | undefined;
  try {
    for (const { temp, path } of temps) {
      failed = path;
      const backup = `${temp}.old`;
      const kept = keep(path, backup);
      replaced.push({ path, backup: kept ? backup : undefined });
      renameSync(temp, path);
    }
  } catch (error) {
    for (const { path, backup } of replaced.reverse()) {
      if (backup !== undefined) {
        renameSync(backup, path);
        // A no-op when the target was never replaced: the two names are then links to one file (POSIX rename).
        rmSync(backup, { force: true });
      } else rmSync(path, { force: true });
    }
    for (const { temp } of temps) rmSync(temp, { force: true });
    throw cannotWrite(failed as string, error);
  }
  for (const { backup } of replaced) if (backup !== undefined) rmSync(backup, { force: true });
}
