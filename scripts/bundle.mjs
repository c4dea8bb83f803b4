// Bundles the compiled CLI (dist/, from tsc) for bin/tallycheck.js: the command line as one CommonJS file,
// dist/bundle/main.cjs (loaded with V8's code cache by cli/load-bundle.ts; scripts/code-cache.mjs writes the
// cache), and the worker threads (the table reader's, the screens') as ES modules, dist/bundle/read-worker.js and
// screen-worker.js, where worker-script.ts looks for them.
//
// Why: Node 20 has no module compile cache, and resolving, reading and linking the ~140 modules of dist/ plus
// zod's and json-rules-engine's files took about 150 ms of every `tallycheck audit` (issue 6's profile), more
// than a tenth of a million-row audit. One file cuts that to about a third (`npm run bench` prints start-up), and
// V8's code cache for it, which only a classic script can use on Node 20, most of the rest.
// esbuild is the bundler tsx and vite already install; it only concatenates the JavaScript tsc wrote.
//
// Left outside the bundle, loaded from node_modules when used: packages loaded lazily on purpose (vega and
// vega-lite for HTML charts, fast-xml-parser for JUnit, pino-pretty for a terminal). pino is bundled (requiring its dozen files took
// 22 ms of every audit): tallycheck logs through pino.destination and never a transport, the part of pino
// that resolves files at run time. The @stdlib statistics for the screens, loaded lazily, get a file of their
// own (stdlib.cjs, below).
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const external = ['vega', 'vega-lite', 'fast-xml-parser', '@stdlib/*', 'pino-pretty'];

// zod's `z` namespace re-exports every locale (`z.locales`, about 360 KB of the bundle's 740 KB of zod) and a
// namespace object cannot be tree-shaken. tallycheck only uses zod's English messages (the default, which
// zod's schemas import directly), so `z.locales` is bundled as English alone: a third less JavaScript to compile
// on every start.
const englishOnlyZod = {
  name: 'english-only-zod',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]/.test(args.importer)
        ? { path: 'zod-locales-en', namespace: 'english-only-zod', pluginData: args.resolveDir }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'english-only-zod' }, (args) => ({
      contents: "export { default as en } from '../locales/en.js';",
      resolveDir: args.pluginData,
      loader: 'js',
    }));
  },
};

// Chunk names carry a content hash: start empty, so a rebuild leaves no stale chunk to be published.
rmSync('dist/bundle', { recursive: true, force: true });

// Options both builds share.
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  external,
  sourcemap: 'linked',
  legalComments: 'linked',
  plugins: [englishOnlyZod],
  logLevel: 'warning',
};

// The command line. Commands stay lazy in the source (main.ts imports them when run); in one file they cost
// nothing until run but compiling, which the code cache skips. import.meta.url becomes the file's own URL:
// modules compute paths (the package root, the workers' scripts, stdlib.cjs) from their own location.
const cli = await build({
  ...common,
  entryPoints: { main: 'dist/cli/main.js' },
  outfile: 'dist/bundle/main.cjs',
  format: 'cjs',
  define: { 'import.meta.url': '__tallycheckUrl' },
  // The file is the CommonJS module wrapper's function expression (load-bundle.ts calls it): V8 compiles the file's
  // own text, with no copy of 1.4 MB to wrap it, and line numbers stay those of the source map.
  banner: {
    js:
      // Strict, as the ES modules it was: a directive only counts as the function's first statement.
      "(function (exports, require, module, __filename, __dirname, __tallycheckImport) {'use strict';\n" +
      "const __tallycheckUrl = require('node:url').pathToFileURL(__filename).href;",
  },
  footer: { js: '})' },
  metafile: true,
});
// A script compiled from a code cache cannot call import() on Node 20 (load-bundle.ts): bundled modules become
// plain calls, but an import() of an external package would stay one and fail at run time.
const dynamic = Object.entries(cli.metafile.inputs).flatMap(([input, { imports }]) =>
  imports
    .filter((i) => i.kind === 'dynamic-import' && i.external)
    .map((i) => `${input}: import('${i.path}')`),
);
if (dynamic.length > 0) {
  throw new Error(
    `dist/bundle/main.cjs would call import() (load ES-module packages with src/load/import-package.ts):\n  ${dynamic.join('\n  ')}`,
  );
}

// The workers, as ES modules sharing chunks.
await build({
  ...common,
  entryPoints: {
    'read-worker': 'dist/precinct/read-worker.js',
    'screen-worker': 'dist/facts/screen-worker.js',
  },
  outdir: 'dist/bundle',
  splitting: true,
  // Chunks sit beside the workers: modules compute paths from their own location.
  chunkNames: '[name]-[hash]',
  format: 'esm',
  // Bundled CommonJS packages call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __tallycheckRequire } from 'node:module';\nconst require = __tallycheckRequire(import.meta.url);",
  },
});

// The @stdlib functions the screens call (loaded lazily by src/stats/lazy.ts) as one CommonJS file,
// dist/bundle/stdlib.cjs, keyed by package name. Why: requiring them from node_modules, hundreds of small files,
// took 65-110 ms of every thread that runs a screen (two threads on a large table, see facts/screen-thread.ts);
// the one file loads in about 11 ms. The packages are those the compiled code names ('@stdlib/...' literals).
const stdlib = new Set();
const scan = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (path !== join('dist', 'bundle')) scan(path);
    } else if (entry.name.endsWith('.js')) {
      for (const m of readFileSync(path, 'utf8').matchAll(/['"](@stdlib\/[a-z0-9-]+)['"]/g)) stdlib.add(m[1]);
    }
  }
};
scan('dist');
await build({
  stdin: {
    contents: `module.exports = {\n${[...stdlib]
      .sort()
      .map((id) => `  ${JSON.stringify(id)}: require(${JSON.stringify(id)}),`)
      .join('\n')}\n};\n`,
    resolveDir: '.',
    sourcefile: 'stdlib-entry.cjs',
    loader: 'js',
  },
  outfile: 'dist/bundle/stdlib.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  legalComments: 'linked',
  logLevel: 'warning',
});
