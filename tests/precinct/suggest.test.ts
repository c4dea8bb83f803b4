/** Drafting a mapping from a header and a few rows, with a note on each guess. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { InputError } from '../../src/load/errors.js';
import { readSample, sniffLayout } from '../../src/precinct/sample.js';
import { normalizeName, readsLikeTotals, slugId, suggestMapping } from '../../src/precinct/suggest.js';
import { MappingSchema } from '../../src/schema/mapping.js';

const parties = Array.from({ length: 66 }, (_, i) => `C${String(i + 7).padStart(3, '0')}`);
const ALBANIA_HEADER = ['', 'Prefectures', 'Communes', 'Precincts', 'Ballots', 'Registered', ...parties];
/** Rows shaped like the Albania table (invented numbers): an index, names, numbers and an NA. */
const albaniaRows = Array.from({ length: 30 }, (_, i) => [
  String(i + 1),
  i < 20 ? 'SHKODER' : 'KUKES',
  i < 10 ? 'SHKODER_GRUEMIRE' : 'KUKES_BICAJ',
  String((i % 10) + 1),
  String(300 + i),
  String(600 + i),
  ...parties.map((_, c) => (i === 4 && c === 3 ? 'NA' : String((i * c) % 50))),
]);

describe('suggestMapping', () => {
  it('drafts the Albania mapping', () => {
    const { mapping, notes } = suggestMapping(ALBANIA_HEADER, albaniaRows);
    expect(mapping.id).toEqual({ columns: ['Prefectures', 'Communes', 'Precincts'], separator: '/' });
    expect(mapping.levels).toEqual([
      { name: 'prefecture', column: 'Prefectures' },
      { name: 'commune', column: 'Communes' },
    ]);
    expect(mapping.counts).toEqual({ registered: 'Registered', cast: 'Ballots' });
    expect(mapping.candidates.map((c) => c.column)).toEqual(parties);
    expect(mapping.candidates[0]).toEqual({ id: 'c007', column: 'C007' });
    expect(mapping.missingValues).toEqual(['', 'NA']);
    expect(notes).toContain('Skipped column 1 (unnamed): a row index.');
    expect(notes.some((n) => n.startsWith('id: "Prefectures" + "Communes" + "Precincts"'))).toBe(true);
    expect(notes.at(-1)).toContain('issued, valid, invalid');
    expect(MappingSchema.safeParse(mapping).success).toBe(true);
  });

  it('recognises French, Spanish, German and Russian headers', () => {
    const header = [
      'Département',
      'Code du bureau',
      'Inscrits',
      'Votants',
      'Blancs',
      'Nuls',
      'Exprimés',
      '% Votants',
      'LE PEN',
      'MACRON',
    ];
    const row = ['Ain', '0001', '1000', '700', '10', '5', '685', '70.00', '300', '385'];
    const { mapping, notes } = suggestMapping(header, [row, [...row.slice(0, 1), '0002', ...row.slice(2)]]);
    // Zero-padded codes unique in the sample: taken as national ids.
    expect(mapping.id.columns).toEqual(['Code du bureau']);
    expect(mapping.levels).toEqual([{ name: 'department', column: 'Département' }]);
    expect(mapping.counts).toEqual({
      registered: 'Inscrits',
      cast: 'Votants',
      invalid: 'Nuls',
      valid: 'Exprimés',
    });
    expect(mapping.candidates).toEqual([
      { id: 'le-pen', column: 'LE PEN', name: 'LE PEN' },
      { id: 'macron', column: 'MACRON' },
    ]);
    expect(notes.some((n) => n.includes('"Blancs"'))).toBe(true);
    expect(notes.some((n) => n.includes('"% Votants"') && n.includes('share'))).toBe(true);

    const spanish = suggestMapping(
      ['Provincia', 'Mesa', 'Electores', 'Votantes', 'Válidos', 'Nulos', 'PSOE'],
      [['Madrid', 'A-1', '500', '300', '290', '10', '290']],
    ).mapping;
    expect(spanish.counts).toEqual({
      registered: 'Electores',
      cast: 'Votantes',
      valid: 'Válidos',
      invalid: 'Nulos',
    });
    expect(spanish.levels).toEqual([{ name: 'province', column: 'Provincia' }]);

    const german = suggestMapping(
      ['Wahlbezirk', 'Wahlberechtigte', 'Wähler', 'Ungültige', 'Gültige', 'CDU'],
      [['101', '900', '600', '6', '594', '300']],
    ).mapping;
    expect(german.counts).toEqual({
      registered: 'Wahlberechtigte',
      cast: 'Wähler',
      invalid: 'Ungültige',
      valid: 'Gültige',
    });

    const russian = suggestMapping(
      ['Область', 'УИК', 'Число избирателей', 'Недействительных', 'Действительных', 'Путин'],
      [['Москва', '1', '2000', '10', '1200', '900']],
    ).mapping;
    expect(russian.levels).toEqual([{ name: 'region', column: 'Область' }]);
    expect(russian.counts).toEqual({
      registered: 'Число избирателей',
      invalid: 'Недействительных',
      valid: 'Действительных',
    });
    expect(russian.id.columns).toEqual(['Область', 'УИК']);
  });

  it('composes the id with the levels when unit numbers look local', () => {
    const header = ['region', 'station', 'A'];
    expect(
      suggestMapping(header, [
        ['N', '1', '5'],
        ['N', '2', '6'],
      ]).mapping.id.columns,
    ).toEqual(['region', 'station']);
    expect(
      suggestMapping(header, [
        ['N', 'X-1', '5'],
        ['S', 'X-1', '6'],
      ]).mapping.id.columns,
    ).toEqual(['region', 'station']);
    expect(
      suggestMapping(header, [
        ['N', '00001', '5'],
        ['N', '00002', '6'],
      ]).mapping.id.columns,
    ).toEqual(['station']);
  });

  it('says what it could not find', () => {
    const { mapping, notes } = suggestMapping(['name', 'comment'], [['a', 'b']]);
    expect(mapping.candidates).toEqual([]);
    expect(notes).toContain('No candidate columns found: add them to "candidates".');
    expect(notes.some((n) => n.startsWith('No column looks like a unit id'))).toBe(true);
  });

  it('sets the thousands separator the counts group with, and reads them as counts', () => {
    const header = ['code', 'station', 'registered', 'cast', 'share', 'A', 'B'];
    const rows = (sep: string) => [
      ['01.001', '1', `1${sep}204`, '987', '52.10', `1${sep}000`, '3'],
      ['01.002', '2', `2${sep}500`, `1${sep}100`, '47.90', '400', `12${sep}345`],
    ];
    for (const [sep, declared] of [
      [',', ','],
      [' ', ' '],
      ['\u00a0', ' '],
      ["'", "'"],
    ] as const) {
      const { mapping, notes } = suggestMapping(header, rows(sep));
      expect(mapping.thousandsSeparator, JSON.stringify(sep)).toBe(declared);
      expect(mapping.counts).toEqual({ registered: 'registered', cast: 'cast' });
      expect(mapping.candidates.map((c) => c.column)).toEqual(['A', 'B']);
      expect(notes[0]).toMatch(/^thousandsSeparator: /);
      expect(MappingSchema.safeParse(mapping).success).toBe(true);
    }
    // "01.001" is a code (a leading zero) and "52.10" a decimal point: no '.' separator, and none at all here.
    const plain = suggestMapping(header, rows(''));
    expect(plain.mapping.thousandsSeparator).toBeUndefined();
    // A decimal comma rules the comma out.
    const decimal = suggestMapping(['station', 'A', 'B'], [['1', '1,204', '0,5']]);
    expect(decimal.mapping.thousandsSeparator).toBeUndefined();
    const dots = suggestMapping(['station', 'A', 'B'], [['1', '1.204', '12.345.678']]);
    expect(dots.mapping.thousandsSeparator).toBe('.');
    // An empty cell contradicts no separator.
    const spaces = suggestMapping(
      ['station', 'A', 'B'],
      [
        ['1', '1 204', ''],
        ['2', '', '12 345'],
      ],
    );
    expect(spaces.mapping.thousandsSeparator).toBe(' ');
  });

  it('notes rows whose id or first cell reads like a totals label: a grand total last, subtotals among the rows', () => {
    const total = ['', 'TOTAL', 'TOTAL', 'TOTAL', '9000', '18000', ...parties.map(() => '100')];
    const { notes } = suggestMapping(ALBANIA_HEADER, [...albaniaRows, total]);
    expect(notes.filter((n) => n.includes('totals row'))).toEqual([
      'Data row 31 reads like a totals row ("TOTAL" in "Prefectures"): the audit reads a totals or subtotal ' +
        'row as one more polling station, which doubles every figure above it. Remove such rows from the table ' +
        '(the audit finds those that hold the sum of the others: rule table-has-no-totals-row).',
    ]);
    // A subtotal in the unit's column, among the rows; the last note still names the counts not found.
    const sub = albaniaRows.map((r, i) =>
      i % 10 === 9 ? [...r.slice(0, 3), 'Total commune', ...r.slice(4)] : r,
    );
    const drafted = suggestMapping(ALBANIA_HEADER, sub).notes;
    expect(drafted.find((n) => n.includes('totals row'))).toMatch(
      /^Data row 10 reads like a totals row \("Total commune" in "Precincts"\) \(and 2 more of the 30 rows looked at\)/,
    );
    expect(drafted.at(-1)).toContain('issued, valid, invalid');
    expect(suggestMapping(ALBANIA_HEADER, albaniaRows).notes.some((n) => n.includes('totals row'))).toBe(
      false,
    );
  });

  it('recognises Georgian, Arabic, Ukrainian and more German and Russian headers; cancelled ballots are not cast', () => {
    const georgian = suggestMapping(
      ['ოლქი', 'უბანი', 'ამომრჩეველთა რაოდენობა', 'მონაწილეობა', 'ქართული ოცნება', 'ლეიბორისტები'],
      [['Tbilisi', 'T-1', '678', '374', '133', '113']],
    ).mapping;
    expect(georgian.counts).toEqual({ registered: 'ამომრჩეველთა რაოდენობა', cast: 'მონაწილეობა' });
    expect(georgian.levels).toEqual([{ name: 'district', column: 'ოლქი' }]);
    expect(georgian.id.columns).toEqual(['უბანი']);
    expect(georgian.candidates.map((c) => c.column)).toEqual(['ქართული ოცნება', 'ლეიბორისტები']);

    const arabic = suggestMapping(
      [
        'المحافظة',
        'رقم المحطة',
        'عدد الناخبين المسجلين',
        'عدد المقترعين',
        'الأوراق الباطلة',
        'حزب أ',
        'حزب ب',
      ],
      [['Baghdad', '101', '682', '345', '4', '133', '95']],
    ).mapping;
    expect(arabic.counts).toEqual({
      registered: 'عدد الناخبين المسجلين',
      cast: 'عدد المقترعين',
      invalid: 'الأوراق الباطلة',
    });
    expect(arabic.levels).toEqual([{ name: 'governorate', column: 'المحافظة' }]);
    expect(arabic.id.columns).toEqual(['المحافظة', 'رقم المحطة']);
    expect(arabic.candidates.map((c) => c.column)).toEqual(['حزب أ', 'حزب ب']);

    const ukrainian = suggestMapping(
      [
        'Область',
        'Номер виборчої дільниці',
        'Кількість виборців, внесених до списку',
        'Кількість виборців, які отримали бюлетені',
        'Кількість виборців, які взяли участь у голосуванні',
        'Недійсні бюлетені',
        'Кількість погашених бюлетенів',
        'Іваненко',
      ],
      [['Київська', '320001', '900', '600', '598', '8', '300', '590']],
    );
    expect(ukrainian.mapping.counts).toEqual({
      registered: 'Кількість виборців, внесених до списку',
      issued: 'Кількість виборців, які отримали бюлетені',
      cast: 'Кількість виборців, які взяли участь у голосуванні',
      invalid: 'Недійсні бюлетені',
    });
    expect(ukrainian.mapping.id.columns).toEqual(['Номер виборчої дільниці']);
    expect(ukrainian.mapping.candidates.map((c) => c.column)).toEqual(['Іваненко']);
    expect(ukrainian.notes).toContain(
      'Skipped "Кількість погашених бюлетенів": cancelled, unused or lost ballots, which no field of "counts" ' +
        'holds (it is not ballots cast).',
    );

    // "Wahllokal" (polling station) is the unit, not a candidate; "Bezirk" a level; "Wahlbeteiligung" a rate.
    const german = suggestMapping(
      ['Bezirk', 'Gemeinde', 'Wahllokal', 'Wahlberechtigte', 'Wähler', 'Wahlbeteiligung', 'PS'],
      [['Nord', 'A', '1', '900', '600', '66', '300']],
    ).mapping;
    expect(german.levels).toEqual([
      { name: 'district', column: 'Bezirk' },
      { name: 'commune', column: 'Gemeinde' },
    ]);
    expect(german.id.columns).toEqual(['Bezirk', 'Gemeinde', 'Wahllokal']);
    expect(german.candidates.map((c) => c.column)).toEqual(['PS']);

    // Cancelled and unused ballots are no count of the mapping; those who took part are ballots cast, not a unit.
    const russian = suggestMapping(
      [
        'УИК',
        'Число избирателей, внесенных в список',
        'Число избирателей, принявших участие в голосовании',
        'Число погашенных бюллетеней',
        'Число неиспользованных бюллетеней',
        'Доля',
        'Долина',
      ],
      [['1', '2000', '1200', '40', '10', '60.5', '700']],
    );
    expect(russian.mapping.counts).toEqual({
      registered: 'Число избирателей, внесенных в список',
      cast: 'Число избирателей, принявших участие в голосовании',
    });
    expect(russian.mapping.id.columns).toEqual(['УИК']);
    expect(russian.mapping.candidates.map((c) => c.column)).toEqual(['Долина']);
    expect(russian.notes.filter((n) => n.includes('cancelled, unused or lost'))).toHaveLength(2);
  });

  it('takes unrecognised columns for candidates when there are no rows', () => {
    const { mapping } = suggestMapping(['station', 'registered', 'A', 'B'], []);
    expect(mapping.candidates.map((c) => c.id)).toEqual(['a', 'b']);
  });
});

