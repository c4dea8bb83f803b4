/**
 * What a drafted mapping's names hide, seen in the sample's numbers: a long table (one row per station and
 * party), shares in percent where votes should be, a total or an id taken for a candidate, a count of ballots
 * below the votes in them. Each finding is a note saying what was seen, in which column, and what to check; the
 * draft itself is left as it is.
 */
import type { Level, Mapping, TableFormat } from '../schema/mapping.js';

/** A column of the sample as suggest.ts describes it. */
export interface SampleColumn {
  name: string;
  numeric: boolean;
  integers: boolean;
  empty: boolean;
  /** The cells as text (grouped thousands read). */
  values: readonly string[];
  /** The cells as numbers; NaN where missing or not a number. */
  numbers: readonly number[];
}

/** The draft and the sample it was made from. */
export interface DraftLook {
  columns: readonly SampleColumn[];
  /** How many sample rows. */
  rows: number;
  id: Mapping['id'];
  levels: readonly Level[];
  counts: Mapping['counts'];
  /** The columns drafted as candidates. */
  candidates: readonly SampleColumn[];
  /** Columns of numbers with decimals that no name placed (skipped as shares). */
  decimals: readonly SampleColumn[];
  format: TableFormat;
  thousands: Mapping['thousandsSeparator'];
  /** The table's path as the user named it, for the pivot commands. */
  file: string;
}

/** Fewer sample rows than this and no check is made: "most rows" of three says little. */
const MIN_ROWS = 5;
/** The share of rows a total among the candidates must top the others in ("most rows"). */
const MOST = 0.9;

/** The notes on a draft, in order: a long table, shares; or totals and ids among the candidates, low counts. */
export function plausibilityNotes(look: DraftLook): string[] {
  if (look.rows < MIN_ROWS) return [];
  const notes = longTableNote(look);
  const shares = sharesNote(look);
  if (shares !== undefined) return [...notes, shares];
  const numeric = look.candidates.filter((c) => c.numeric && !c.empty);
  const totals = totalsAmongCandidates(numeric);
  notes.push(...totals.map(totalNote));
  const rest = numeric.filter((c) => !totals.some((t) => t.column === c));
  const ids = rest.filter((c) => idLike(c) !== undefined);
  for (const c of ids) notes.push(idNote(c, idLike(c) as IdLike));
  const votes = rest.filter((c) => !ids.includes(c));
  const sums = rowSums(votes, look.rows);
  notes.push(...countsBelowVotes(look, votes, sums));
  const equal = castEqualsVotes(look, votes, sums);
  if (equal !== undefined) notes.push(equal);
  return notes;
}

const present = (n: number | undefined): n is number => n !== undefined && !Number.isNaN(n);

/** A row's sum over some columns (missing values left out) and how many values it added. */
interface RowSum {
  sum: number;
  n: number;
}

/** Per row, the sum of the columns' values there (missing ones left out) and how many were there. */
function rowSums(columns: readonly SampleColumn[], rows: number): RowSum[] {
  return Array.from({ length: rows }, (_, i) => {
    let sum = 0;
    let n = 0;
    for (const c of columns) {
      const v = c.numbers[i];
      if (present(v)) {
        sum += v;
        n++;
      }
    }
    return { sum, n };
  });
}

const total = (c: SampleColumn) => c.numbers.reduce((s, v) => (present(v) ? s + v : s), 0);

/** A quoted list of column names, the first and last of a long one. */
function names(columns: readonly SampleColumn[]): string {
  const q = columns.map((c) => JSON.stringify(c.name));
  return q.length <= 4 ? q.join(', ') : `${q[0]}, ${q[1]} ... ${q.at(-1)} (${q.length} columns)`;
}

interface Total {
  column: SampleColumn;
  /** The other candidate columns it was compared with. */
  others: number;
  /** Rows where it is at least their sum, of the rows with both. */
  n: number;
  of: number;
  /** The first such row (0-based), its value and the others' sum. */
  row: number;
  value: number;
  sum: number;
}

/**
 * Candidate columns that are at least the sum of the other candidates' votes in most rows (registered voters,
 * ballots cast, taken for candidates when their names were not read). The fewest largest columns (1 to 4,
 * leaving two at least) that each top the sum of the columns left in most rows, and each the next of them
 * (registered voters above ballots cast): the largest alone fails where two totals are there, registered
 * voters being below ballots cast plus the votes in them. Two leading parties each top the sum of the small
 * ones too, but not each other in most rows.
 */
