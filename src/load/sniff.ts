/**
 * A file that is not text, known from its first bytes: a compressed file, an archive or workbook, a PDF, UTF-16.
 *
 * Why: read as CSV, a .csv.gz or an .xlsx gives one header "column" of binary noise, and then one
 * missing-column problem per mapped column, each quoting that noise (read as JSON, a syntax error at byte 1).
 * National tables often come compressed or as workbooks, so a table's first bytes are checked before any record
 * is parsed, and a JSON file's before it is parsed: one problem says what the file is and how to get the text.
 */
import { isUtf8 } from 'node:buffer';
import { InputError, type InputProblem } from './errors.js';

interface Signature {
  /** The first bytes of such a file. */
  bytes: readonly number[];
  what: string;
  /** What it is not (default: text). */
  not?: string;
  hint: string;
}

const EXPORT_CSV = 'export the sheet as "CSV UTF-8" and use that file.';
const DECOMPRESS = (tool: string) =>
  `Decompress it first (${tool} FILE keeps the original) and use the uncompressed file.`;
const TO_UTF8 = 'Save it as UTF-8 (iconv -f UTF-16 -t UTF-8 FILE; in Excel, "CSV UTF-8") and use that file.';

const SIGNATURES: readonly Signature[] = [
  { bytes: [0x1f, 0x8b], what: 'gzip-compressed data', hint: DECOMPRESS('gunzip -k') },
  {
    bytes: [0x50, 0x4b, 0x03, 0x04],
    what: 'a ZIP archive (an .xlsx or .ods workbook is one too)',
    hint: `Extract the file from the archive (unzip FILE); for a workbook, ${EXPORT_CSV}`,
  },
  {
    bytes: [0x50, 0x4b, 0x05, 0x06],
    what: 'an empty ZIP archive',
    hint: 'The archive holds no file: check the download.',
  },
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    what: 'an Excel 97-2003 workbook (.xls)',
    hint: `Open it and ${EXPORT_CSV}`,
  },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF document', hint: 'Extract its tables to CSV first.' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'xz-compressed data', hint: DECOMPRESS('unxz -k') },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], what: 'zstd-compressed data', hint: DECOMPRESS('unzstd') },
  {
    bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c],
    what: 'a 7-Zip archive',
    hint: 'Extract the file from the archive (7z x FILE) and use it.',
  },
  { bytes: [0xff, 0xfe], what: 'UTF-16 text (little-endian)', not: 'UTF-8', hint: TO_UTF8 },
  { bytes: [0xfe, 0xff], what: 'UTF-16 text (big-endian)', not: 'UTF-8', hint: TO_UTF8 },
];

/** bzip2's "BZh" and a block size digit 1-9. */
function isBzip2(b: Uint8Array): boolean {
  return (
    b[0] === 0x42 && b[1] === 0x5a && b[2] === 0x68 && (b[3] as number) >= 0x31 && (b[3] as number) <= 0x39
  );
}

const hex = (bytes: ArrayLike<number>) => Array.from(bytes, (x) => x.toString(16).padStart(2, '0')).join(' ');

/** What the file should have been, for the problem's words. */
export interface TextKind {
  code: string;
  /** "table", "file". */
  noun: string;
  expected: string;
}

const TABLE: TextKind = {
  code: 'precinct-not-text',
  noun: 'table',
  expected: 'a CSV or NDJSON table in UTF-8 text',
};

/**
 * The problem with a file whose first bytes (`head`: the start of the file, a few KiB) are not text, or null.
 * A NUL byte anywhere in them counts: text tables and JSON never hold one, UTF-16 text nearly always does.
 */
export function notTextProblem(head: Uint8Array, file: string, kind: TextKind = TABLE): InputProblem | null {
  const base = { code: kind.code, file, expected: kind.expected };
  const the = `the ${kind.noun}`;
  const known = SIGNATURES.find((s) => s.bytes.every((x, i) => head[i] === x));
  if (known) {
    return {
      ...base,
      message: `${the} is ${known.what}, not ${known.not ?? 'text'}`,
      found: `bytes ${hex(known.bytes)} at the start of the file`,
      hint: known.hint,
    };
  }
  if (isBzip2(head)) {
    return {
      ...base,
      message: `${the} is bzip2-compressed data, not text`,
      found: `bytes ${hex(head.subarray(0, 4))} ("BZh" and a block size) at the start of the file`,
      hint: DECOMPRESS('bunzip2 -k'),
    };
  }
  const nul = head.indexOf(0);
  if (nul >= 0) {
    // UTF-16 without a byte order mark: ASCII letters with a NUL beside each.
    const utf16 = head.length >= 4 && (head[0] === 0 || head[1] === 0);
    return {
      ...base,
      message: utf16 ? `${the} looks like UTF-16 text, not UTF-8` : `${the} holds binary data, not text`,
      found: `a NUL byte at byte ${nul + 1}`,
      hint: utf16
        ? TO_UTF8
        : `Check that this is ${the} itself, not an archive, a workbook or another export.`,
    };
  }
  return null;
}

/**
 * The problem with a table whose lines end with a carriage return alone (classic Mac OS, "CSV (Macintosh)" from
 * old Excel): two or more CRs in its first bytes and no line feed. Read as CSV it is one record, whose header
 * runs into the rows ("Bob\rNorth").
 */
export function carriageReturnProblem(head: Uint8Array, file: string): InputProblem | null {
  if (head.indexOf(0x0a) >= 0) return null;
  const first = head.indexOf(0x0d);
  if (first < 0 || head.indexOf(0x0d, first + 1) < 0) return null;
  return {
    code: 'precinct-cr-line-ends',
    file,
    message: "the table's lines end with a carriage return alone, so it reads as one line",
    found: `a carriage return at byte ${first + 1} and no line feed in the first ${head.length} bytes`,
    expected: 'lines ending with a line feed (LF) or CR LF',
    hint: "Save it with LF or CR LF line ends (for instance tr '\\r' '\\n' < FILE > FIXED.csv).",
  };
}

/** Throws the InputError of {@link notTextProblem}, if any. */
export function assertText(head: Uint8Array, file: string, kind: TextKind = TABLE): void {
  const problem =
    notTextProblem(head, file, kind) ?? (kind === TABLE ? carriageReturnProblem(head, file) : null);
  if (problem) throw new InputError([problem]);
}

/**
 * The first complete line of `head` that is not UTF-8 (1-based, counting line feeds), and its first byte
 * above 0x7f in hex with the next two, or null. Lines cut by the end of `head` are not judged: a read can end
 * inside a character.
 */
export function firstNonUtf8Line(head: Uint8Array): { line: number; bytes: string } | null {
  const end = head.lastIndexOf(0x0a);
  if (end < 0 || isUtf8(head.subarray(0, end))) return null;
  let line = 1;
  for (let from = 0; from < end; line++) {
    let to = head.indexOf(0x0a, from);
    if (to < 0 || to > end) to = end;
    const text = head.subarray(from, to);
    if (!isUtf8(text)) {
      const at = text.findIndex((b) => b > 0x7f);
      return { line, bytes: hex(text.subarray(at, at + 3)) };
    }
    from = to + 1;
  }
  return null;
}
