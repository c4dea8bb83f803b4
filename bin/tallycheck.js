#!/usr/bin/env node
// Entry point: runs the compiled CLI, bundled into one module (build with `npm run build`; see scripts/bundle.mjs).
import { main } from '../dist/bundle/main.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
