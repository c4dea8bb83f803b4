/** The JSON report: the report object as validated JSON, two-space indented, with a trailing newline. */
import type { Formatter } from './types.js';

/** Formats the report as JSON. Key order is fixed by construction, so the output is deterministic. */
export const json: Formatter = {
  name: 'json',
  extension: 'json',
  format: (report) => `${JSON.stringify(report, null, 2)}\n`,
};
