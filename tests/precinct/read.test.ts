/** Reading precinct tables through a mapping: typed units, every bad row reported with line and column. */
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { InputError } from '../../src/load/errors.js';
import { readUnitBatches } from '../../src/precinct/read.js';
import { MappingSchema } from '../../src/schema/mapping.js';
import { brief, HEADER, MAPPING, ndjsonRow, read, tempTables } from './helpers.js';

const { dir, table, remove } = tempTables('tallycheck-read-');
afterAll(remove);

describe('readUnits', () => {
  it('reads typed units in file order', async () => {
    const file = table(`${HEADER}\nNorth,s1,1000,600,590,10,400,190\nNorth,s2,800,500,495,5,200,295\n`);
    const { units, stats } = await read(file);
    expect(units).toEqual([
      {
        line: 2,
        id: 's1',
        levels: ['North'],
        counts: { registered: 1000, issued: undefined, cast: 600, valid: 590, invalid: 10 },
        votes: [400, 190],
      },
      {
        line: 3,
        id: 's2',
        levels: ['North'],
        counts: { registered: 800, issued: undefined, cast: 500, valid: 495, invalid: 5 },
        votes: [200, 295],
      },
    ]);
    expect(stats).toMatchObject({ rowsRead: 2, rowsUsed: 2, rowsRejected: 0, problemCount: 0 });
    expect(stats.bytesRead).toBe(
      Buffer.byteLength(`${HEADER}\nNorth,s1,1000,600,590,10,400,190\nNorth,s2,800,500,495,5,200,295\n`),
    );
  });

  it('handles a BOM, CRLF, quoted fields and embedded line breaks, keeping line numbers', async () => {
    const text =
      '\uFEFFregion,station,registered,cast,valid,invalid,Ann,Bob\r\n' +
      '"North, upper","s ""1""",1000,600,590,10,"400",190\r\n' +
      '"South\r\nby the sea",s2,800,500,495,5,200,295\r\n' +
      'East,s3,700,300,290,10,100,190\r\n';
    const { units, stats } = await read(table(text));
    expect(units.map((u) => [u.line, u.id, u.levels[0], u.votes[0]])).toEqual([
      [2, 's "1"', 'North, upper', 400],
      [3, 's2', 'South\r\nby the sea', 200],
      [5, 's3', 'East', 100],
    ]);
    expect(stats.problemCount).toBe(0);
  });

  it('reports bad rows with line, column, value and expectation, and goes on', async () => {
    const text = [
      HEADER,
      'North,s1,1000,600,590,10,400,190',
      'North,s2,800,5x0,495,5,200,295', // not a number: rejected
      'North,s3,800,500', // short: rejected
      'North,s4,800,500,495,5,200,295,9', // long: rejected
      'North,s5,NA,500,495,5,200,295', // missing count: used without it
      'North,s6,900,500,495,5,NA,295', // missing vote: used, NaN
      'North,NA,900,500,495,5,200,295', // missing id: rejected
      ',s8,900,500,495,5,200,295', // missing level: rejected
      'North,s1,900,500,495,5,200,295', // repeats s1: used, flagged
      'North,s9,"1 204",500,495,5,200,295', // thousands separator: rejected with a hint
    ].join('\n');
    const { units, stats } = await read(table(text));
    expect(units.map((u) => u.id)).toEqual(['s1', 's5', 's6', 's1']);
    expect(units[1]?.counts.registered).toBeUndefined();
    expect(units[2]?.votes[0]).toBeNaN();
    expect(units[3]?.duplicateOf).toBe(2);
    expect(brief(stats)).toEqual([
      { code: 'precinct-invalid-number', line: 3, column: 'cast', found: '"5x0"' },
      { code: 'precinct-short-row', line: 4, column: 'valid', found: '4 fields' },
      { code: 'precinct-long-row', line: 5, column: undefined, found: '9 fields' },
      { code: 'precinct-missing-value', line: 6, column: 'registered', found: '"NA"' },
      { code: 'precinct-missing-value', line: 7, column: 'Ann', found: '"NA"' },
      { code: 'precinct-missing-id', line: 8, column: 'station', found: '"NA"' },
      { code: 'precinct-missing-level', line: 9, column: 'region', found: '""' },
      { code: 'precinct-duplicate-id', line: 10, column: undefined, found: '"s1"' },
      { code: 'precinct-invalid-number', line: 11, column: 'registered', found: '"1 204"' },
    ]);
    expect(stats.problems[0]).toMatchObject({
      file: expect.stringContaining('.csv'),
      expected: 'a number such as 1204, or a missing value ("", "NA")',
    });
    expect(stats.problems[8]?.hint).toBe(
      'Its thousands are grouped: set "thousandsSeparator": " " in the mapping.',
    );
    expect(stats).toMatchObject({
      rowsRead: 10,
      rowsUsed: 4,
      rowsRejected: 6,
      duplicateIds: 1,
      missingCells: { registered: 1, Ann: 1, station: 1, region: 1 },
      problemCount: 9,
    });
  });

  it('refuses counts a double cannot hold exactly: scientific notation, and beyond 2^53', async () => {
    // Both read as numbers before: "1.2E+06" from a spreadsheet export (its digits lost) as 1200000, and
    // 9007199254740993 as 9007199254740992.
    const text = [
      HEADER,
      'North,s1,1.2E+06,500,495,5,200,295',
      'North,s2,900,500,495,5,200,9007199254740993',
      'North,s3,900,500,495,5,200,9007199254740991',
      'North,s4,+900,500,495,5,200,1e2',
    ].join('\n');
    const { units, stats } = await read(table(text));
    expect(units.map((u) => [u.id, u.votes[1]])).toEqual([['s3', 9007199254740991]]);
    expect(stats.problems.map((p) => [p.line, p.found, p.hint])).toEqual([
      [
        2,
        '"1.2E+06"',
        'A count in scientific notation has lost its last digits in the export: format the column as a whole number and export again.',
      ],
      [
        3,
        '"9007199254740993"',
        'No count is that large; it cannot be read exactly (more than 2^53). Check the column.',
      ],
      [
        5,
        '"1e2"',
        'A count in scientific notation has lost its last digits in the export: format the column as a whole number and export again.',
      ],
    ]);
  });

  it('reports every bad cell of a row, not just the first', async () => {
    const { stats } = await read(table(`${HEADER}\nNorth,s1,x,y,590,10,400,190\n`));
    expect(brief(stats).map((p) => p.column)).toEqual(['registered', 'cast']);
    expect(stats.rowsRejected).toBe(1);
  });

  it('reads counts with their thousands grouped as the mapping declares, and only those', async () => {
    const row = (registered: string, cast: string) =>
      `${HEADER}\nNorth,s1,${registered},${cast},590,10,400,190\n`;
    const cases: [',' | '.' | ' ' | "'", string, string, number, number][] = [
      [',', '"1,204"', '"1,000,600"', 1204, 1000600],
      ['.', '1.204', '-1.000.600', 1204, -1000600],
      [' ', '1 204', '1\u00a0000\u202f600', 1204, 1000600],
      ["'", "1'204", '1\u2019000', 1204, 1000],
    ];
    for (const [separator, registered, cast, r, c] of cases) {
      const mapping = MappingSchema.parse({ ...MAPPING, thousandsSeparator: separator });
      const { units, stats } = await read(table(row(registered, cast)), mapping);
      expect(stats.problems, separator).toEqual([]);
      expect(units[0]?.counts, separator).toMatchObject({ registered: r, cast: c });
    }
    // Grouped in threes only; other separators and ungrouped numbers as usual.
    const comma = MappingSchema.parse({ ...MAPPING, thousandsSeparator: ',' });
    const { units, stats } = await read(
      table(
        `${HEADER}\nNorth,s1,"1,20",1.204,"12,345,6",10,"1 204",190\nNorth,s2,1204,600,590.5,10,400,190\n`,
      ),
      comma,
    );
    expect(brief(stats).map((p) => [p.column, p.found])).toEqual([
      ['registered', '"1,20"'],
      ['valid', '"12,345,6"'],
      ['Ann', '"1 204"'],
    ]);
    expect(units.map((u) => [u.id, u.counts.registered, u.counts.valid])).toEqual([['s2', 1204, 590.5]]);
    // NDJSON counts given as text.
    const json = MappingSchema.parse({ ...comma, format: { type: 'ndjson' } });
    const ndjson = await read(table(`${ndjsonRow({ registered: '1,204', cast: 600 })}\n`, 'ndjson'), json);
    expect(ndjson.units[0]?.counts.registered).toBe(1204);
  });

  it('accepts signed and decimal numbers (rules judge them) and padded cells', async () => {
    const { units, stats } = await read(table(`${HEADER}\nNorth,s1, 1000 ,-3,590.5,+10,400,190\n`));
    expect(units[0]?.counts).toMatchObject({ registered: 1000, cast: -3, valid: 590.5, invalid: 10 });
    expect(stats.problemCount).toBe(0);
  });

  it('reports a quoting error in a row and keeps reading', async () => {
    const { units, stats } = await read(table(`${HEADER}\nNorth,"s1"x,1,1,1,0,1,0\nNorth,s2,1,1,1,0,1,0\n`));
    expect(units.map((u) => u.id)).toEqual(['s2']);
    expect(brief(stats)).toEqual([
      { code: 'precinct-malformed-quote', line: 2, column: 'station', found: 'text after a closing "' },
    ]);
  });

  it('refuses a table with a quote never closed, naming where it opens and the lines it swallows', async () => {
    const rows = ['North,s1,1,1,1,0,1,0', 'North,s2,1,1,1,0,1,0', 'North,s3,1,1,1,0,1,0'];
    const cases: [string, { line: number; column: number; message: string }][] = [
      // Opened in the third row: the rest of the file (with or without a final line end) is one cell.
      [
        [HEADER, rows[0], 'North,"s2,1,1,1,0,1,0', rows[2], ''].join('\n'),
        { line: 3, column: 7, message: 'lines 3 to 4 (2 lines, the rest of the file)' },
      ],
      [
        [HEADER, rows[0], 'North,"s2,1,1,1,0,1,0', rows[2], rows[1]].join('\r\n'),
        { line: 3, column: 7, message: 'lines 3 to 5 (3 lines, the rest of the file)' },
      ],
      // After a closed cell holding a line break: the quote's own line and column.
      [
        [HEADER, '"North\nby the sea",s1,1,1,1,0,1,0', 'North,s2,1,1,1,0,"1,0', rows[2]].join('\n'),
        { line: 4, column: 18, message: 'lines 4 to 5 (2 lines, the rest of the file)' },
      ],
      // On the last line only.
      [
        [HEADER, rows[0], 'North,s2,1,1,1,0,1,"0'].join('\n'),
        { line: 3, column: 20, message: 'never closed before' },
      ],
    ];
    for (const [text, at] of cases) {
      const error = (await read(table(text)).catch((e: unknown) => e)) as InputError;
      expect(error.name).toBe('InputError');
      expect(error.problems).toHaveLength(1);
      expect(error.problems[0]).toMatchObject({
        code: 'precinct-unclosed-quote',
        line: at.line,
        column: at.column,
      });
      expect(error.problems[0]?.message).toContain(at.message);
    }
  });

  it('throws before any row when mapped columns are missing, naming all of them', async () => {
    const file = table('region,stat,registered,cast,valid,invalid,Ann\nNorth,s1,1,1,1,0,1\n');
    const error = await read(file).catch((e: unknown) => e);
    expect((error as InputError).name).toBe('InputError');
    const problems = (error as InputError).problems;
    expect(problems.map((p) => [p.code, p.line])).toEqual([
      ['precinct-missing-column', 1],
      ['precinct-missing-column', 1],
    ]);
    expect(problems[0]?.message).toContain('"station"');
    expect(problems[0]?.hint).toContain('"stat"');
    expect(problems[1]?.message).toContain('"Bob"');
  });

  /** The problems of a table that cannot be read at all. */
  const problemsOf = async (file: string, mapping = MAPPING) => {
    const error = await read(file, mapping).catch((e: unknown) => e);
    expect((error as InputError).name).toBe('InputError');
    return (error as InputError).problems;
  };

  it('names an archive, a workbook, a PDF, data compressed other than by gzip, or UTF-16 as such, in one problem', async () => {
    const text = `${HEADER}\nNorth,s1,1000,600,590,10,400,190\n`;
    const bytes = (...b: number[]) => Buffer.concat([Buffer.from(b), Buffer.from(text)]);
    const cases: [Buffer, string, string][] = [
      // A gzip table is read as its text (gzip.ts): what it holds is judged, here a ZIP archive.
      [
        gzipSync(bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0)),
        'the table is a ZIP archive (an .xlsx or .ods workbook is one too), not text',
        'bytes 50 4b 03 04 at the start of the file',
      ],
      [
        bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0),
        'the table is a ZIP archive (an .xlsx or .ods workbook is one too), not text',
        'bytes 50 4b 03 04 at the start of the file',
      ],
      [
        bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1),
        'the table is an Excel 97-2003 workbook (.xls), not text',
        'bytes d0 cf 11 e0 a1 b1 1a e1 at the start of the file',
      ],
      [
        Buffer.from(`%PDF-1.7\n${text}`),
        'the table is a PDF document, not text',
        'bytes 25 50 44 46 2d at the start of the file',
      ],
      [
        Buffer.from(`BZh91AY&SY${text}`),
        'the table is bzip2-compressed data, not text',
        'bytes 42 5a 68 39 ("BZh" and a block size) at the start of the file',
      ],
      [
        bytes(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0),
        'the table is xz-compressed data, not text',
        'bytes fd 37 7a 58 5a 00 at the start of the file',
      ],
      [
        bytes(0x28, 0xb5, 0x2f, 0xfd),
        'the table is zstd-compressed data, not text',
        'bytes 28 b5 2f fd at the start of the file',
      ],
      [
        bytes(0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c),
        'the table is a 7-Zip archive, not text',
        'bytes 37 7a bc af 27 1c at the start of the file',
      ],
      [
        Buffer.from(`\uFEFF${text}`, 'utf16le'),
        'the table is UTF-16 text (little-endian), not UTF-8',
        'bytes ff fe at the start of the file',
      ],
      [Buffer.from(text, 'utf16le'), 'the table looks like UTF-16 text, not UTF-8', 'a NUL byte at byte 2'],
      [
        Buffer.from(`${HEADER}\nNorth,s1,1000,6\u000000,590,10,400,190\n`),
        'the table holds binary data, not text',
        `a NUL byte at byte ${HEADER.length + 17}`,
      ],
    ];
    for (const [content, message, found] of cases) {
      const problems = await problemsOf(table(content));
      expect(problems.map((p) => [p.code, p.message, p.found, p.line])).toEqual([
        ['precinct-not-text', message, found, undefined],
      ]);
      expect(problems[0]?.hint).toMatch(/^[A-Z].*\.$/);
    }
    // Text that merely starts like a signature is read as text.
    for (const head of ['BZh,station', 'PK,station']) {
      const { units } = await read(
        table(`${head},registered,cast,valid,invalid,Ann,Bob\nNorth,s1,1000,600,590,10,400,190\n`),
        MappingSchema.parse({ ...MAPPING, levels: [{ name: 'region', column: head.split(',')[0] }] }),
      );
      expect(units.map((u) => u.levels)).toEqual([['North']]);
    }
  });

  it('skips the lines above a header the mapping places further down, keeping line numbers', async () => {
    const title = 'Results of the election of 7 February, by polling station';
    const text = `\uFEFF${title}\n"Source: CEC, 8 February"\n${HEADER}\nNorth,s1,1000,600,590,10,400,190\nNorth,s2,800,5x0,495,5,200,295\n`;
    const m = MappingSchema.parse({ ...MAPPING, format: { type: 'csv', delimiter: ',', headerLine: 3 } });
    for (const options of [
      { threads: 'inline' as const },
      { threads: 'worker' as const },
      { chunkBytes: 16 },
    ]) {
      const { units, stats } = await read(table(text), m, options);
      expect(units.map((u) => [u.line, u.id])).toEqual([[4, 's1']]);
      expect(brief(stats).map((p) => [p.code, p.line])).toEqual([['precinct-invalid-number', 5]]);
    }
  });

  it('names the line the mapped columns are on, under a title, in one problem', async () => {
    const body = `${HEADER}\nNorth,s1,1000,600,590,10,400,190\n`;
    const cases: [string, Record<string, unknown>, number, string, string][] = [
      [
        `Results\n\n${body}`,
        {},
        1,
        'the mapped columns are on line 3, not on line 1',
        '{"type":"csv","delimiter":",","headerLine":3}',
      ],
      [
        `Results; by station\n${body.replaceAll(',', ';')}`,
        {},
        1,
        'the mapped columns are on line 2, split at ";", not on line 1',
        '{"type":"csv","delimiter":";","headerLine":2}',
      ],
      [
        `A\nB\nC\n${body}`,
        { headerLine: 2 },
        2,
        'the mapped columns are on line 4, not on line 2',
        '{"type":"csv","delimiter":",","headerLine":4}',
      ],
    ];
    for (const [text, format, line, message, setting] of cases) {
      const m = MappingSchema.parse({ ...MAPPING, format: { type: 'csv', delimiter: ',', ...format } });
      const problems = await problemsOf(table(text), m);
      expect(problems.map((p) => [p.code, p.line, p.message, p.hint])).toEqual([
        [
          'precinct-header-line',
          line,
          message,
          `Set "format": ${setting} in the table's mapping. The lines above the header (a title, notes) are then skipped.`,
        ],
      ]);
    }
  });

  it('names line ends of a carriage return alone, in one problem', async () => {
    const rows = [HEADER, 'North,s1,1000,600,590,10,400,190', 'North,s2,1000,600,590,10,400,190'];
    const problems = await problemsOf(table(`${rows.join('\r')}\r`));
    expect(problems.map((p) => [p.code, p.message, p.found])).toEqual([
      [
        'precinct-cr-line-ends',
        "the table's lines end with a carriage return alone, so it reads as one line",
        `a carriage return at byte ${HEADER.length + 1} and no line feed in the first ${rows.join('\r').length + 1} bytes`,
      ],
    ]);
    // CR LF, and a carriage return inside a quoted cell of an LF table, read as usual.
    expect((await read(table(`${rows.join('\r\n')}\r\n`))).units).toHaveLength(2);
    const quoted = await read(table(`${HEADER}\n"North\rside",s1,1000,600,590,10,400,190\n`));
    expect(quoted.units.map((u) => u.levels)).toEqual([['North\rside']]);
  });

  it('reads a table in another 8-bit encoding, noting the first line that is not UTF-8', async () => {
    const latin1 = Buffer.from(
      `${HEADER}\nNorth,s1,1,1,1,0,1,0\nBogot\u00e1,s2,1,1,1,0,1,0\nC\u00fali,s3,1,1,1,0,1,0\n`,
      'latin1',
    );
    for (const threads of ['inline', 'worker'] as const) {
      const { units, stats } = await read(table(latin1), MAPPING, { threads });
      expect(units.map((u) => u.levels[0])).toEqual(['North', 'Bogot\uFFFD', 'C\uFFFDli']);
      expect(stats.problems.map((p) => [p.code, p.line, p.found, p.hint])).toEqual([
        [
          'precinct-not-utf8',
          3,
          'bytes e1 2c 73',
          'Save the table as UTF-8 (in Excel, "CSV UTF-8"; or iconv -f WINDOWS-1252 -t UTF-8 FILE).',
        ],
      ]);
      expect(stats).toMatchObject({ rowsUsed: 3, rowsRejected: 0, problemCount: 1 });
    }
    // In file order among the other problems, on both threads.
    const mixed = Buffer.from(
      `${HEADER}\nNorth,s1,x,1,1,0,1,0\nBogot\u00e1,s2,1,1,1,0,1,0\nNorth,s3,y,1,1,0,1,0\n`,
      'latin1',
    );
    for (const threads of ['inline', 'worker'] as const) {
      const { stats } = await read(table(mixed), MAPPING, { threads });
      expect(stats.problems.map((p) => [p.line, p.code])).toEqual([
        [2, 'precinct-invalid-number'],
        [3, 'precinct-not-utf8'],
        [4, 'precinct-invalid-number'],
      ]);
    }
    // UTF-8 whose first read ends inside a character (byte 64 of "abcdefghij\u00e9") is UTF-8.
    const text = `${HEADER}\nabcdefghij\u00e9,s1,1,1,1,0,1,0\n`;
    expect(Buffer.from(text).subarray(63, 65)).toEqual(Buffer.from([0xc3, 0xa9]));
    const { units, stats } = await read(table(text), MAPPING, { chunkBytes: 64, threads: 'inline' });
    expect(units.map((u) => u.levels[0])).toEqual(['abcdefghij\u00e9']);
    expect(stats.problems).toEqual([]);
  });

  it('names the delimiter that splits the header into the mapped columns, in one problem', async () => {
    const rows = (d: string) => `${HEADER.replace(/,/g, d)}\nNorth${d}s1${d}1${d}1${d}1${d}0${d}1${d}0\n`;
    const cases: [string, ',' | ';' | '\t', string, string, string][] = [
      [rows(';'), ',', '";"', '","', '{"type":"csv","delimiter":";"}'],
      [rows('\t'), ',', 'a tab', '","', '{"type":"csv","delimiter":"\\t"}'],
      [rows(','), ';', '","', '";"', '{"type":"csv","delimiter":","}'],
      // Quoted names are recognised too.
      [`"${HEADER.replace(/,/g, '";"')}"\n`, ',', '";"', '","', '{"type":"csv","delimiter":";"}'],
    ];
    for (const [text, delimiter, right, wrong, format] of cases) {
      const problems = await problemsOf(
        table(text),
        MappingSchema.parse({ ...MAPPING, format: { type: 'csv', delimiter } }),
      );
      expect(problems.map((p) => [p.code, p.line, p.message, p.expected, p.hint])).toEqual([
        [
          'precinct-wrong-delimiter',
          1,
          `the header splits into the mapped columns at ${right}, not at the mapping's ${wrong}`,
          `columns separated by ${wrong}, as the mapping's "format" says`,
          `Set "format": ${format} in the table's mapping.`,
        ],
      ]);
    }
    // A header that another delimiter does not explain either: the columns it lacks, one by one.
    const problems = await problemsOf(table('region;station;registered\n'));
    expect(problems.map((p) => p.code)).toEqual(Array(8).fill('precinct-missing-column'));
  });

  it('says when a missing name may be an encoding problem, and lists at most 12 known columns', async () => {
    const m = MappingSchema.parse({ ...MAPPING, candidates: [{ id: 'ann', column: 'Ánn' }] });
    const latin1 = Buffer.from('region,station,registered,cast,valid,invalid,\u00c1nn\n', 'latin1');
    const [problem, ...rest] = await problemsOf(table(latin1), m);
    expect(rest).toEqual([]);
    expect(problem?.hint).toBe(
      'Known columns with a similar name: "\uFFFDnn". The header holds bytes that are not UTF-8 (shown as ' +
        '\uFFFD): if the file was saved in another encoding (Windows-1252, say), save it as UTF-8.',
    );
    const wide = Array.from({ length: 30 }, (_, i) => `x${i}`).join(',');
    const [first] = await problemsOf(table(`${wide}\n`));
    expect(first?.hint).toBe(
      `Known columns: ${Array.from({ length: 12 }, (_, i) => `"x${i}"`).join(', ')} ... (30 in all).`,
    );
  });

  it('throws when a mapped column appears twice in the header', async () => {
    const error = await read(table(`${HEADER},Ann\n`)).catch((e: unknown) => e);
    expect((error as InputError).problems.map((p) => p.code)).toEqual(['precinct-ambiguous-column']);
  });

  it('throws on an empty file and a missing file', async () => {
    for (const text of ['', '\uFEFF', '\n\n']) {
      const error = await read(table(text)).catch((e: unknown) => e);
      expect((error as InputError).problems.map((p) => p.code)).toEqual(['precinct-empty-file']);
    }
    const missing = await read(join(dir, 'nope.csv')).catch((e: unknown) => e);
    expect((missing as InputError).problems.map((p) => p.code)).toEqual(['file-not-found']);
  });

  it('reads a header-only file as a table with no units', async () => {
    for (const text of [HEADER, `${HEADER}\n`, `${HEADER}\r\n\r\n`]) {
      const { units, stats } = await read(table(text));
      expect(units).toEqual([]);
      expect(stats).toMatchObject({ rowsRead: 0, rowsUsed: 0, problemCount: 0 });
    }
  });

  it('keeps the first problems up to the cap and counts all', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => `North,s${i},x,1,1,0,1,0`);
    const { stats } = await read(table([HEADER, ...rows].join('\n')), MAPPING, { maxProblems: 100 });
    expect(stats.problems).toHaveLength(100);
    expect(stats.problemCount).toBe(150);
    expect(stats.problemsByCode).toEqual({ 'precinct-invalid-number': 150 });
    expect(stats.problems[99]?.line).toBe(101);
  });

  it('gives the same units and problems whatever the chunk size', async () => {
    const rows = Array.from({ length: 300 }, (_, i) =>
      i % 37 === 0
        ? `"Reg ""${i % 3}""",s${i % 250},100,NA,50,1,20,29`
        : `Reg ${i % 3},s${i % 250},100,60,50,1,20,29`,
    );
    const file = table(`\uFEFF${[HEADER, ...rows].join('\r\n')}`);
    const base = await read(file);
    expect(base.stats.duplicateIds).toBe(50);
    for (const chunkBytes of [1, 7, 64, 1000]) {
      const other = await read(file, MAPPING, { chunkBytes, batchRows: 17 });
      expect(other.units).toEqual(base.units);
      expect(brief(other.stats)).toEqual(brief(base.stats));
    }
  });

  it('joins composite ids and flags repeats of the whole id only', async () => {
    const mapping = MappingSchema.parse({
      ...MAPPING,
      id: { columns: ['region', 'station'], separator: '/' },
    });
    const { units, stats } = await read(
      table(`${HEADER}\nNorth,1,1,1,1,0,1,0\nSouth,1,1,1,1,0,1,0\nNorth,1,1,1,1,0,1,0\n`),
      mapping,
    );
    expect(units.map((u) => [u.id, u.duplicateOf])).toEqual([
      ['North/1', undefined],
      ['South/1', undefined],
      ['North/1', 2],
    ]);
    expect(stats.problems[0]?.message).toContain('"North/1" already appears on line 2');
  });

  it('reads independent counts aligned with the candidates', async () => {
    const mapping = MappingSchema.parse({
      ...MAPPING,
      independent: { kind: 'photoVerified', columns: [{ candidate: 'bob', column: 'Bob photo' }] },
    });
    const { units } = await read(
      table(`${HEADER},Bob photo\nNorth,s1,1000,600,590,10,400,190,201\n`),
      mapping,
    );
    expect(units[0]?.independent?.[0]).toBeNaN();
    expect(units[0]?.independent?.[1]).toBe(201);
  });

  it('reads semicolon-separated tables', async () => {
    const mapping = MappingSchema.parse({ ...MAPPING, format: { type: 'csv', delimiter: ';' } });
    const { units } = await read(table(`${HEADER.replaceAll(',', ';')}\nNorth;s1;10;6;5;1;3;2\n`), mapping);
    expect(units[0]?.votes).toEqual([3, 2]);
  });

  it('returns the stats as the generator value and yields column batches', async () => {
    const file = table(`${HEADER}\nNorth,s1,1000,600,590,10,400,190\nSouth,s2,800,NA,495,5,200,295\n`);
    const batches = readUnitBatches(file, MAPPING);
    const first = await batches.next();
    expect(first.done).toBe(false);
    if (first.done) return;
    const batch = first.value;
    expect(batch.size).toBe(2);
    expect(Array.from(batch.votes)).toEqual([400, 190, 200, 295]);
    expect(batch.counts.cast?.[1]).toBeNaN();
    expect(batch.counts.issued).toBeUndefined();
    expect([batch.id(1), batch.level(0, 1), batch.dictionaries[0]?.names]).toEqual([
      's2',
      'South',
      ['North', 'South'],
    ]);
    const last = await batches.next();
    expect(last).toMatchObject({ done: true, value: { rowsRead: 2, rowsUsed: 2 } });
  });
  describe('plain rows and others (the fast path and the builder)', () => {
    const rows = [
      'North,s1,1000,600,590,10,400,190',
      'North,s2,007,+1000, 12 ,-0,12.5,1',
      'Tiranë,s3,1,NA,1,0,1,0',
      '"Qarku ""Durrës""",s4,1,1,1,0,1,0',
      'Тирана,s5,1,1,1,0,1,0',
      'Тирана,s6,1,1,1,0,1234567890123456,1',
      '東京,s7,1,1,1,0,1,0',
    ];

    it('reads numbers as before: plain digits, and anything else through the general parsing', async () => {
      const file = table(`\uFEFF${[HEADER, ...rows].join('\r\n')}\r\n`);
      const { units, stats } = await read(file);
      expect(units.map((u) => [u.line, u.id, u.levels[0]])).toEqual([
        [2, 's1', 'North'],
        [3, 's2', 'North'],
        [4, 's3', 'Tiranë'],
        [5, 's4', 'Qarku "Durrës"'],
        [6, 's5', 'Тирана'],
        [7, 's6', 'Тирана'],
        [8, 's7', '東京'],
      ]);
      expect(units[1]?.counts).toEqual({
        registered: 7,
        issued: undefined,
        cast: 1000,
        valid: 12,
        invalid: -0,
      });
      expect(units[1]?.votes).toEqual([12.5, 1]);
      expect(units[2]?.counts.cast).toBeUndefined();
      expect(units[5]?.votes).toEqual([1234567890123456, 1]);
      expect(brief(stats)).toEqual([
        { code: 'precinct-missing-value', line: 4, column: 'cast', found: '"NA"' },
      ]);
      // Small chunks cut rows anywhere: the general path reads those, with the same results.
      for (const chunkBytes of [1, 5, 33, 64]) {
        const other = await read(file, MAPPING, { chunkBytes, batchRows: 3 });
        expect(other.units).toEqual(units);
        expect(other.stats).toEqual(stats);
      }
    });

    it('flags repeated ids whichever path read the first and the repeat', async () => {
      // s1 plain, then again with a missing value (builder); s2 with a missing value, then again plain.
      const text = [
        HEADER,
        'North,s1,1,1,1,0,1,0',
        'North,s2,1,NA,1,0,1,0',
        'North,s1,1,NA,1,0,1,0',
        'North,s2,1,1,1,0,1,0',
        'North,"s1",1,1,1,0,1,0',
      ].join('\n');
      const { units, stats } = await read(table(text));
      expect(units.map((u) => [u.id, u.duplicateOf])).toEqual([
        ['s1', undefined],
        ['s2', undefined],
        ['s1', 2],
        ['s2', 3],
        ['s1', 2],
      ]);
      expect(brief(stats).map((p) => [p.code, p.line])).toEqual([
        ['precinct-missing-value', 3],
        ['precinct-missing-value', 4],
        ['precinct-duplicate-id', 4],
        ['precinct-duplicate-id', 5],
        ['precinct-duplicate-id', 6],
      ]);
      expect(stats.duplicateIds).toBe(3);
      const unchecked = await read(table(text), MAPPING, { checkIds: false });
      expect(unchecked.units.every((u) => u.duplicateOf === undefined)).toBe(true);
    });

    it('rejects short and long rows and rows with an id or level missing, as the builder does', async () => {
      const text = [
        HEADER,
        'North,s1,1,1,1,0,1',
        'North,s2,1,1,1,0,1,0,9',
        ',s3,1,1,1,0,1,0',
        'North,NA,1,1,1,0,1,0',
        'North,s4,1,1,1,0,1,0',
      ].join('\n');
      const { units, stats } = await read(table(text));
      expect(units.map((u) => u.id)).toEqual(['s4']);
      expect(brief(stats).map((p) => [p.code, p.line])).toEqual([
        ['precinct-short-row', 2],
        ['precinct-long-row', 3],
        ['precinct-missing-level', 4],
        ['precinct-missing-id', 5],
      ]);
      expect(stats).toMatchObject({ rowsRead: 5, rowsUsed: 1, rowsRejected: 4 });
      expect(stats.missingCells).toEqual({ region: 1, station: 1 });
    });

    it('marks a batch plain when every row it holds was read as plain digits, on either thread', async () => {
      // Batches of two rows: plain, then one row each of the kinds the builder reads, then plain again. A
      // rejected row (s5, short) leaves its batch plain: it adds nothing.
      const text = [
        HEADER,
        'North,s1,1,1,1,0,1,0',
        'North,s2,7,5,5,0,3,2',
        'North,s3,1,1,1,0,1,0',
        'North,s4,1,-1,1,0,1,0', // negative: the builder
        'North,s5,1,1',
        'North,s6,1,1,1,0,1,0',
        'North,s7,1,1,1,0,1,2.5', // fractional
        'North,s8,1,NA,1,0,1,0', // missing
        'North,s9,1,1,1,0,"1",0', // quoted
        'North,s10,1,1,1,0,1,0',
        'North,s11,1,1,1,0,1,0',
        'North,s12,1,1,1,0,1,0',
      ].join('\n');
      const file = table(`${text}\n`);
      for (const threads of ['inline', 'worker'] as const) {
        const plain: [string[], boolean][] = [];
        for await (const b of readUnitBatches(file, MAPPING, { batchRows: 2, threads }))
          plain.push([Array.from({ length: b.size }, (_, i) => b.id(i)), b.plain]);
        expect(plain, threads).toEqual([
          [['s1', 's2'], true],
          [['s3', 's4'], false],
          [['s6', 's7'], false],
          [['s8', 's9'], false],
          [['s10', 's11'], true],
          [['s12'], true],
        ]);
      }
      // A last record without a line end goes through the general path; so does every row when a
      // missing-value marker is made of digits.
      const unended = [];
      for await (const b of readUnitBatches(table(text), MAPPING, { batchRows: 2 })) unended.push(b.plain);
      expect(unended).toEqual([true, false, false, false, true, false]);
      const digits = MappingSchema.parse({ ...MAPPING, missingValues: ['999'] });
      for await (const b of readUnitBatches(file, digits, { batchRows: 2 })) expect(b.plain).toBe(false);
    });
  });
});

