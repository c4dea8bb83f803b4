// Bundles the compiled CLI (dist/, from tsc) into one ES module, dist/bundle/main.js, which bin/tallycheck.js runs,
// and the worker threads (the table reader's, the screens') into dist/bundle/read-worker.js and screen-worker.js,
// where worker-script.ts looks for them.
//
// Why: Node 20 has no module compile cache, and resolving, reading and linking the ~140 modules of dist/ plus
// zod's and json-rules-engine's files took about 150 ms of every `tallycheck audit` (issue 6's profile), more
// than a tenth of a million-row audit. One file cuts that to about a third (`npm run bench` prints start-up).
// esbuild is the bundler tsx and vite already install; it only concatenates the JavaScript tsc wrote.
//
// Left outside the bundle, loaded from node_modules when used: packages loaded lazily on purpose (vega and
// vega-lite for HTML charts, pino-pretty for a terminal). pino is bundled (requiring its dozen files took
// 22 ms of every audit): tallycheck logs through pino.destination and never a transport, the part of pino
// that resolves files at run time. The @stdlib statistics for the screens, loaded lazily, get a file of their
// own (stdlib.cjs, below).
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const external = ['vega', 'vega-lite', '@stdlib/*', 'pino-pretty'];

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

await build({
  entryPoints: {
    main: 'dist/cli/main.js',
    'read-worker': 'dist/precinct/read-worker.js',
    'screen-worker': 'dist/facts/screen-worker.js',
  },
  outdir: 'dist/bundle',
  bundle: true,
  // Commands stay separate chunks, imported when run (main.ts imports them lazily): `--version` and `--help`
  // load only the dispatcher.
  splitting: true,
  // Chunks sit beside main.js: modules compute paths (the package root) from their own location.
  chunkNames: '[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  // Bundled CommonJS packages (json-rules-engine) call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __tallycheckRequire } from 'node:module';\nconst require = __tallycheckRequire(import.meta.url);",
  },
  sourcemap: 'linked',
  legalComments: 'linked',
  plugins: [englishOnlyZod],
  logLevel: 'warning',
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
