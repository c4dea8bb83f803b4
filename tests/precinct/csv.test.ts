/** The byte-level CSV scanner: RFC 4180 quoting, line ends, BOM, blank lines, and chunk boundaries anywhere. */
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { CsvRecordTooLong, CsvScanner, fieldText, MALFORMED, splitLine } from '../../src/precinct/csv.js';
import { Random } from '../../src/precinct/random.js';

interface Scanned {
  line: number;
  fields: string[];
  malformed?: number;
}

/** Pushes the text to the scanner in chunks of the given sizes (cycled), then ends it. */
function feed(scanner: CsvScanner, text: string | Buffer, chunkSizes: number[]): void {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = chunkSizes[i % chunkSizes.length] as number;
    scanner.push(bytes.subarray(at, at + size));
    at += size;
  }
  scanner.end();
}

/** Scans text in chunks of the given sizes (cycled), returning the records and the blank-line count. */
function scan(text: string | Buffer, chunkSizes: number[] = [1 << 16], delimiter = ','): [Scanned[], number] {
  const out: Scanned[] = [];
  const scanner = new CsvScanner(delimiter.charCodeAt(0), (rec) => {
    const fields = Array.from({ length: rec.count }, (_, k) => fieldText(rec, k));
    out.push(
      rec.malformed ? { line: rec.line, fields, malformed: rec.malformed } : { line: rec.line, fields },
    );
  });
  feed(scanner, text, chunkSizes);
  return [out, scanner.blankLines];
}

const records = (text: string | Buffer, chunks?: number[]) => scan(text, chunks)[0];

