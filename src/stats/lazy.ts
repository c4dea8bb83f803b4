/** Loads a CommonJS library on first use: the @stdlib packages cost start-up time that most audits never need. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// Why: importing the @stdlib functions behind the screens took about 300 ms of module loading (hundreds of
// small CommonJS files) on every `tallycheck audit`, also for the arithmetic pack that never calls them
// (issue 6's profile). `require` keeps the callers synchronous.
const load = createRequire(import.meta.url);

/**
 * The bundle's one file of the packages (scripts/bundle.mjs: stdlib.cjs beside the bundle's modules, keyed by
 * package name), or null when running from sources or tsc's output, which require each package.
 */
let bundled: Record<string, unknown> | null | undefined;

function fromBundle(id: string): unknown {
  if (bundled === undefined) {
    const file = new URL('./stdlib.cjs', import.meta.url);
    bundled = existsSync(file) ? (load(fileURLToPath(file)) as Record<string, unknown>) : null;
  }
  return bundled && Object.hasOwn(bundled, id) ? bundled[id] : undefined;
}

/** A getter for module `id`'s export, which loads the module (from the bundle's file if there) when first called. */
export function lazy<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= (fromBundle(id) ?? load(id)) as T;
    return loaded;
  };
}