describe('name helpers', () => {
  it('reads totals labels in the languages of exports, alone or with a name first or last', () => {
    for (const label of [
      'TOTAL',
      'Totals',
      'Grand Total',
      'Sub-total',
      'ИТОГО',
      'Всего по району',
      'Insgesamt',
      'Totaal',
      'Totale',
      'Total général',
      'SUMA',
      'Razem',
      'Celkem',
      'Összesen',
      'Toplam',
      'Jami',
      'Gjithsej',
      'Ukupno',
      'Σύνολο',
      'ΣΥΝΟΛΟ',
      '合计',
      '总计:',
      'Kashar total',
      'Total: N1',
    ])
      expect(readsLikeTotals(label), label).toBe(true);
    for (const name of ['', '0001', 'Totalni', 'SHKODER', 'Station total 3', 'Kashar']) {
      expect(readsLikeTotals(name), name).toBe(false);
    }
  });

  it.each([
    ['Électeurs_inscrits', 'electeurs inscrits'],
    ['Votes-Cast', 'votes cast'],
  ])('normalizeName(%j)', (name, expected) => expect(normalizeName(name)).toBe(expected));
  it.each([
    ['C007', 'c007'],
    ['Parti Socialiste (PS)', 'parti-socialiste-ps'],
    ['---', ''],
  ])('slugId(%j)', (name, expected) => expect(slugId(name)).toBe(expected));
  it.each([
    ['a,b,c', ','],
    ['a;b;c', ';'],
    ['a\tb\tc', '\t'],
    ['"x;y",b,c', ','],
    ['single', ','],
  ])('sniffLayout(%j).delimiter', (line, expected) => expect(sniffLayout(line).delimiter).toBe(expected));
  it.each([
    ['region;station;A\nN;1;5\nS;2;6\n', ';', 1],
    ['Results of the election, final\n\nregion;station;A\nN;1;5\nS;2;6\nE;3;7\n', ';', 3],
    ['Table 1\nregion,station,A,B\nN,1,5,6\nS,2,6,7\n', ',', 2],
    ['"Source: CEC; 8 February"\nregion\tstation\tA\nN\t1\t5\n', '\t', 2],
    ['Table 2\nregion,station,A,B,\nN,1,5,6\nS,2,6,7\nE,3,7,8\n', ',', 2],
    // A spreadsheet pads its title and blank rows with delimiters to the table's width.
    ['Elecciones 2024;;;;\r\n;;;;\r\nRegi\u00f3n;Mesa;A;B;C\r\nN;1;2;3;4\r\nS;2;3;4;5\r\n', ';', 3],
  ])('sniffLayout(%j)', (head, delimiter, headerLine) =>
    expect(sniffLayout(head)).toEqual({ delimiter, headerLine }),
  );
});