describe('CsvScanner', () => {
  it.each([
    [
      'plain',
      'a,b\n1,2\n',
      [
        { line: 1, fields: ['a', 'b'] },
        { line: 2, fields: ['1', '2'] },
      ],
    ],
    [
      'no final line end',
      'a,b\n1,2',
      [
        { line: 1, fields: ['a', 'b'] },
        { line: 2, fields: ['1', '2'] },
      ],
    ],
    [
      'CRLF',
      'a,b\r\n1,2\r\n',
      [
        { line: 1, fields: ['a', 'b'] },
        { line: 2, fields: ['1', '2'] },
      ],
    ],
    [
      'CR at the very end',
      'a,b\r\n1,2\r',
      [
        { line: 1, fields: ['a', 'b'] },
        { line: 2, fields: ['1', '2'] },
      ],
    ],
    ['lone CR is data', 'a\rb,c\n', [{ line: 1, fields: ['a\rb', 'c'] }]],
    ['CR before a delimiter is data', 'a\r,b\n', [{ line: 1, fields: ['a\r', 'b'] }]],
    ['quoted field, CR at the very end', 'x,"a"\r', [{ line: 1, fields: ['x', 'a'] }]],
    [
      'quoted field, CRLF',
      '"a"\r\n"b"\r\n',
      [
        { line: 1, fields: ['a'] },
        { line: 2, fields: ['b'] },
      ],
    ],
    ['empty fields', ',a,,\n', [{ line: 1, fields: ['', 'a', '', ''] }]],
    ['quoted comma', '"a,b",c\n', [{ line: 1, fields: ['a,b', 'c'] }]],
    ['escaped quote', '"say ""hi""",x\n', [{ line: 1, fields: ['say "hi"', 'x'] }]],
    ['empty quoted field is a record', '""\n', [{ line: 1, fields: [''] }]],
    [
      'quoted CRLF',
      '"a\r\nb",c\r\nd,e\r\n',
      [
        { line: 1, fields: ['a\r\nb', 'c'] },
        { line: 3, fields: ['d', 'e'] },
      ],
    ],
    [
      'embedded newlines shift later line numbers',
      'h\n"one\ntwo\nthree"\nnext\n',
      [
        { line: 1, fields: ['h'] },
        { line: 2, fields: ['one\ntwo\nthree'] },
        { line: 5, fields: ['next'] },
      ],
    ],
    ['quote inside an unquoted field is data', 'ab"c,d\n', [{ line: 1, fields: ['ab"c', 'd'] }]],
    ['UTF-8 text', 'Тирана,Durrës\n', [{ line: 1, fields: ['Тирана', 'Durrës'] }]],
  ])('%s', (_name, text, expected) => {
    expect(records(text)).toEqual(expected);
  });

  it('skips a UTF-8 byte order mark', () => {
    const text = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id,n\n1,2\n')]);
    expect(records(text)).toEqual([
      { line: 1, fields: ['id', 'n'] },
      { line: 2, fields: ['1', '2'] },
    ]);
    expect(records(text, [1])).toEqual(records(text));
  });

  it('skips and counts blank lines, keeping line numbers', () => {
    const [out, blank] = scan('a\n\n\r\nb\n\n');
    expect(out).toEqual([
      { line: 1, fields: ['a'] },
      { line: 4, fields: ['b'] },
    ]);
    expect(blank).toBe(3);
  });

  it('gives nothing for an empty input', () => {
    expect(scan('')).toEqual([[], 0]);
    expect(scan(Buffer.from([0xef, 0xbb, 0xbf]))).toEqual([[], 0]);
  });

  it('flags text after a closing quote and an unclosed quote', () => {
    expect(records('"ab"c,d\nx,y\n')).toEqual([
      { line: 1, fields: ['ab', 'd'], malformed: MALFORMED.strayQuote },
      { line: 2, fields: ['x', 'y'] },
    ]);
    expect(records('"a"\rb,c\n')).toEqual([{ line: 1, fields: ['a', 'c'], malformed: MALFORMED.strayQuote }]);
    expect(records('a,b\n1,"open\n2,3\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'open\n2,3\n'], malformed: MALFORMED.unclosedQuote },
    ]);
  });

  it('honours another delimiter', () => {
    expect(scan('a;"b;c"\n1;2\n', undefined, ';')[0]).toEqual([
      { line: 1, fields: ['a', 'b;c'] },
      { line: 2, fields: ['1', '2'] },
    ]);
  });

  it('stops a record that outgrows the limit', () => {
    const scanner = new CsvScanner(44, () => {}, 100);
    scanner.push(Buffer.from('a\n"'));
    expect(() => scanner.push(Buffer.alloc(200, 120))).toThrow(CsvRecordTooLong);
  });

  const tricky = '\uFEFFid,"name, full",n\r\n1,"a ""q"" b",10\r\n2,"multi\nline",\r\n\r\n3,plain,"7"\n4,"",5';
  it('gives the same records whatever the chunk boundaries', () => {
    const whole = records(tricky);
    expect(whole).toHaveLength(5);
    expect(whole[4]).toEqual({ line: 7, fields: ['4', '', '5'] });
    for (const size of [1, 2, 3, 5, 7, 11]) expect(records(tricky, [size])).toEqual(whole);
    const bytes = Buffer.from(tricky, 'utf8');
    for (let cut = 1; cut < bytes.length; cut++) expect(records(bytes, [cut, bytes.length])).toEqual(whole);
  });

  it('reads back random tables written with RFC 4180 quoting', () => {
    const rng = new Random(7);
    const alphabet = ['a', 'b', ',', '"', '\n', '\r\n', '\r', ' ', 'é', '1'];
    for (let t = 0; t < 50; t++) {
      const width = 1 + rng.int(5);
      const rows = Array.from({ length: 1 + rng.int(8) }, () =>
        Array.from({ length: width }, () =>
          Array.from({ length: rng.int(6) }, () => alphabet[rng.int(alphabet.length)]).join(''),
        ),
      );
      // A one-field row that is empty would be a blank line; quote it as RFC 4180 allows.
      const quote = (f: string) =>
        /[",\r\n]/.test(f) || (width === 1 && f === '') ? `"${f.replaceAll('"', '""')}"` : f;
      const text = rows.map((r) => r.map(quote).join(',')).join(rng.uniform() < 0.5 ? '\n' : '\r\n');
      const sizes = [1 + rng.int(9), 1 + rng.int(30)];
      expect(records(text, sizes).map((r) => r.fields)).toEqual(rows);
    }
  });
  describe('numeric columns', () => {
    /** Scans with columns 1 and 2 numeric; per record, its fields and, per field, the value parsed or null. */
    function scanNumeric(text: string | Buffer, chunkSizes: number[] = [1 << 16]) {
      const out: { line: number; fields: string[]; values: (number | null)[] }[] = [];
      const scanner = new CsvScanner(44, (rec) => {
        const values = Array.from({ length: rec.count }, (_, k) =>
          rec.parsed[k] === 1 ? (rec.values[k] as number) : null,
        );
        expect(rec.parsedCount).toBe(values.filter((v) => v !== null).length);
        const fields = Array.from({ length: rec.count }, (_, k) => fieldText(rec, k));
        out.push({ line: rec.line, fields, values });
      });
      scanner.numeric = Uint8Array.of(0, 1, 1);
      feed(scanner, text, chunkSizes);
      return out;
    }

    it('parses 1 to 15 plain digits as it scans, and leaves any other text to the reader', () => {
      const cells = [
        ['12', 12],
        ['007', 7],
        ['0', 0],
        ['123456789012345', 123456789012345],
        ['1234567890123456', null],
        ['1e3', null],
        [' 12 ', null],
        ['-0', null],
        ['+5', null],
        ['12.5', null],
        ['', null],
        ['NA', null],
        ['12a', null],
        ['"12"', null],
      ] as const;
      const out = scanNumeric(`h,a,b\n${cells.map(([cell]) => `x,${cell},1\n`).join('')}`);
      expect(out.slice(1).map((r) => r.values[1])).toEqual(cells.map(([, value]) => value));
      expect(out.slice(1).map((r) => r.fields[1])).toEqual(cells.map(([cell]) => cell.replaceAll('"', '')));
      // The header has no digits: nothing parsed; a non-numeric column never is. A record with a quoted
      // field is the general path's, which parses nothing.
      expect(out[0]?.values).toEqual([null, null, null]);
      expect(out.slice(1).map((r) => r.values[2])).toEqual(
        cells.map(([cell]) => (cell[0] === '"' ? null : 1)),
      );
      expect(out.every((r) => r.values[0] === null)).toBe(true);
    });

    it('ends a number at CRLF, but not at a CR before a delimiter', () => {
      expect(scanNumeric('x,1,2\r\nx,3,4\r,\n')).toEqual([
        { line: 1, fields: ['x', '1', '2'], values: [null, 1, 2] },
        { line: 2, fields: ['x', '3', '4\r', ''], values: [null, 3, null, null] },
      ]);
    });

    it('gives the same fields whatever the chunk boundaries, with or without numeric columns', () => {
      const text =
        '\uFEFFid,n,m\r\n1,10,"2"\r\n2,,x\r\n\r\n3,"a ""q""",7\n4,"multi\nline",8\n5,1e3, 9 \n6,42,0012\r\n7,5,6\n8,9,10';
      const whole = scanNumeric(text);
      expect(whole.map(({ line, fields }) => ({ line, fields }))).toEqual(records(text));
      // Records with a quote, and the last one (no line end), are the general path's: nothing parsed.
      expect(whole.map((r) => r.values)).toEqual([
        [null, null, null],
        [null, null, null],
        [null, null, null],
        [null, null, null],
        [null, null, null],
        [null, null, null],
        [null, 42, 12],
        [null, 5, 6],
        [null, null, null],
      ]);
      // A record cut by a chunk's end is read by the general path: its values may be missing, never wrong.
      const bytes = Buffer.from(text, 'utf8');
      for (let cut = 1; cut < bytes.length; cut++) {
        const out = scanNumeric(bytes, [cut, bytes.length]);
        expect(out.map(({ line, fields }) => ({ line, fields }))).toEqual(records(text));
        for (const [r, rec] of out.entries())
          for (const [k, value] of rec.values.entries())
            if (value !== null) expect(value).toBe(whole[r]?.values[k]);
      }
    });

    it('reads records wider than its first room, and very long lines', () => {
      const wide = Array.from({ length: 150 }, (_, i) => String(i)).join(',');
      const long = `x,${'9'.repeat(10)},${'y'.repeat(200_000)}`;
      const text = `${wide}\n${wide}\n${long}\n1,2,3\n`;
      for (const sizes of [[1 << 16], [4096], [1 << 20]]) {
        const out = scanNumeric(text, sizes);
        expect(out.map((r) => r.fields.length)).toEqual([150, 150, 3, 3]);
        expect(out[1]?.fields[149]).toBe('149');
        expect(out[2]?.values).toEqual([null, 9999999999, null]);
        expect(out[2]?.fields[2]).toHaveLength(200_000);
        expect(out[3]).toEqual({ line: 4, fields: ['1', '2', '3'], values: [null, 2, 3] });
      }
    });
  });
});

describe('splitLine', () => {
  it.each([
    ['a;b;c', ';', ['a', 'b', 'c']],
    [' "x;y" ; b ;', ';', ['x;y', 'b', '']],
    ['"say ""hi""",2', ',', ['say "hi"', '2']],
    ['Title;;;', ';', ['Title', '', '', '']],
    ['', ',', ['']],
    ['"open, to the end', ',', ['open, to the end']],
  ])('splitLine(%j, %j)', (line, delimiter, fields) => expect(splitLine(line, delimiter)).toEqual(fields));
});
