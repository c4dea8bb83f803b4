/** Drafts a mapping from a precinct table's header and a few rows, with notes on every guess it made. */
import type { CountField, Level, Mapping, TableFormat } from '../schema/mapping.js';
import { plausibilityNotes } from './plausible.js';
import { groupedNumber, THOUSANDS_SEPARATORS, ungrouped } from './thousands.js';

/** A drafted mapping (for the user to check and edit) and what was guessed, one note per decision. */
export interface SuggestedMapping {
  mapping: Mapping;
  notes: string[];
}

type Role = CountField | 'blank' | 'share' | 'unused';

/**
 * Count columns by name, in the order they are tried: "invalid" before "valid", "votants" (French: those
 * who voted) and "Wähler" (German: voters who voted) before the generic "voters" (on the register); cancelled,
 * unused and lost ballots ("погашенных бюллетеней") before any other ballots. Words in scripts without Latin
 * letters have no \b, which marks ASCII word edges only: (?<!\p{L}) does its work there. Georgian, Arabic and Ukrainian words are stems, so
 * "ამომრჩეველთა" (of voters), "المسجلين" (the registered) and "виборців" (of voters) match.
 */
const COUNT_PATTERNS: [Role, RegExp][] = [
  [
    'share',
    /%|\bpercent|\bpct\b|\bshare\b|\brate\b|\bprozent|\bwahlbeteiligung|процент|(?<!\p{L})дол[яи](?!\p{L})/u,
  ],
  ['unused', /\bunused|\bcancell?ed|\bunbenutzt|погашен|неиспользован|невикористан|утрачен/],
  ['issued', /\bissued|\bdelivr|\bausgegeben|\bentregad|\bdistributed|выдан|видан|отримал|გაცემულ/],
  [
    'invalid',
    /\binvalid|\bspoil|\bnull?s?\b|\bnulos?\b|\bnulas?\b|\bungultig|\bvoid\b|\brejected|недействит|недійсн|ბათილ|باطل|ملغا|ملغي|غير صحيح|غير صالح/,
  ],
  ['blank', /\bblank|\bblancs?\b|\bblancos?\b|\bbrancos?\b|\bleer\b/],
  ['valid', /\bvalid|\bexprimes?\b|\bgultig|\bvalidos?\b|действит|дійсн|صحيح|صالح/],
  [
    'cast',
    /\bcast\b|\bvotants?\b|\bvoted\b|\bwahler\b|\bvotantes\b|\bcomparecentes\b|\bturnout\b|\babgegeben|участи|участь|проголосова|проголосувал|მონაწილე|مقترع|مصوت/,
  ],
  [
    'registered',
    /\bregist|\beligible|\belectorate|\binscri|\belecteurs?\b|\belectores\b|\beleitores\b|\bwahlberechtigt|\bvoters?\b|\bon (the )?list\b|избират|виборц|ამომრჩეველ|ناخب|مسجل/,
  ],
  ['cast', /\bballots?\b|\bbulletins?\b|\btotal votes?\b|\bvotes total\b|бюллетен|бюлетен|ბიულეტენ/],
];

/** Level columns by name, outermost first, each with the level name it suggests. */
const LEVEL_PATTERNS: [number, string, RegExp][] = [
  [0, 'region', /\bregion|\boblast|\bkrai\b|область|регион|რეგიონ/],
  [0, 'prefecture', /\bprefect|\bqark/],
  [0, 'province', /\bprovinc/],
  [0, 'governorate', /\bgovernorate|محافظ/],
  [0, 'state', /\bstate\b|\bestado\b|\bland\b|\bbundesland/],
  [0, 'department', /\bdepartement|\bdepartment/],
  [0, 'county', /\bcounty/],
  [1, 'district', /\bdistri[ck]t|\braion|\brayon|\bkreis|\bbezirk|район|ოლქ|قضاء/],
  [
    1,
    'constituency',
    /\bconstituenc|\bcirconscription|\bokrug|\bwahlkreis|\btik\b|округ|(?<!\p{L})тик(?!\p{L})|دائرة/u,
  ],
  [2, 'commune', /\bcommunes?\b|\bcomuna|\bgemeinde|громад/],
  [2, 'municipality', /\bmunicip|\bbashki|მუნიციპალიტეტ/],
  [2, 'locality', /\bcity\b|\btown|\bvillage|\blocality|\bsettlement/],
];

