/** Loads the bundled CLI (dist/bundle/main.cjs) with V8's code cache for it, when there is one. */
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import vm from 'node:vm';
import type { Io } from './main.js';

// Why: Node 20 has no module compile cache (module.enableCompileCache is Node 22), and compiling the CLI's
// JavaScript took about 60 ms of every command, plus the lazy compilation of each function on its first call:
// a quarter of a small audit, and time a large table's reader thread spends waiting for the main thread to
// start taking its batches. So the build (scripts/bundle.mjs) also writes the CLI as one CommonJS file, and
// scripts/code-cache.mjs runs a few commands with it and saves V8's code cache of every function they compiled
// (main.cjs.cache). Compiling with that cache skips parsing and compiling those functions. V8 rejects a cache
// made by another V8 version or with other flags, and then compiles as usual: the cache only changes speed.
// But it checks the source by its length alone, and would run a cache made for other text of the same length:
// so the cache file starts with the SHA-256 of the source it was made for, and serves that source only
// (hashing it, node:crypto's loading included, cost 3-4 ms of the bundled audit and 3-8 ms of --version).
//
// A script compiled from a cache cannot call import() (Node 20 drops its dynamic-import callback), so the
// wrapper hands the bundle `__tallycheckImport` for the packages loaded on demand (vega for HTML charts,
// fast-xml-parser for JUnit): see importPackage.

/** The bundled CLI's file name, in dist/bundle/. */
export const BUNDLE_FILE = 'main.cjs';
/** Its code cache, beside it. */
export const CACHE_FILE = 'main.cjs.cache';

/** The CLI's entry point. */
export type Main = (argv: string[], io?: Io) => Promise<number>;

/** Bytes of the source's digest at the start of the cache file. */
const DIGEST_BYTES = 32;

/** The cache file's contents for a source and V8's cache of it (scripts/code-cache.mjs writes them). */
export function cacheFileOf(source: Buffer, cachedData: Buffer): Buffer {
  return Buffer.concat([createHash('sha256').update(source).digest(), cachedData]);
}

/** The loaded bundle: its entry point, and the script (for the code cache). */
export interface LoadedBundle {
  main: Main;
  script: vm.Script;
  /** The source, as read (for the code cache). */
  source: Buffer;
  /**
   * Whether the code cache was used: undefined without one; false when made for other source, or when V8
   * rejected it (another version or other flags).
   */
  cacheAccepted: boolean | undefined;
}

/**
 * Compiles and runs dist/bundle/main.cjs as a CommonJS module, from `dir` (its directory), with the code
 * cache beside it unless `useCache` is false.
 */
export function loadBundle(dir: string, useCache = true): LoadedBundle {
  const file = resolve(dir, BUNDLE_FILE);
  const cacheFile = join(dir, CACHE_FILE);
  const bytes = readFileSync(file);
  const cache = useCache && existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  const forThis =
    cache !== undefined &&
    cache.length > DIGEST_BYTES &&
    cache.subarray(0, DIGEST_BYTES).equals(createHash('sha256').update(bytes).digest());
  const cachedData = forThis ? cache.subarray(DIGEST_BYTES) : undefined;
  // The file is a function expression: the module wrapper, written by the build (scripts/bundle.mjs).
  const script = new vm.Script(bytes.toString('utf8'), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {} as { main?: Main } };
  wrapper.call(
    module.exports,
    module.exports,
    createRequire(file),
    module,
    file,
    dirname(file),
    (specifier: string) => import(specifier),
  );
  if (typeof module.exports.main !== 'function') throw new Error(`${file} exports no main function`);
  return {
    main: module.exports.main,
    script,
    source: bytes,
    cacheAccepted: cache === undefined ? undefined : forThis && !script.cachedDataRejected,
  };
}
