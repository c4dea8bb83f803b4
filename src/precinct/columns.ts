/** Resolves a mapping against a table's header: the position of every mapped column, or fatal problems. */
import { suggestion } from '../load/closest.js';
import { InputError, type InputProblem } from '../load/errors.js';
import { COUNT_FIELDS, type CountField } from '../schema/count-fields.js';
import type { Mapping } from '../schema/mapping.js';
import { COMMON_DELIMITERS, splitLine } from './csv.js';

/** Positions (0-based) of the mapped columns in the header; -1 where the mapping names none. */
export interface ColumnPlan {
  header: string[];
  id: number[];
  levels: number[];
  counts: Record<CountField, number>;
  /** In the mapping's candidate order. */
  votes: number[];
  /** Per candidate, in the same order: the independent count's column, or -1. */
  independent: number[];
  /** Whether any independent column is mapped. */
  hasIndependent: boolean;
}

/**
 * Finds every mapped column in the header. Throws InputError listing all mapped columns that are absent
 * or appear more than once, before any row is read; or, when the mapped columns are all on one line at another
 * delimiter or on a line further down (below a title), saying so. `lines` are a CSV table's lines as written
 * from the header's on (a few dozen), for that check.
 */
export function planColumns(
  header: readonly string[],
  mapping: Mapping,
  file: string,
  line = 1,
  lines?: readonly string[],
): ColumnPlan {
  const positions = new Map<string, number[]>();
  header.forEach((name, i) => {
    const list = positions.get(name);
    if (list) list.push(i);
    else positions.set(name, [i]);
  });
  const problems: InputProblem[] = [];
  const reported = new Set<string>();
  const named = header.filter((h) => h !== '');
  const find = (column: string, role: string): number => {
    const found = positions.get(column);
    if (found?.length === 1) return found[0] as number;
    if (!reported.has(column)) {
      reported.add(column);
      problems.push(
        found === undefined
          ? {
              code: 'precinct-missing-column',
              file,
              line,
              message: `the mapping names column "${column}" (${role}), which the header lacks`,
              found: `${header.length} columns`,
              expected: `a column named "${column}"`,
              hint:
                named.length > 0
                  ? suggestion(column, named.slice(0, 400), 'column', named.length)
                  : 'The header is empty.',
            }
          : {
              code: 'precinct-ambiguous-column',
              file,
              line,
              message: `column "${column}" (${role}) appears ${found.length} times in the header`,
              found: `columns ${found.map((i) => i + 1).join(', ')}`,
              expected: 'each mapped column name once',
              hint: 'Rename the copies in the header so each name is unique.',
            },
      );
    }
    return -1;
  };
  const counts = {} as Record<CountField, number>;
  for (const field of COUNT_FIELDS) {
    const column = mapping.counts[field];
    counts[field] = column === undefined ? -1 : find(column, `counts.${field}`);
  }
  const byCandidate = new Map<string, string>();
  for (const entry of mapping.independent?.columns ?? []) byCandidate.set(entry.candidate, entry.column);
  const plan: ColumnPlan = {
    header: [...header],
    id: mapping.id.columns.map((c) => find(c, 'part of the unit id')),
    levels: mapping.levels.map((l) => find(l.column, `level "${l.name}"`)),
    counts,
    votes: mapping.candidates.map((c) => find(c.column, `votes of "${c.id}"`)),
    independent: mapping.candidates.map((c) => {
      const column = byCandidate.get(c.id);
      return column === undefined ? -1 : find(column, `independent count of "${c.id}"`);
    }),
    hasIndependent: byCandidate.size > 0,
  };
  if (problems.length > 0) {
    const missing = problems.filter((p) => p.code === 'precinct-missing-column');
    const found = lines === undefined || missing.length === 0 ? null : headerElsewhere(lines, mapping);
    if (found) throw new InputError([misplacedHeader(header, mapping, found, file, line)]);
    // Mapped names the header lacks, where the header holds bytes that were not UTF-8 (decoded as U+FFFD).
    if (header.some((h) => h.includes('\uFFFD'))) {
      for (const p of missing) if (/[^ -~]/.test(p.expected ?? '')) p.hint = `${p.hint} ${NOT_UTF8}`;
    }
    throw new InputError(problems);
  }
  return plan;
}