/**
 * The column naming the unit itself: "участок", "участковой" but not "участие" (Russian: taking part, in the
 * header of those who voted); "Wahllokal" (German: polling station), "дільниця" (Ukrainian), "უბანი"
 * (Georgian: precinct), "محطة" (Arabic: station).
 */
const UNIT_PATTERN =
  /\bprecinct|\bstation|\bpolling|\buik\b|\bbureau|\bunit\b|\bmesa\b|\bsecao|\bsection|\bwahlbezirk|\bwahllokal|\bstimmbezirk|\bid\b|\bcode\b|\bnumber\b|\bno\b|уик|участк|участок|дільниц|უბან|محطة/;

/** Cell texts read as "no value" when they turn up among numbers. */
const MISSING_MARKERS = new Set([
  '',
  'NA',
  'N/A',
  'n/a',
  'na',
  '-',
  '--',
  '—',
  '.',
  'null',
  'NULL',
  'NaN',
  'x',
  'X',
]);

const NUMBER = /^[+-]?\d+(?:\.\d+)?$/;

/**
 * What a totals or subtotal row is labelled with, in its id or first cell, in the languages of commissions'
 * exports (accents and case dropped, see totalsKey): "TOTAL", "Grand total", "Итого", "Insgesamt", "Σύνολο",
 * "合计" ...
 */
const TOTALS_LABELS = new Set([
  'total',
  'totals',
  'grand total',
  'subtotal',
  'sub total',
  'итого',
  'всего',
  'gesamt',
  'insgesamt',
  'totaal',
  'totale',
  'total general',
  'suma',
  'razem',
  'celkem',
  'osszesen',
  'toplam',
  'jami',
  'gjithsej',
  'ukupno',
  'συνολο',
  '合计',
  '总计',
]);

/** A cell's text as TOTALS_LABELS holds it: every accent dropped (Greek too), lower case, punctuation as spaces. */
function totalsKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[\s_\-.:/()*,;]+/g, ' ')
    .trim();
}

/**
 * Whether a cell reads like a totals label: a label alone, or a label and a name ("Total N1", "Kashar
 * total", "Итого по району") with the label first or last.
 */
export function readsLikeTotals(text: string): boolean {
  const words = totalsKey(text).split(' ');
  if (words.length === 0 || words[0] === '') return false;
  for (let n = 1; n <= Math.min(2, words.length); n++) {
    if (TOTALS_LABELS.has(words.slice(0, n).join(' ')) || TOTALS_LABELS.has(words.slice(-n).join(' ')))
      return true;
  }
  return false;
}

/**
 * A note on the sample's rows whose id or first cell reads like a totals label (the last row of a short table,
 * subtotal rows among the first rows), or nothing.
 */
function totalsRowsNote(header: readonly string[], rows: readonly string[][], id: Mapping['id']): string[] {
  const columns = [0, ...id.columns.map((c) => header.indexOf(c)).filter((k) => k > 0)];
  const found: { row: number; column: number }[] = [];
  rows.forEach((cells, row) => {
    const column = columns.find((k) => readsLikeTotals(cells[k] ?? ''));
    if (column !== undefined) found.push({ row, column });
  });
  const first = found[0];
  if (!first) return [];
  const name = header[first.column] || `column ${first.column + 1}`;
  const more = found.length > 1 ? ` (and ${found.length - 1} more of the ${rows.length} rows looked at)` : '';
  return [
    `Data row ${first.row + 1} reads like a totals row (${JSON.stringify(rows[first.row]?.[first.column])} in ` +
      `"${name}")${more}: the audit reads a totals or subtotal row as one more polling station, which doubles ` +
      'every figure above it. Remove such rows from the table (the audit finds those that hold the sum of the ' +
      'others: rule table-has-no-totals-row).',
  ];
}

/** Lower case, Latin accents dropped, separators as spaces, so patterns match "Électeurs_inscrits" too. */
export function normalizeName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/([A-Za-z])[\u0300-\u036f]+/g, '$1') // Latin accents only: "й" keeps its breve
    .normalize('NFC')
    .toLowerCase()
    .replace(/[_\-.:/]+/g, ' ')
    .trim();
}

/** A kebab-case id from a column name ("C007" -> "c007", "Parti Socialiste" -> "parti-socialiste"). */
export function slugId(name: string): string {
  return normalizeName(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/, '');
}

