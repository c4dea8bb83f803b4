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

  it('notes a total or an id drafted as a candidate, and a count below the votes, from the sample', () => {
    // Georgian-shaped numbers under names no pattern reads: registered voters and ballots cast are candidates.
    const rows = Array.from({ length: 40 }, (_, i) => {
      const votes = [60 + ((i * 37) % 90), 50 + ((i * 53) % 70), 10 + ((i * 11) % 30)];
      const cast = votes.reduce((a, b) => a + b, 0) + (i % 4);
      return [`S-${i + 1}`, String(2 * cast + 50 - (i % 3) * 60), String(cast), ...votes.map(String)];
    });
    const { mapping, notes } = suggestMapping(['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6'], rows);
    expect(mapping.candidates.map((c) => c.column)).toEqual(['Q2', 'Q3', 'Q4', 'Q5', 'Q6']);
    const totals = notes.filter((n) => n.includes('is at least the sum'));
    expect(totals.map((n) => n.slice(0, 13))).toEqual(['Candidate "Q2', 'Candidate "Q3']);
    expect(totals[1]).toBe(
      `Candidate "Q3" is at least the sum of the 3 other candidate columns' votes in 40 of 40 rows (data row 1: ` +
        `${rows[0]?.[2]}, the others ${Number(rows[0]?.[2])}): it is likely registered voters, ballots or another ` +
        'total, not a candidate (or a candidate with more than half the votes nearly everywhere). Check its ' +
        'header: move it to "counts" or drop it from "candidates".',
    );
    // Two leading parties each top the sum of the small ones, but not each other: no note.
    const parties = rows.map((r) => [r[0] as string, String(300 - Number(r[3])), ...r.slice(3)]);
    expect(
      suggestMapping(['station', 'A', 'B', 'C', 'D'], parties).notes.some((n) =>
        n.includes('at least the sum'),
      ),
    ).toBe(false);

    // A station number among the candidates: distinct, and rising row by row but where it skips back.
    const numbered = rows.map((r, i) => [r[0] as string, String(i === 20 ? 3 : 10 * i + 1), ...r.slice(3)]);
    const id = suggestMapping(['code', 'Lokal', 'A', 'B', 'C'], numbered).notes;
    expect(id).toContain(
      'Candidate "Lokal" has a different value in 40 of 40 rows and is higher than the row before in 38 of 39: ' +
        'it is likely an id or a polling-station number, not votes. Check its header: if so, make it (part of) ' +
        '"id" and drop it from "candidates".',
    );

    // "Ballots" holds the cancelled ones: below the votes in every row.
    const cancelled = rows.map((r, i) => [r[0] as string, r[1] as string, String(i % 50), ...r.slice(3)]);
    const low = suggestMapping(['station', 'registered', 'Ballots', 'A', 'B', 'C'], cancelled);
    expect(low.mapping.counts).toEqual({ registered: 'registered', cast: 'Ballots' });
    expect(low.notes.find((n) => n.startsWith('counts.cast'))).toMatch(
      /^counts\.cast "Ballots" is below the sum of the candidates' votes in 40 of 40 rows \(data row 1: 0, the votes \d+\): ballots cast cannot be fewer than the votes they hold/,
    );
    // None of these notes on a table that holds up (its ballots exceed the votes in 30 of 40 rows).
    const plain = suggestMapping(['station', 'registered', 'cast', 'A', 'B', 'C'], rows);
    expect(
      plain.notes.filter((n) => /at least the sum|an id or|below the sum|equals the sum/.test(n)),
    ).toEqual([]);

    // "Ballots" equal to the votes in most rows, and no valid or invalid count: maybe valid votes (Albania 2013).
    const same = rows.map((r, i) => {
      const votes = r.slice(3).map(Number);
      const sum = votes.reduce((a, b) => a + b, 0) + (i % 8 === 0 ? 2 : 0);
      return [r[0] as string, r[1] as string, String(sum), ...r.slice(3)];
    });
    const equal = suggestMapping(['station', 'registered', 'Ballots', 'A', 'B', 'C'], same);
    expect(equal.notes.filter((n) => n.includes('equals the sum'))).toEqual([
      `counts.cast "Ballots" equals the sum of the candidates' votes in 35 of 40 rows: either no ballot was ` +
        'invalid there, or the column counts valid votes rather than all ballots cast. Check its header and the ' +
        'source: if it holds valid votes, map it as counts.valid; map a column of invalid ballots, if the table has ' +
        'one, as counts.invalid.',
    ]);
    // With the invalid ballots in a column of their own, the equality says nothing.
    const withInvalid = same.map((r) => [...r.slice(0, 3), '0', ...r.slice(3)]);
    const mapped = suggestMapping(
      ['station', 'registered', 'Ballots', 'invalid', 'A', 'B', 'C'],
      withInvalid,
    );
    expect(mapped.mapping.counts).toMatchObject({ cast: 'Ballots', invalid: 'invalid' });
    expect(mapped.notes.some((n) => n.includes('equals the sum'))).toBe(false);
  });

  it('does not map a count-named column of percentages with decimals, such as a turnout', () => {
    const rows = Array.from({ length: 8 }, (_, i) => [String(i + 1), '900', `${40 + i},5`, '300', '200']);
    const { mapping, notes } = suggestMapping(['station', 'registered', 'Turnout', 'A', 'B'], rows);
    expect(mapping.counts).toEqual({ registered: 'registered' });
    expect(notes).toContain(
      'Skipped "Turnout": named like cast, but its values are between 0 and 100 with decimals ("40,5", ' +
        '"41,5", "42,5"), like a turnout or a share in percent, not a count. Map the column with the number of ' +
        'cast by hand.',
    );
  });

  it('notes a long table, one row per station and party, with a pivot naming its columns', () => {
    const parties = ['PS', 'PD', 'LSI', 'PR'];
    const rows = Array.from({ length: 10 }, (_, s) =>
      parties.map((p, k) => [
        'North',
        String(s + 1),
        String(600 + s),
        String(400 + s),
        p,
        String(50 * k + s),
      ]),
    ).flat();
    const header = ['region', 'station', 'registered', 'ballots cast', 'party', 'votes'];
    const { mapping, notes } = suggestMapping(
      header,
      rows,
      { type: 'csv', delimiter: ';' },
      { file: 'x/long.csv' },
    );
    expect(mapping.candidates.map((c) => c.column)).toEqual(['votes']);
    expect(notes.find((n) => n.startsWith('The table looks long'))).toBe(
      'The table looks long, one row per polling station and party: the id ("region" + "station") repeats over ' +
        'consecutive rows (10 runs, 40 of the 40 rows looked at) and "party" (4 values) changes within each run. ' +
        'tallycheck reads one row per polling station with one column per candidate: drafted as it is, "votes" ' +
        'is one candidate and each station is read once per row, so the audit reports repeated ids. Pivot the ' +
        "table and draft again, with DuckDB: COPY (PIVOT read_csv('x/long.csv', delim = ';') ON \"party\" USING " +
        'sum("votes") GROUP BY "region", "station", "registered", "ballots cast") TO \'x/long-wide.csv\'; or ' +
        'with pandas: pd.read_csv("x/long.csv", dtype={"region": str, "station": str}, sep=";").pivot_table(' +
        'index=["region", "station", "registered", "ballots cast"], columns="party", values="votes", ' +
        'aggfunc="sum").reset_index().to_csv("x/long-wide.csv", index=False)',
    );
    // A wide table whose id repeats (the level only) and whose station names change within it: not long.
    const wide = Array.from({ length: 20 }, (_, i) => [i < 10 ? 'North' : 'South', `Station ${i}`, '5', '7']);
    expect(
      suggestMapping(['region', 'name', 'A', 'B'], wide).notes.some((n) => n.includes('looks long')),
    ).toBe(false);
  });

  it('notes candidate columns that add up to 100 in each row: shares, not votes', () => {
    const shares = [
      [39, 28, 33],
      [80, 16, 4],
      [86, 8, 6],
      [62, 29, 8],
      [50, 25, 25],
      [34, 33, 33],
    ];
    const header = ['station_code', 'registered', 'voted', 'PS', 'PD', 'LSI'];
    const whole = suggestMapping(
      header,
      shares.map((r, i) => [`0000${i + 1}`, '678', String(341 + i), ...r.map(String)]),
    );
    expect(whole.mapping.candidates.map((c) => c.column)).toEqual(['PS', 'PD', 'LSI']);
    expect(whole.notes).toContain(
      'The candidate columns "PS", "PD", "LSI" add up to about 100 in 6 of 6 rows (data row 1: 39 + 28 + 33 = ' +
        '100), and counts.cast "voted" is much larger: the table likely holds each candidate\'s share in ' +
        'percent, not votes. The audit adds votes up and compares them with the counts, which shares cannot ' +
        'be: find the table with the number of votes per candidate.',
    );
    const decimals = suggestMapping(
      header,
      shares.map((r, i) => [
        `0000${i + 1}`,
        '678',
        '341',
        ...r.map((v, k) => (k === 0 ? `${v}.25` : `${v}.00`)),
      ]),
    );
    expect(decimals.mapping.candidates).toEqual([]);
    expect(
      decimals.notes.find((n) => n.startsWith('The columns of decimals "PS", "PD", "LSI" add up')),
    ).toMatch(/in 6 of 6 rows \(data row 1: 39\.25 \+ 28\.00 \+ 33\.00 = 100\.25\)/);
    // Small stations whose votes add up to about 100, as many as voted: counts.
    const small = suggestMapping(
      header,
      shares.map((r, i) => [`0000${i + 1}`, '150', '101', ...r.map(String)]),
    );
    expect(small.notes.some((n) => n.includes('add up to about 100'))).toBe(false);
  });

  it('leaves out the columns of a repeated name, and says why a column is skipped when empty in the sample', () => {
    const rows = Array.from({ length: 6 }, (_, i) => [
      `0000${i + 1}`,
      '678',
      '341',
      '133',
      '95',
      '113',
      '',
      '9',
    ]);
    const { mapping, notes } = suggestMapping(
      ['station_code', 'registered', 'voted', 'Votes', 'Votes', 'Votes', 'Local South', 'Other'],
      rows,
    );
    expect(mapping.candidates).toEqual([{ id: 'other', column: 'Other' }]);
    expect(MappingSchema.safeParse(mapping).success).toBe(true);
    expect(notes).toContain(
      'Columns 4, 5 and 6 are all named "Votes": a mapping names each column by its header, and the audit ' +
        'refuses a name it finds twice, so none of them is in the draft. Give each its own name in the header ' +
        "(the candidate's, say) and draft again, or map them by hand after renaming.",
    );
    expect(notes).toContain(
      'Skipped "Local South": empty in the first 6 rows (a party on the ballot in some regions only?). If it ' +
        'holds votes further down, add it to "candidates", or draft again with a larger sample (--rows 100000).',
    );
    // A repeated name is left out wherever it would go: two "Precinct" columns, the id is found elsewhere.
    const twice = suggestMapping(['Precinct', 'Precinct', 'Region', 'A', 'B'], [['1', '1', 'N', '5', '6']]);
    expect(twice.mapping.id.columns).toEqual(['Region']);
    expect(MappingSchema.safeParse(twice.mapping).success).toBe(true);
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
      // A gzip table is drafted from its text; what is inside is judged as a table would be.
      writeFileSync(join(dir, 'c.csv.gz'), gzipSync('region,station\nN,1\n'));
      expect((await readSample(join(dir, 'c.csv.gz'))).header).toEqual(['region', 'station']);
      writeFileSync(join(dir, 'p.pdf.gz'), gzipSync('%PDF-1.7\nregion,station\n'));
      const gz = await readSample(join(dir, 'p.pdf.gz')).catch((e: unknown) => e);
      expect((gz as InputError).problems.map((p) => [p.code, p.message])).toEqual([
        ['precinct-not-text', 'the table is a PDF document, not text'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
