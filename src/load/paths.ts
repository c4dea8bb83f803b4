/**
 * Paths written in a dataset file, and which of them may be read. A dataset is untrusted data: a path it names
 * (a source text, a precinct table, a mapping) is read only when it is a regular file under the dataset's own
 * folder, or under a folder the user allowed (`--allow-read DIR`), and no part of it below that folder is
 * hidden (`.git`, `.env`). Otherwise a dataset from a feed could have its audit quote `/proc/self/environ` or
 * `~/.ssh/id_rsa` into reports that CI publishes, or hang it on a FIFO or `/dev/zero`.
 */
import { realpathSync, statSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { UsageError } from './errors.js';

/** Resolves a path written in a dataset (relative to the dataset file) to one relative to the working directory. */
export function besideDataset(datasetFile: string, path: string): string {
  if (isAbsolute(path)) return path;
  return relative(process.cwd(), join(dirname(datasetFile), path)) || path;
}

/**
 * A path as reports give it: relative to the working directory when it lies under it (an absolute path typed for
 * a file in the checkout gives the same reports, and SARIF and GitHub annotations a path within the repository),
 * else as given.
 */
export function workingPath(path: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(process.cwd(), path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** The environment variable that allows folders as --allow-read does: a list like PATH's. */
export const ALLOW_READ_ENV = 'TALLYCHECK_ALLOW_READ';

/**
 * The folders given with --allow-read and in TALLYCHECK_ALLOW_READ, each resolved through links; a usage
 * error for one that is not a folder.
 */
export function allowedFolders(dirs: readonly string[]): string[] {
  const fromEnv = (process.env[ALLOW_READ_ENV] ?? '').split(delimiter).filter((d) => d !== '');
  return [...dirs, ...fromEnv].map((dir) => {
    try {
      if (statSync(dir).isDirectory()) return realpathSync(dir);
    } catch {
      // reported below
    }
    throw new UsageError(`--allow-read (or ${ALLOW_READ_ENV}) names "${dir}", which is not a folder`);
  });
}

/** Why a file a dataset names may not be read. */
export interface NamedFileRefusal {
  code: 'path-not-allowed' | 'file-not-regular' | 'file-not-found';
  message: string;
  hint: string;
}

/**
 * Checks that `file` (as resolved by besideDataset), named by `datasetFile`, may be read: it exists, is a
 * regular file, and lies (after links) under the dataset's folder or one of `allowed` (real paths, see
 * allowedFolders), with no hidden file or folder on the way. Undefined when it may.
 */
export function refuseNamedFile(
  datasetFile: string,
  file: string,
  allowed: readonly string[],
): NamedFileRefusal | undefined {
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    return {
      code: 'file-not-found',
      message: 'file not found',
      hint: 'Paths in a dataset are relative to the dataset file.',
    };
  }
  let home: string;
  try {
    home = realpathSync(dirname(datasetFile));
  } catch {
    home = dirname(datasetFile);
  }
  const roots = [home, ...allowed];
  const below = roots
    .map((root) => relative(root, real))
    .filter((rel) => rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
  if (below.length === 0) {
    return {
      code: 'path-not-allowed',
      message: `the file lies outside the dataset's folder (${real})`,
      hint: 'A dataset may name only files under its own folder, so that a dataset from elsewhere cannot have a report quote any file on this machine. If you trust it, allow the folder: --allow-read DIR (or TALLYCHECK_ALLOW_READ=DIR).',
    };
  }
  if (below.every((rel) => rel.split(sep).some((part) => part.startsWith('.')))) {
    return {
      code: 'path-not-allowed',
      message: `the path goes through a hidden file or folder (${real})`,
      hint: 'Hidden files and folders (.git, .env, .ssh) are never read from a dataset; move the file.',
    };
  }
  try {
    if (!statSync(real).isFile()) {
      return {
        code: 'file-not-regular',
        message: 'not a regular file (a folder, a device or a pipe)',
        hint: 'Name a file.',
      };
    }
  } catch {
    return {
      code: 'file-not-found',
      message: 'file not found',
      hint: 'Paths in a dataset are relative to the dataset file.',
    };
  }
  return undefined;
}

/** The value of every --allow-read in a command line, as parseArgs reads it (`--allow-read DIR`, `--allow-read=DIR`). */
export function allowReadArgs(args: readonly string[]): string[] {
  const dirs: string[] = [];
  args.forEach((arg, i) => {
    if (arg === '--allow-read' && i + 1 < args.length) dirs.push(args[i + 1] as string);
    else if (arg.startsWith('--allow-read=')) dirs.push(arg.slice('--allow-read='.length));
  });
  return dirs;
}