interface Column {
  index: number;
  name: string;
  key: string;
  numeric: boolean;
  integers: boolean;
  /** No value in any sample row (only empty cells or missing-value markers). */
  empty: boolean;
  values: string[];
  /** The values as numbers, a decimal comma read as a point; NaN where missing or not a number. */
  numbers: number[];
}

/** A grouped count never starts with 0: "01.001" is a code, not a thousand and one. */
const LEADING_ZERO = /^[+-]?0/;

/** Numbers that show another use of a separator: a decimal comma ("1,5"), a decimal point ("52.1"). */
const OTHER_USE: Readonly<Partial<Record<string, RegExp>>> = {
  ',': /^[+-]?\d*,(?:\d{1,2}|\d{4,})$/,
  '.': /^[+-]?\d*\.(?:\d{1,2}|\d{4,})$/,
};

/**
 * The thousands separator the sample's numbers group with ("1,234", "12 345"): the one most cells use, when no
 * cell uses it otherwise (a decimal comma or point); undefined when none groups.
 */
function thousandsSeparator(rows: readonly string[][]): Mapping['thousandsSeparator'] {
  let best: Mapping['thousandsSeparator'];
  let most = 0;
  for (const separator of THOUSANDS_SEPARATORS) {
    const grouped = groupedNumber(separator) as RegExp;
    const other = OTHER_USE[separator];
    let uses = 0;
    let contradicted = false;
    for (const row of rows) {
      for (const cell of row) {
        const v = cell.trim();
        if (grouped.test(v) && !LEADING_ZERO.test(v)) uses++;
        else if (other?.test(v)) contradicted = true;
      }
    }
    if (!contradicted && uses > most) {
      best = separator;
      most = uses;
    }
  }
  return best;
}

function describeColumns(
  header: readonly string[],
  rows: readonly string[][],
  found: Set<string>,
  grouped: RegExp | null,
  decimalComma: boolean,
): Column[] {
  return header.map((name, index) => {
    // Grouped thousands read as the reader will read them.
    const values = rows.map((r) => {
      const v = (r[index] ?? '').trim();
      return grouped?.test(v) && !LEADING_ZERO.test(v) ? ungrouped(v) : v;
    });
    // A decimal comma ("12,7", a turnout in a German export) read as a point, when commas group no thousands.
    const read = values.map((v) => (decimalComma && DECIMAL_COMMA.test(v) ? v.replace(',', '.') : v));
    const present = read.filter((v) => !MISSING_MARKERS.has(v));
    const numeric = present.length > 0 && present.every((v) => NUMBER.test(v));
    if (numeric) for (const v of values) if (MISSING_MARKERS.has(v) && v !== '') found.add(v);
    const integers = numeric && present.every((v) => /^[+-]?\d+$/.test(v));
    const numbers = read.map((v) => (NUMBER.test(v) ? Number(v) : Number.NaN));
    const empty = rows.length > 0 && present.length === 0;
    return { index, name, key: normalizeName(name), numeric, integers, empty, values, numbers };
  });
}

const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;

/** Whether values are 1, 2, 3 ... (a row index written by a data-frame library). */
function isRowIndex(column: Column): boolean {
  return column.values.length > 0 && column.values.every((v, i) => v === String(i + 1) || v === String(i));
}

/** Options of suggestMapping. */
export interface SuggestOptions {
  /** The table's path as the user named it, for the commands the notes give (a pivot); "TABLE.csv" without. */
  file?: string;
}

/**
 * Drafts a mapping: counts and levels recognised by name (English, French, Spanish, Portuguese, German,
 * Russian, Ukrainian, Georgian and Arabic words), the unit id (composed with the levels when unit numbers look
 * local), and the remaining whole-number columns as candidates. Unnamed columns, and columns whose name the
 * header repeats, are skipped. Then the sample is looked at for what the names hide (src/precinct/plausible.ts):
 * a long table, shares in percent, a total or an id among the candidates, a count below the votes.
 * `sampleRows` are the first data rows.
 */