describe('readSample', () => {
  it('reads the head of CSV and NDJSON tables and guesses their format', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tallycheck-sample-'));
    try {
      writeFileSync(join(dir, 'a.csv'), '\uFEFFregion;station;"A;B"\r\nN;1;5\r\nS;2;6\r\nE;3;7\r\n');
      expect(await readSample(join(dir, 'a.csv'), 2)).toEqual({
        format: { type: 'csv', delimiter: ';' },
        header: ['region', 'station', 'A;B'],
        rows: [
          ['N', '1', '5'],
          ['S', '2', '6'],
        ],
      });
      writeFileSync(join(dir, 'b.ndjson'), '{"station":"1","A":5,"note":null}\n{"station":"2","A":6}');
      expect(await readSample(join(dir, 'b.ndjson'))).toEqual({
        format: { type: 'ndjson' },
        header: ['station', 'A', 'note'],
        rows: [
          ['1', '5', ''],
          ['2', '6', ''],
        ],
      });
      const missing = await readSample(join(dir, 'none.csv')).catch((e: unknown) => e);
      expect((missing as InputError).problems[0]?.code).toBe('file-not-found');
      // A title above the header: skipped, and said in the format.
      writeFileSync(join(dir, 't.csv'), 'Results by station\n\nregion;station;A\nN;1;5\nS;2;6\n');
      const titled = await readSample(join(dir, 't.csv'));
      expect(titled).toEqual({
        format: { type: 'csv', delimiter: ';', headerLine: 3 },
        header: ['region', 'station', 'A'],
        rows: [
          ['N', '1', '5'],
          ['S', '2', '6'],
        ],
      });
      expect(suggestMapping(titled.header, titled.rows, titled.format).notes[0]).toBe(
        'format.headerLine: 3; the lines above the header (a title, notes) are skipped.',
      );
      // A table in Windows-1252: its first line that is not UTF-8.
      writeFileSync(join(dir, 'w.csv'), Buffer.from('region;station;P\u00e9rez\nN;1;5\n', 'latin1'));
      expect((await readSample(join(dir, 'w.csv'))).notUtf8Line).toBe(1);
      expect((await readSample(join(dir, 't.csv'))).notUtf8Line).toBeUndefined();
      // A compressed table is named as such, not drafted from its bytes.
      writeFileSync(join(dir, 'c.csv.gz'), gzipSync('region,station\nN,1\n'));
      const gz = await readSample(join(dir, 'c.csv.gz')).catch((e: unknown) => e);
      expect((gz as InputError).problems.map((p) => [p.code, p.message])).toEqual([
        ['precinct-not-text', 'the table is gzip-compressed data, not text'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