function totalsAmongCandidates(candidates: readonly SampleColumn[]): Total[] {
  const sorted = [...candidates].sort((a, b) => total(b) - total(a));
  for (let j = 1; j <= Math.min(4, sorted.length - 2); j++) {
    const others = sorted.slice(j);
    const sums = rowSums(others, others[0]?.numbers.length ?? 0);
    const tops = sorted.slice(0, j).map((column) => {
      const t: Total = { column, others: others.length, n: 0, of: 0, row: -1, value: 0, sum: 0 };
      sums.forEach(({ sum, n }, i) => {
        const v = column.numbers[i];
        if (!present(v) || n === 0 || sum === 0) return;
        t.of++;
        if (v >= sum) {
          t.n++;
          if (t.row < 0) Object.assign(t, { row: i, value: v, sum });
        }
      });
      return t;
    });
    const nested = tops.every((t, k) => {
      const next = tops[k + 1]?.column;
      return next === undefined || atLeast(t.column, next) >= MOST;
    });
    if (nested && tops.every((t) => t.of >= MIN_ROWS && t.n >= MOST * t.of)) return tops;
  }
  return [];
}

/** The share of the rows with both where a column's value is at least another's. */
function atLeast(a: SampleColumn, b: SampleColumn): number {
  let n = 0;
  let of = 0;
  a.numbers.forEach((v, i) => {
    const w = b.numbers[i];
    if (!present(v) || !present(w)) return;
    of++;
    if (v >= w) n++;
  });
  return of === 0 ? 0 : n / of;
}

function totalNote(t: Total): string {
  return (
    `Candidate ${JSON.stringify(t.column.name)} is at least the sum of the ${t.others} other candidate ` +
    `columns' votes in ${t.n} of ${t.of} rows (data row ${t.row + 1}: ${t.value}, the others ${t.sum}): ` +
    'it is likely registered voters, ballots or another total, not a candidate (or ' +
    'a candidate with more than half the votes nearly everywhere). Check its header: move it to "counts" ' +
    'or drop it from "candidates".'
  );
}

interface IdLike {
  distinct: number;
  present: number;
  rising: number;
  pairs: number;
}

/**
 * Whether a candidate column reads like an id or a station number: a different value in nearly every row
 * (95%), and higher than the row before in most pairs of rows (80%: station numbers restart, or skip back).
 */
function idLike(column: SampleColumn): IdLike | undefined {
  const values = column.numbers.filter(present);
  let rising = 0;
  let pairs = 0;
  for (let i = 1; i < column.numbers.length; i++) {
    const a = column.numbers[i - 1];
    const b = column.numbers[i];
    if (!present(a) || !present(b)) continue;
    pairs++;
    if (b > a) rising++;
  }
  const distinct = new Set(values).size;
  if (values.length < MIN_ROWS || distinct < 0.95 * values.length || rising < 0.8 * pairs) return undefined;
  return { distinct, present: values.length, rising, pairs };
}

function idNote(column: SampleColumn, seen: IdLike): string {
  return (
    `Candidate ${JSON.stringify(column.name)} has a different value in ${seen.distinct} of ${seen.present} ` +
    `rows and is higher than the row before in ${seen.rising} of ${seen.pairs}: it is likely an id or a ` +
    'polling-station number, not votes. Check its header: if so, make it (part of) "id" and drop it from ' +
    '"candidates".'
  );
}

/**
 * Notes on counts.cast and counts.valid when below the sum of the candidates' votes in most rows (more than
 * half): a column of cancelled ballots, or another count, mapped by its name.
 */
function countsBelowVotes(
  look: DraftLook,
  votes: readonly SampleColumn[],
  sums: readonly RowSum[],
): string[] {
  if (votes.length === 0) return [];
  const notes: string[] = [];
  for (const field of ['cast', 'valid'] as const) {
    const name = look.counts[field];
    const column = look.columns.find((c) => c.name === name);
    if (name === undefined || column === undefined || !column.numeric) continue;
    let n = 0;
    let of = 0;
    let first = -1;
    sums.forEach(({ sum, n: k }, i) => {
      const v = column.numbers[i];
      if (!present(v) || k === 0) return;
      of++;
      if (v < sum) {
        n++;
        if (first < 0) first = i;
      }
    });
    if (of < MIN_ROWS || n * 2 <= of) continue;
    const what = field === 'cast' ? 'ballots cast' : 'valid votes';
    notes.push(
      `counts.${field} ${JSON.stringify(name)} is below the sum of the candidates' votes in ${n} of ${of} ` +
        `rows (data row ${first + 1}: ${column.numbers[first]}, the votes ${sums[first]?.sum}): ${what} ` +
        'cannot be fewer than the votes they hold, so it likely holds another count (cancelled or unused ' +
        `ballots, one kind of ballot, a share). Check its header and map the column with all ${what}.`,
    );
  }
  return notes;
}