export function suggestMapping(
  header: readonly string[],
  sampleRows: readonly string[][],
  format: TableFormat = { type: 'csv', delimiter: ',' },
  options: SuggestOptions = {},
): SuggestedMapping {
  const notes: string[] = [];
  if (format.type === 'csv' && (format.headerLine ?? 1) > 1) {
    notes.push(
      `format.headerLine: ${format.headerLine}; the lines above the header (a title, notes) are skipped.`,
    );
  }
  const markers = new Set<string>();
  const thousands = thousandsSeparator(sampleRows);
  if (thousands !== undefined) {
    notes.push(
      `thousandsSeparator: ${JSON.stringify(thousands)}, since counts group their thousands with it ` +
        `(${thousands === ' ' ? '"12 345"' : `"12${thousands}345"`}).`,
    );
  }
  const columns = describeColumns(header, sampleRows, markers, groupedNumber(thousands), thousands !== ',');
  const noSample = sampleRows.length === 0;
  if (noSample) notes.push('No data rows to look at: every unrecognised column is taken for a candidate.');
  notes.push(...repeatedNamesNotes(header));
  const repeated = new Set(header.filter((name, i) => name !== '' && header.indexOf(name) !== i));
  const counts: Mapping['counts'] = {};
  const levels: (Level & { rank: number; index: number })[] = [];
  let unit: Column | undefined;
  const candidates: Column[] = [];
  /** Columns of numbers with decimals, unrecognised by name: shares when candidates' (plausible.ts looks). */
  const decimals: Column[] = [];
  const levelNames = new Set<string>();
  for (const column of columns) {
    const label = column.name === '' ? `column ${column.index + 1} (unnamed)` : `"${column.name}"`;
    if (column.key === '' || /^(unnamed\b.*|x|\.\.\.1|index|row|rownum|#)$/.test(column.key)) {
      notes.push(`Skipped ${label}: ${isRowIndex(column) ? 'a row index' : 'no name'}.`);
      continue;
    }
    if (repeated.has(column.name)) continue; // said once for all its columns, by repeatedNamesNotes
    const level = LEVEL_PATTERNS.find(([, , re]) => re.test(column.key));
    if (UNIT_PATTERN.test(column.key) && !level) {
      if (unit === undefined) unit = column;
      else notes.push(`Skipped ${label}: the unit id is already "${unit.name}".`);
      continue;
    }
    if (level) {
      let name = level[1];
      for (let n = 2; levelNames.has(name); n++) name = `${level[1]}${n}`;
      levelNames.add(name);
      levels.push({ name, column: column.name, rank: level[0], index: column.index });
      continue;
    }
    const role = COUNT_PATTERNS.find(([, re]) => re.test(column.key))?.[0];
    const fractional = column.numeric && !column.integers;
    if (role === 'share' || (role === undefined && fractional)) {
      notes.push(`Skipped ${label}: ${shareLike(column)}, not a count.`);
      if (role === undefined) decimals.push(column);
    } else if (role === 'unused') {
      notes.push(
        `Skipped ${label}: cancelled, unused or lost ballots, which no field of "counts" holds (it is not ` +
          'ballots cast).',
      );
    } else if (role === 'blank') {
      notes.push(
        `Skipped ${label}: blank ballots count as valid in some countries and invalid in others; map it by hand.`,
      );
    } else if (role !== undefined) {
      if (fractional) {
        notes.push(
          `Skipped ${label}: named like ${role}, but ${shareLike(column)}, not a count. Map the column ` +
            `with the number of ${role} by hand.`,
        );
      } else if (counts[role] === undefined) {
        counts[role] = column.name;
        notes.push(`${role}: ${label}.`);
      } else notes.push(`Skipped ${label}: it also looks like ${role}, already "${counts[role]}".`);
    } else if (column.numeric || noSample) {
      candidates.push(column);
    } else if (column.empty) {
      notes.push(
        `Skipped ${label}: empty in the first ${sampleRows.length} rows (a party on the ballot in some ` +
          'regions only?). If it holds votes further down, add it to "candidates", or draft again with a ' +
          `larger sample (--rows ${Math.max(100_000, sampleRows.length * 10)}).`,
      );
    } else {
      notes.push(`Skipped ${label}: text, not counts, and not a recognised level.`);
    }
  }
  levels.sort((a, b) => a.rank - b.rank || a.index - b.index);
  const missing = ['', 'NA', ...[...markers].filter((m) => m !== 'NA')];
  const id = chooseId(
    unit,
    levels,
    columns.filter((c) => c.name !== '' && !repeated.has(c.name)),
    notes,
  );
  const candidateList = candidateColumns(candidates, notes);
  notes.push(...totalsRowsNote(header, sampleRows, id));
  const levelList = levels.map(({ name, column }) => ({ name, column }));
  notes.push(
    ...plausibilityNotes({
      columns,
      rows: sampleRows.length,
      id,
      levels: levelList,
      counts,
      candidates,
      decimals,
      format,
      thousands,
      file: options.file ?? 'TABLE.csv',
    }),
  );
  return {
    mapping: {
      schemaVersion: 1,
      format,
      missingValues: missing,
      ...(thousands !== undefined ? { thousandsSeparator: thousands } : {}),
      id,
      levels: levelList,
      counts,
      candidates: candidateList,
    },
    notes: [...notes, ...lacking(counts)],
  };
}

/** What a column of numbers with decimals looks like: a turnout or a share when they lie between 0 and 100. */
function shareLike(column: Column): string {
  const present = column.numbers.filter((n) => !Number.isNaN(n));
  if (!column.numeric || column.integers || present.some((n) => n < 0 || n > 100))
    return 'it looks like a share or rate';
  const shown = column.values.filter((v) => !MISSING_MARKERS.has(v)).slice(0, 3);
  return (
    `its values are between 0 and 100 with decimals (${shown.map((v) => JSON.stringify(v)).join(', ')}), ` +
    'like a turnout or a share in percent'
  );
}

/**
 * A note per name the header holds more than once ("Votes", "Votes", "Votes"): the reader finds a mapped column
 * by its name and refuses one it finds twice, so none of those columns is drafted.
 */
function repeatedNamesNotes(header: readonly string[]): string[] {
  const positions = new Map<string, number[]>();
  header.forEach((name, i) => {
    if (name !== '') positions.set(name, [...(positions.get(name) ?? []), i + 1]);
  });
  return [...positions]
    .filter(([, at]) => at.length > 1)
    .map(
      ([name, at]) =>
        `Columns ${listed(at.map(String))} are all named ${JSON.stringify(name)}: a mapping names each column ` +
        'by its header, and the audit refuses a name it finds twice, so none of them is in the draft. Give each ' +
        "its own name in the header (the candidate's, say) and draft again, or map them by hand after renaming.",
    );
}

/** "1", "1 and 2", "1, 2 and 3". */
function listed(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function chooseId(
  unit: Column | undefined,
  levels: readonly Level[],
  columns: readonly Column[],
  notes: string[],
): Mapping['id'] {
  const levelColumns = levels.map((l) => l.column);
  if (unit === undefined) {
    const fallback = levelColumns.length > 0 ? levelColumns : [columns[0]?.name ?? 'id'];
    notes.push(
      `No column looks like a unit id; the id is ${fallback.map((c) => `"${c}"`).join(' + ')}. Check it.`,
    );
    return { columns: fallback, separator: '/' };
  }
  const repeats = new Set(unit.values).size < unit.values.length;
  // Short plain numbers (1, 21, 305) usually restart per area; long or zero-padded codes rarely do.
  const local = unit.integers && unit.values.every((v) => v.length <= 4 && !/^0\d/.test(v));
  if (levelColumns.length > 0 && (repeats || local)) {
    notes.push(
      `id: ${[...levelColumns, unit.name].map((c) => `"${c}"`).join(' + ')}, since unit numbers ` +
        `${repeats ? 'repeat in the sample' : 'are short plain numbers'} and usually restart in each area.`,
    );
    return { columns: [...levelColumns, unit.name], separator: '/' };
  }
  notes.push(`id: "${unit.name}".`);
  return { columns: [unit.name], separator: '/' };
}

function candidateColumns(columns: readonly Column[], notes: string[]): Mapping['candidates'] {
  const used = new Set<string>();
  const result = columns.map((column, i) => {
    const base = slugId(column.name) || `candidate-${i + 1}`;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id === column.name.toLowerCase()
      ? { id, column: column.name }
      : { id, column: column.name, name: column.name };
  });
  if (result.length === 0) notes.push('No candidate columns found: add them to "candidates".');
  else {
    const first = result[0]?.column;
    const last = result[result.length - 1]?.column;
    notes.push(
      `candidates: ${result.length} whole-number columns${result.length > 1 ? ` ("${first}" ... "${last}")` : ''}; ` +
        'ids are made from the column names, add "name" where the column holds a code.',
    );
  }
  return result;
}

function lacking(counts: Mapping['counts']): string[] {
  const absent = (['registered', 'issued', 'cast', 'valid', 'invalid'] as const).filter((f) => !counts[f]);
  return absent.length === 0
    ? []
    : [`No column found for: ${absent.join(', ')}; checks on them are skipped (reported as not applicable).`];
}
