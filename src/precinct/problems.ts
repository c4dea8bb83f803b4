/** Problems found while reading a precinct table: codes, texts, and the capped tally the reader keeps. */
import type { InputProblem } from '../load/errors.js';
import { separatorOf } from './thousands.js';

/** A problem with one row (or cell) of a precinct table; `columnName` names the column when there is one. */
export interface RowProblem extends InputProblem {
  line: number;
  columnName?: string;
}

/** What happens to a row with the problem: it is left out, or used with the cell left out. */
export type ProblemEffect = 'rowRejected' | 'cellMissing' | 'rowFlagged';

/** Stable codes of row problems and what each does to the row. */
export const ROW_PROBLEMS = {
  'precinct-short-row': 'rowRejected',
  'precinct-long-row': 'rowRejected',
  'precinct-invalid-number': 'rowRejected',
  'precinct-missing-id': 'rowRejected',
  'precinct-missing-level': 'rowRejected',
  'precinct-malformed-quote': 'rowRejected',
  'precinct-malformed-json': 'rowRejected',
  'precinct-missing-value': 'cellMissing',
  'precinct-duplicate-id': 'rowFlagged',
  'precinct-not-utf8': 'rowFlagged',
} as const satisfies Record<string, ProblemEffect>;
/** The code of a row problem. */
export type RowProblemCode = keyof typeof ROW_PROBLEMS;

/** The codes of the problems that leave a row out. */
export const REJECTING: ReadonlySet<string> = new Set(
  Object.entries(ROW_PROBLEMS)
    .filter(([, effect]) => effect === 'rowRejected')
    .map(([code]) => code),
);

/**
 * Problems as a reader shows them: those that left a row out first (they fail the gate, see rule
 * table-rows-all-read), then the others, each in file order. A report's table of the first problems would
 * otherwise hide a rejected row behind dozens of repeated ids.
 */
export function rejectedFirst<P extends { code: string }>(problems: readonly P[]): P[] {
  return [
    ...problems.filter((p) => REJECTING.has(p.code)),
    ...problems.filter((p) => !REJECTING.has(p.code)),
  ];
}

/** Counters the reader updates as it goes (a progress display may read them) and completes at the end. */
export interface ReadStats {
  file: string;
  /** Bytes read from the file so far. */
  bytesRead: number;
  /** Data rows seen (the header and blank lines excluded). */
  rowsRead: number;
  /** Rows yielded as units (duplicates included; they are flagged). */
  rowsUsed: number;
  /** Rows left out because of a problem. */
  rowsRejected: number;
  blankLines: number;
  /** Units whose id an earlier unit already had. */
  duplicateIds: number;
  /** Cells holding a missing value, by column name. */
  missingCells: Record<string, number>;
  /**
   * Empty cells read as 0 votes, by candidate id: those of candidates whose mapping says emptyMeans "zero"
   * (not on the ballot in that unit). Neither missing nor a problem, but counted, for the report to say.
   */
  cellsReadAsZero: Record<string, number>;
  /** The first problems, up to the cap, in file order. */
  problems: RowProblem[];
  /** All problems, including those past the cap, and by code. */
  problemCount: number;
  problemsByCode: Record<string, number>;
  /** SHA-256 of the file's bytes (hex), once a read asked for it (ReadOptions.hash) has reached the end. */
  sha256?: string;
}

/** Problems a read keeps by default (ReadOptions.maxProblems); all are counted. */
export const MAX_PROBLEMS = 100;

/** Fresh counters for one file. */
export function newReadStats(file: string): ReadStats {
  return {
    file,
    bytesRead: 0,
    rowsRead: 0,
    rowsUsed: 0,
    rowsRejected: 0,
    blankLines: 0,
    duplicateIds: 0,
    // Keyed by column names and ids from the input: no inherited key ("constructor", "__proto__") may count.
    missingCells: Object.create(null),
    cellsReadAsZero: Object.create(null),
    problems: [],
    problemCount: 0,
    problemsByCode: Object.create(null),
  };
}

/** Records a problem: counted always, kept while under the cap. */
export function recordProblem(stats: ReadStats, problem: RowProblem, cap: number): void {
  stats.problemCount++;
  stats.problemsByCode[problem.code] = (stats.problemsByCode[problem.code] ?? 0) + 1;
  if (stats.problems.length < cap) stats.problems.push(problem);
}

/** A cell value quoted for a message, shortened past 60 characters. */
export function quoteValue(text: string): string {
  const shown = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return JSON.stringify(shown);
}

/** How the mapping writes missing values, for `expected` texts. */
export function missingList(missing: readonly string[]): string {
  return missing.length === 0 ? 'none' : missing.map((m) => JSON.stringify(m)).join(', ');
}