describe('a missing-value marker made of digits', () => {
  it('means missing wherever it stands, on the fast and the general path alike', async () => {
    const mapping = MappingSchema.parse({ ...MAPPING, missingValues: ['', 'NA', '999'] });
    const rows = Array.from(
      { length: 40 },
      (_, i) => `R1,s${i},${i % 2 === 0 ? 999 : 100},60,50,1,20,${i % 3 === 0 ? '999' : 29}`,
    );
    const file = table([HEADER, ...rows].join('\n'));
    for (const threads of ['inline', 'worker'] as const) {
      const { units, stats } = await read(file, mapping, { threads });
      expect(units.map((u) => u.counts.registered)).toEqual(
        rows.map((_, i) => (i % 2 === 0 ? undefined : 100)),
      );
      expect(units.map((u) => u.votes[1])).toEqual(rows.map((_, i) => (i % 3 === 0 ? Number.NaN : 29)));
      expect(stats.missingCells).toEqual({ registered: 20, Bob: 14 });
    }
  });
});

describe('a candidate whose empty cells mean zero (emptyMeans "zero": not on the ballot there)', () => {
  // Ann runs in the North only: her cells are blank in the South. Bob's blanks stay missing.
  const zero = (extra: object = {}) =>
    MappingSchema.parse({
      ...MAPPING,
      candidates: [
        { id: 'ann', column: 'Ann', emptyMeans: 'zero' },
        { id: 'bob', column: 'Bob' },
      ],
      ...extra,
    });
  const text = [
    HEADER,
    'North,s1,10,6,5,1,3,2', // plain: the fast path
    'South,s2,10,6,5,1,,5', // empty: 0 votes
    'South,s3,10,6,5,1," ",5', // blank: 0 votes
    'South,s4,10,6,5,1,NA,5', // a listed missing value stays missing
    'North,s5,10,6,5,1,3,', // Bob's empty cell: missing
    'South,s6,10,6,5,1,x,5', // not a number: rejected as before
  ].join('\n');

  it('reads an empty cell as 0 votes and counts it by candidate; NA, other candidates and bad text as before', async () => {
    const { units, stats } = await read(table(text), zero());
    expect(units.map((u) => [u.id, ...u.votes])).toEqual([
      ['s1', 3, 2],
      ['s2', 0, 5],
      ['s3', 0, 5],
      ['s4', Number.NaN, 5],
      ['s5', 3, Number.NaN],
    ]);
    expect(brief(stats)).toEqual([
      { code: 'precinct-missing-value', line: 5, column: 'Ann', found: '"NA"' },
      { code: 'precinct-missing-value', line: 6, column: 'Bob', found: '""' },
      { code: 'precinct-invalid-number', line: 7, column: 'Ann', found: '"x"' },
    ]);
    expect(stats).toMatchObject({
      rowsRead: 6,
      rowsUsed: 5,
      rowsRejected: 1,
      missingCells: { Ann: 1, Bob: 1 },
      cellsReadAsZero: { ann: 2 },
    });
  });

  it('reads the same without the option as missing values, and counts none read as zero', async () => {
    const { units, stats } = await read(table(text));
    expect(units.map((u) => u.votes[0])).toEqual([3, Number.NaN, Number.NaN, Number.NaN, 3]);
    expect(stats.missingCells).toEqual({ Ann: 3, Bob: 1 });
    expect(stats.cellsReadAsZero).toEqual({});
  });

  it('reads an empty cell as 0 when "" is not a missing value, and with a marker made of digits', async () => {
    const rows = `${HEADER}\nSouth,s1,10,6,5,1,,5\nSouth,s2,10,6,5,1,999,5\nNorth,s3,10,6,5,1,3,\n`;
    const listed = await read(table(rows), zero({ missingValues: ['NA'] }));
    expect(listed.units.map((u) => [u.id, ...u.votes])).toEqual([
      ['s1', 0, 5],
      ['s2', 999, 5],
    ]);
    expect(brief(listed.stats).map((p) => [p.code, p.line, p.column])).toEqual([
      ['precinct-invalid-number', 4, 'Bob'],
    ]);
    expect(listed.stats.cellsReadAsZero).toEqual({ ann: 1 });
    const digits = await read(table(rows), zero({ missingValues: ['', '999'] }));
    expect(digits.units.map((u) => [u.id, ...u.votes])).toEqual([
      ['s1', 0, 5],
      ['s2', Number.NaN, 5],
      ['s3', 3, Number.NaN],
    ]);
    expect(digits.stats.cellsReadAsZero).toEqual({ ann: 1 });
    expect(digits.stats.missingCells).toEqual({ Ann: 1, Bob: 1 });
  });
});

describe('counters keyed by names from the table', () => {
  it('count a column named like an inherited property (constructor, __proto__) as any other', async () => {
    const mapping = MappingSchema.parse({
      ...MAPPING,
      candidates: [
        { id: 'constructor', column: 'constructor', emptyMeans: 'zero' },
        { id: 'proto', column: '__proto__' },
      ],
    });
    const text = [
      'region,station,registered,cast,valid,invalid,constructor,__proto__',
      'North,s1,10,6,5,1,,NA',
      'North,s2,10,6,5,1,,',
    ].join('\n');
    const { stats } = await read(table(text), mapping);
    expect({ ...stats.missingCells }).toEqual({ ['__proto__']: 2 });
    expect(Object.keys(stats.missingCells)).toEqual(['__proto__']);
    expect({ ...stats.cellsReadAsZero }).toEqual({ constructor: 2 });
  });
});
