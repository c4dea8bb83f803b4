/** Imports a package (vega, vega-lite, fast-xml-parser) when first needed, from the sources or from the bundle. */

// The bundled CLI runs as a script compiled from V8's code cache (cli/load-bundle.ts), which on Node 20 cannot
// call import() itself: its module wrapper passes this function instead. From tsc's output or the .ts sources
// (tsx, vitest) nothing binds the name, and import() is called here.
declare const __tallycheckImport: ((specifier: string) => Promise<unknown>) | undefined;

/** The module namespace of package `specifier`. */
export function importPackage<T>(specifier: string): Promise<T> {
  return (
    typeof __tallycheckImport === 'function' ? __tallycheckImport(specifier) : import(specifier)
  ) as Promise<T>;
}