/**
 * A note when counts.cast equals the sum of the candidates' votes in more than half of the rows and no valid or
 * invalid count is mapped: either no ballot was invalid there, or the column counts valid votes (ballots cast
 * usually exceed them by the invalid ones), which the audit's checks would then read wrongly.
 */
function castEqualsVotes(
  look: DraftLook,
  votes: readonly SampleColumn[],
  sums: readonly RowSum[],
): string | undefined {
  const name = look.counts.cast;
  if (votes.length === 0 || name === undefined || look.counts.valid !== undefined) return undefined;
  if (look.counts.invalid !== undefined) return undefined;
  const column = look.columns.find((c) => c.name === name);
  if (column === undefined || !column.numeric) return undefined;
  let equal = 0;
  let of = 0;
  sums.forEach(({ sum, n }, i) => {
    const v = column.numbers[i];
    if (!present(v) || n < votes.length) return;
    of++;
    if (v === sum) equal++;
  });
  if (of < MIN_ROWS || equal * 2 <= of) return undefined;
  return (
    `counts.cast ${JSON.stringify(name)} equals the sum of the candidates' votes in ${equal} of ${of} rows: ` +
    'either no ballot was invalid there, or the column counts valid votes rather than all ballots cast. Check its ' +
    'header and the source: if it holds valid votes, map it as counts.valid; map a column of invalid ballots, if ' +
    'the table has one, as counts.invalid.'
  );
}

/**
 * A note when the candidate columns (or, when none, the columns of decimals) add up to about 100 in most rows
 * (within 1, or half a point per column: whole percents are rounded each), and no count is there or the first
 * of cast, valid, registered and issued is much larger (at least half as large again in more than half of the
 * rows): shares in percent, not votes.
 */
function sharesNote(look: DraftLook): string | undefined {
  const numeric = look.candidates.filter((c) => c.numeric && !c.empty);
  const columns = numeric.length >= 2 ? numeric : look.decimals;
  if (columns.length < 2) return undefined;
  const tolerance = Math.max(1, columns.length / 2);
  const sums = rowSums(columns, look.rows);
  let n = 0;
  let of = 0;
  let first = -1;
  sums.forEach(({ sum, n: k }, i) => {
    if (k < 2) return;
    of++;
    if (Math.abs(sum - 100) <= tolerance) {
      n++;
      if (first < 0) first = i;
    }
  });
  if (of < MIN_ROWS || n < MOST * of) return undefined;
  const field = (['cast', 'valid', 'registered', 'issued'] as const).find(
    (f) => look.counts[f] !== undefined,
  );
  const count = look.columns.find((c) => field !== undefined && c.name === look.counts[field]);
  if (count !== undefined) {
    let larger = 0;
    let both = 0;
    sums.forEach(({ sum, n: k }, i) => {
      const v = count.numbers[i];
      if (k < 2 || !present(v)) return;
      both++;
      if (v >= 1.5 * sum) larger++;
    });
    if (both > 0 && larger * 2 <= both) return undefined;
  }
  const example = columns
    .map((c) => c.values[first])
    .filter((v) => v !== undefined && v !== '')
    .join(' + ');
  return (
    `The ${numeric.length >= 2 ? 'candidate columns' : 'columns of decimals'} ${names(columns)} add up to about ` +
    `100 in ${n} of ${of} rows (data row ${first + 1}: ${example} = ${round(sums[first]?.sum ?? 0)})` +
    `${count !== undefined ? `, and counts.${field} ${JSON.stringify(count.name)} is much larger` : ''}: the ` +
    "table likely holds each candidate's share in percent, not votes. The audit adds votes up and compares " +
    'them with the counts, which shares cannot be: find the table with the number of votes per candidate.'
  );
}

const round = (x: number) => Math.round(x * 100) / 100;

/** The share of runs of one id's rows that a long table's party column must take a new value in each row of. */
const CHANGES = 0.9;

/**
 * A note when the table looks long, one row per polling station and party: the id repeats over consecutive
 * rows (in runs covering at least half the sample, two runs at least) while a text column with few values (at
 * most a third of the rows) takes a different value in every row of nearly every run. The note gives a pivot
 * with DuckDB and with pandas, naming the columns found.
 */
