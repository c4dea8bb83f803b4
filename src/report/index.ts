/** The formatter registry: --format name to formatter. */
import { github } from './github.js';
import { html } from './html.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { markdown } from './markdown.js';
import { sarif } from './sarif.js';
import type { Formatter } from './types.js';

export type { Formatter } from './types.js';

/** Every report format, by --format name. */
export const formatters: ReadonlyMap<string, Formatter> = new Map(
  [json, markdown, html, junit, sarif, github].map((f) => [f.name, f]),
);
