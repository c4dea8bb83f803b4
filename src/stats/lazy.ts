/** Loads a CommonJS library on first use: the @stdlib packages cost start-up time that most audits never need. */
import { createRequire } from 'node:module';

// Why: importing the @stdlib functions behind the screens took about 300 ms of module loading (hundreds of
// small CommonJS files) on every `tallycheck audit`, also for the arithmetic pack that never calls them
// (issue 6's profile). `require` keeps the callers synchronous.
const load = createRequire(import.meta.url);

/** A getter for module `id`'s export, which requires the module the first time it is called. */
export function lazy<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= load(id) as T;
    return loaded;
  };
}