/** Builds the problem for a cell that is neither a number nor a missing value. */
export function invalidNumber(
  file: string,
  line: number,
  column: string,
  text: string,
  missing: readonly string[],
): RowProblem {
  const trimmed = text.trim();
  let hint = 'Fix the cell, or list its text among the mapping\'s "missingValues" if it means no value.';
  const separator = separatorOf(trimmed);
  if (separator !== undefined) {
    hint = `Its thousands are grouped: set "thousandsSeparator": ${JSON.stringify(separator)} in the mapping.`;
  } else if (/^-?\d+,\d+$/.test(trimmed)) hint = 'Write decimals with a point, not a comma.';
  else if (/^[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+$/.test(trimmed)) {
    hint =
      'A count in scientific notation has lost its last digits in the export: format the column as a whole number and export again.';
  } else if (/^[+-]?\d{16,}(?:\.\d*)?$/.test(trimmed)) {
    hint = 'No count is that large; it cannot be read exactly (more than 2^53). Check the column.';
  }
  return {
    code: 'precinct-invalid-number',
    file,
    line,
    columnName: column,
    message: `column "${column}" does not hold a number; the row is left out`,
    found: quoteValue(text),
    expected: `a number such as 1204, or a missing value (${missingList(missing)})`,
    hint,
  };
}

/** Builds the problem for a missing count or vote: the row is used without it. */
export function missingValue(file: string, line: number, column: string, text: string): RowProblem {
  return {
    code: 'precinct-missing-value',
    file,
    line,
    columnName: column,
    message: `column "${column}" has no value; the row is used without it`,
    found: quoteValue(text),
    expected: 'a number',
    hint: 'Checks that need this value skip the unit and say so.',
  };
}

/** Builds the problem for a missing id part or level: the row cannot be placed and is left out. */
export function missingKey(
  file: string,
  line: number,
  column: string,
  text: string,
  what: 'id' | 'level',
): RowProblem {
  return {
    code: what === 'id' ? 'precinct-missing-id' : 'precinct-missing-level',
    file,
    line,
    columnName: column,
    message: `column "${column}" (${what === 'id' ? 'part of the unit id' : 'a level'}) is empty; the row is left out`,
    found: quoteValue(text),
    expected: what === 'id' ? 'the unit id' : 'the name of the unit at this level',
  };
}

/** Builds the problem for a row with fewer or more fields than the header. */
export function wrongWidth(
  file: string,
  line: number,
  fields: number,
  header: readonly string[],
): RowProblem {
  const short = fields < header.length;
  const firstMissing = header[fields];
  return {
    code: short ? 'precinct-short-row' : 'precinct-long-row',
    file,
    line,
    ...(short && firstMissing !== undefined ? { columnName: firstMissing } : {}),
    message: short
      ? `the row has ${fields} fields, the header ${header.length}: column "${firstMissing}" and later ones are missing; the row is left out`
      : `the row has ${fields} fields, the header ${header.length}; the row is left out`,
    found: `${fields} fields`,
    expected: `${header.length} fields, one per header column`,
    hint: short
      ? 'A row cut short or a line break inside an unquoted cell; quote cells that contain line breaks.'
      : 'A delimiter inside an unquoted cell (a thousands separator or a name); quote such cells.',
  };
}

/** Builds the problem for text after a closing quote in a CSV record (the row is left out). */
export function malformedQuote(file: string, line: number, column: string): RowProblem {
  return {
    code: 'precinct-malformed-quote',
    file,
    line,
    columnName: column,
    message: `column "${column}" has text after its closing quote; the row is left out`,
    found: 'text after a closing "',
    expected: 'a quoted cell ends with " right before the delimiter or the line end; "" stands for one quote',
  };
}

/**
 * The input problem of a quote never closed: the quoted cell runs to the end of the file, so no row after it can
 * be read, and the table is refused (as a record past the size limit is) rather than audited on its first rows.
 */
export function unclosedQuote(
  file: string,
  at: { line: number; column: number },
  lastLine: number,
  columnName: string,
): InputProblem {
  const lines = lastLine - at.line + 1;
  return {
    code: 'precinct-unclosed-quote',
    file,
    line: at.line,
    column: at.column,
    message:
      lines > 1
        ? `a quote opened in column "${columnName}" is never closed: lines ${at.line} to ${lastLine} (${lines} lines, the rest of the file) would read as one cell, so no row from line ${at.line} on can be read`
        : `a quote opened in column "${columnName}" is never closed before the end of the file`,
    found: 'an opening " without a closing one',
    expected: 'a quoted cell ends with " right before the delimiter or the line end; "" stands for one quote',
    hint: 'Close the quote, or write a quote inside a cell as "" (a file cut short ends this way too).',
  };
}

/** Builds the problem for an NDJSON line that is not a JSON object. */
export function malformedJson(file: string, line: number, detail: string): RowProblem {
  return {
    code: 'precinct-malformed-json',
    file,
    line,
    message: `the line is not a JSON object (${detail}); the row is left out`,
    expected: 'one JSON object per line, keys being column names',
  };
}

/** Builds the note on a unit whose id an earlier unit already has; both are used and flagged. */
export function duplicateId(file: string, line: number, id: string, firstLine: number): RowProblem {
  return {
    code: 'precinct-duplicate-id',
    file,
    line,
    message: `unit id ${quoteValue(id)} already appears on line ${firstLine}; both rows are used`,
    found: quoteValue(id),
    expected: 'an id no other row has',
    hint: 'When ids repeat across levels, map more columns to the id (e.g. region and station number).',
  };
}

/** Builds the problem for the first line of a table that is not UTF-8: the row is used, its names may not read. */
export function notUtf8(file: string, line: number, bytes: string): RowProblem {
  return {
    code: 'precinct-not-utf8',
    file,
    line,
    message:
      'the line is not UTF-8 text, so names in this table may show "\uFFFD" where a letter was; the row is used',
    found: `bytes ${bytes}`,
    expected: 'UTF-8 text',
    hint: 'Save the table as UTF-8 (in Excel, "CSV UTF-8"; or iconv -f WINDOWS-1252 -t UTF-8 FILE).',
  };
}
