/** The formatter registry: --format name to formatter. */
import { json } from './json.js';
import { markdown } from './markdown.js';
import type { Formatter } from './types.js';

export type { Formatter } from './types.js';

/** Every report format, by --format name. */
export const formatters: ReadonlyMap<string, Formatter> = new Map([json, markdown].map((f) => [f.name, f]));