function longTableNote(look: DraftLook): string[] {
  const byName = (name: string) => look.columns.find((c) => c.name === name);
  const idColumns = look.id.columns.map(byName);
  if (idColumns.length === 0 || idColumns.some((c) => c === undefined)) return [];
  const key = (i: number) => idColumns.map((c) => c?.values[i]).join('\u0000');
  const runs: [number, number][] = [];
  for (let i = 0; i < look.rows; ) {
    let end = i + 1;
    while (end < look.rows && key(end) === key(i)) end++;
    if (end - i >= 2) runs.push([i, end]);
    i = end;
  }
  const inRuns = runs.reduce((s, [a, b]) => s + b - a, 0);
  if (runs.length < 2 || inRuns * 2 < look.rows) return [];
  const placed = new Set([...look.id.columns, ...look.levels.map((l) => l.column)]);
  const party = look.columns.find((c) => {
    if (c.numeric || c.empty || c.name === '' || placed.has(c.name)) return false;
    const distinct = new Set(c.values).size;
    if (distinct < 2 || distinct * 3 > look.rows) return false;
    const changing = runs.filter(([a, b]) => new Set(c.values.slice(a, b)).size === b - a).length;
    return changing >= CHANGES * runs.length;
  });
  const votes = look.candidates.find((c) => c.numeric && !c.empty);
  if (party === undefined || votes === undefined) return [];
  // The columns that stay the same over each run: the station's, kept as they are by the pivot.
  const steady = (name: string) => {
    const c = byName(name);
    return c !== undefined && runs.every(([a, b]) => new Set(c.values.slice(a, b)).size === 1);
  };
  const group = [
    ...new Set([
      ...look.levels.map((l) => l.column),
      ...look.id.columns,
      ...Object.values(look.counts).filter(steady),
    ]),
  ];
  const ids = look.id.columns.map((c) => JSON.stringify(c)).join(' + ');
  return [
    `The table looks long, one row per polling station and party: the id (${ids}) repeats over consecutive ` +
      `rows (${runs.length} runs, ${inRuns} of the ${look.rows} rows looked at) and ${JSON.stringify(party.name)} ` +
      `(${new Set(party.values).size} values) changes within each run. tallycheck reads one row per polling ` +
      `station with one column per candidate: drafted as it is, ${JSON.stringify(votes.name)} is one candidate ` +
      'and each station is read once per row, so the audit reports repeated ids. Pivot the table and draft ' +
      `again, with DuckDB: ${duckdbPivot(look, party.name, votes.name, group)} or with pandas: ` +
      `${pandasPivot(look, party.name, votes.name, group)}`,
  ];
}

/** Where the pivot writes: "results.csv" -> "results-wide.csv". */
const wideFile = (file: string) => `${file.replace(/\.[^./\\]*$/, '')}-wide.csv`;
const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;
const sqlName = (s: string) => `"${s.replaceAll('"', '""')}"`;
/** A Python string literal (JSON's double-quoted strings read the same in Python). */
const py = (s: string) => JSON.stringify(s);

function duckdbPivot(look: DraftLook, party: string, votes: string, group: readonly string[]): string {
  const options: string[] = [];
  if (look.format.type === 'csv') {
    if (look.format.delimiter !== ',') options.push(`delim = ${sqlString(look.format.delimiter)}`);
    if ((look.format.headerLine ?? 1) > 1) options.push(`skip = ${(look.format.headerLine ?? 1) - 1}`);
  }
  const read = look.format.type === 'ndjson' ? 'read_json' : 'read_csv';
  const source = `${read}(${[sqlString(look.file), ...options].join(', ')})`;
  return (
    `COPY (PIVOT ${source} ON ${sqlName(party)} USING sum(${sqlName(votes)}) GROUP BY ` +
    `${group.map(sqlName).join(', ')}) TO ${sqlString(wideFile(look.file))};`
  );
}

function pandasPivot(look: DraftLook, party: string, votes: string, group: readonly string[]): string {
  const ids = `dtype={${look.id.columns.map((c) => `${py(c)}: str`).join(', ')}}`;
  let read: string;
  if (look.format.type === 'ndjson') read = `pd.read_json(${py(look.file)}, lines=True, ${ids})`;
  else {
    const options = [ids];
    if (look.format.delimiter !== ',') options.push(`sep=${py(look.format.delimiter)}`);
    if ((look.format.headerLine ?? 1) > 1) options.push(`skiprows=${(look.format.headerLine ?? 1) - 1}`);
    if (look.thousands !== undefined) options.push(`thousands=${py(look.thousands)}`);
    read = `pd.read_csv(${py(look.file)}, ${options.join(', ')})`;
  }
  return (
    `${read}.pivot_table(index=[${group.map(py).join(', ')}], columns=${py(party)}, values=${py(votes)}, ` +
    `aggfunc="sum").reset_index().to_csv(${py(wideFile(look.file))}, index=False)`
  );
}
