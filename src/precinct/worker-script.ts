/** Where a worker thread's script is: compiled beside the module that starts it, in the bundle, or a .ts source. */
import { existsSync } from 'node:fs';

/** A worker's script, and how to start it. */
export interface WorkerScript {
  url: URL;
  /** Set when `url` is the tsx shim: the .ts module it loads (pass it as workerData.entry). */
  entry?: string;
}

const found = new Map<string, WorkerScript | null>();

/**
 * The script of the worker `name` (e.g. "read-worker"), a module of `dir` (e.g. "precinct"), looked up from
 * `here`, the import.meta.url of the module that starts it: `name`.js beside it (dist/<dir>/, or dist/bundle/,
 * where the bundle puts every worker), or, from a bundle in a sibling directory of dist/, dist/<dir>/<name>.js.
 * Running from .ts sources (vitest, tsx), worker-ts.mjs beside this module registers tsx in the worker and
 * loads <name>.ts: Node 20 workers ignore `--import tsx` in execArgv. Undefined when there is none.
 */
export function workerScript(here: string, name: string, dir: string): WorkerScript | undefined {
  const key = `${here}\u0000${name}`;
  let script = found.get(key);
  if (script === undefined) {
    script = null;
    if (here.endsWith('.ts')) {
      const shim = new URL('./worker-ts.mjs', import.meta.url);
      const entry = new URL(`./${name}.ts`, here);
      if (existsSync(shim) && existsSync(entry)) script = { url: shim, entry: entry.href };
    } else {
      for (const path of [`./${name}.js`, `../${dir}/${name}.js`]) {
        const url = new URL(path, here);
        if (existsSync(url)) {
          script = { url };
          break;
        }
      }
    }
    found.set(key, script);
  }
  return script ?? undefined;
}
