/** What a formatter is: a pure function from a report to the text of one file. */
import type { Report } from '../schema/report.js';

export type { Finding, Report, RuleOutcome, SourceRef } from '../schema/report.js';

/** A report format. */
export interface Formatter {
  /** The --format name. */
  name: string;
  /** The output file's extension, without the dot. */
  extension: string;
  /** Pure: the same report gives the same text. May be async (charts render asynchronously). */
  format(report: Report): string | Promise<string>;
}