const NOT_UTF8 =
  'The header holds bytes that are not UTF-8 (shown as \uFFFD): if the file was saved in another encoding ' +
  '(Windows-1252, say), save it as UTF-8.';

/** A delimiter as messages name it. */
const named = (d: string) => (d === '\t' ? 'a tab' : JSON.stringify(d));

/** Where the mapped columns were found: at which delimiter, and how many lines below the header's. */
interface HeaderPlace {
  delimiter: string;
  below: number;
}

/**
 * The line (of `lines`, the header's first) and delimiter that give every mapped column, the mapping's own
 * delimiter tried first, when the mapping's own header line and delimiter do not (CSV only): a table saved
 * with ";" (spreadsheets in many locales), or with a title above its header.
 */
function headerElsewhere(lines: readonly string[], mapping: Mapping): HeaderPlace | null {
  if (mapping.format.type !== 'csv') return null;
  const own = mapping.format.delimiter;
  const mapped = [
    ...mapping.id.columns,
    ...mapping.levels.map((l) => l.column),
    ...Object.values(mapping.counts).filter((c): c is string => c !== undefined),
    ...mapping.candidates.map((c) => c.column),
    ...(mapping.independent?.columns ?? []).map((c) => c.column),
  ];
  const delimiters = [own, ...COMMON_DELIMITERS.filter((d) => d !== own)];
  for (let below = 0; below < lines.length; below++) {
    const line = lines[below] as string;
    for (const d of delimiters) {
      if ((below === 0 && d === own) || !line.includes(d)) continue;
      const names = new Set(splitLine(line, d));
      if (mapped.every((c) => names.has(c))) return { delimiter: d, below };
    }
  }
  return null;
}

/** The problem for a header found at another delimiter or further down: the format that reads it. */
function misplacedHeader(
  header: readonly string[],
  mapping: Mapping,
  { delimiter, below }: HeaderPlace,
  file: string,
  line: number,
): InputProblem {
  const format = mapping.format.type === 'csv' ? mapping.format : { type: 'csv' as const, delimiter: ',' };
  const own = format.delimiter;
  const headerLine = (format.headerLine ?? 1) + below;
  const first = header[0] ?? '';
  const setting = JSON.stringify({ type: 'csv', delimiter, ...(headerLine > 1 ? { headerLine } : {}) });
  const hint = `Set "format": ${setting} in the table's mapping.`;
  if (below === 0) {
    return {
      code: 'precinct-wrong-delimiter',
      file,
      line,
      message: `the header splits into the mapped columns at ${named(delimiter)}, not at the mapping's ${named(own)}`,
      found: `${header.length === 1 ? 'one column' : `${header.length} columns`} when split at ${named(own)}, the first "${first.length > 60 ? `${first.slice(0, 60)}...` : first}"`,
      expected: `columns separated by ${named(own)}, as the mapping's "format" says`,
      hint,
    };
  }
  return {
    code: 'precinct-header-line',
    file,
    line,
    message: `the mapped columns are on line ${line + below}${delimiter === own ? '' : `, split at ${named(delimiter)}`}, not on line ${line}`,
    found: `line ${line}: "${first.length > 60 ? `${first.slice(0, 60)}...` : first}"`,
    expected: `the header on line ${line}, as the mapping's "format" says`,
    hint: `${hint} The lines above the header (a title, notes) are then skipped.`,
  };
}

/** The fatal problem for a table with no header at all. */
export function emptyTable(file: string): InputError {
  return new InputError([
    {
      code: 'precinct-empty-file',
      file,
      message: 'the table is empty',
      expected: 'a header row naming the columns, then one row per unit',
      hint: 'Check that the export finished; a header-only file is read as a table with no units.',
    },
  ]);
}
