// Writes V8's code cache of the bundled CLI, dist/bundle/main.cjs.cache (see src/cli/load-bundle.ts for why), after
// `node scripts/bundle.mjs`. The cache holds the functions compiled while it was made, so this runs the commands
// most runs are: the bundled audit (its default reports), and an audit of a small synthetic precinct table with
// every bundled rule (the table reader, the screens, JUnit and SARIF for a CI gate). Their reports go to a
// temporary directory, removed after; their exit codes do not matter, but a crash fails the build.
//
// Run it with the same node, and no V8 flags, as the CLI: V8 rejects a cache made by another version or with other
// flags (the CLI then compiles as it would without one). The file starts with the SHA-256 of the source it is for.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CACHE_FILE, cacheFileOf, loadBundle } from '../dist/cli/load-bundle.js';

const dir = resolve('dist/bundle');
const { main, script, source } = loadBundle(dir, false);
const work = mkdtempSync(join(tmpdir(), 'tallycheck-code-cache-'));
const silent = { out: () => {}, err: () => {} };
const run = async (argv) => {
  const code = await main(argv, silent);
  if (code === 2) throw new Error(`scripts/code-cache.mjs: tallycheck ${argv.join(' ')} exited with 2`);
};
try {
  // The bundled dataset quotes its source text from ../shared, beside the project (README); without it, skip.
  if (existsSync('../shared')) {
    await run([
      'audit',
      'data/azerbaijan-2024-presidential.json',
      '--allow-read',
      '../shared',
      '--out',
      work,
      '--quiet',
    ]);
  }
  const csv = join(work, 'synth.csv');
  await run([
    'synth',
    '--rows',
    '2000',
    '--slips',
    '2',
    '--out',
    csv,
    '--mapping',
    join(work, 'synth.mapping.json'),
  ]);
  const dataset = join(work, 'synth.json');
  writeFileSync(
    dataset,
    JSON.stringify({
      schemaVersion: 1,
      id: 'synth',
      title: 'Synthetic precinct table (code cache)',
      election: { country: 'Synthland', office: 'President', date: '2024-05-05', kind: 'regular' },
      sources: [{ id: 'synth', publisher: 'tallycheck synth', date: '2024-05-06' }],
      candidates: Array.from({ length: 7 }, (_, i) => ({ id: `c0${i + 1}`, name: `Candidate ${i + 1}` })),
      precincts: [{ id: 'stations', table: 'synth.csv', mapping: 'synth.mapping.json', source: 'synth' }],
    }),
  );
  await run(['audit', dataset, '--out', work, '--quiet', '--format', 'json,junit,sarif']);
  writeFileSync(join(dir, CACHE_FILE), cacheFileOf(source, script.createCachedData()));
} finally {
  rmSync(work, { recursive: true, force: true });
}
