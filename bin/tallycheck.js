#!/usr/bin/env node
// Entry point: runs the compiled CLI, bundled into one file with V8's code cache (build with `npm run build`; see
// scripts/bundle.mjs and src/cli/load-bundle.ts).
import { fileURLToPath } from 'node:url';
import { loadBundle } from '../dist/cli/load-bundle.js';

const { main } = loadBundle(fileURLToPath(new URL('../dist/bundle/', import.meta.url)));
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
