/** Resolves a mapping against a table's header: the position of every mapped column, or fatal problems. */
import { suggestion } from '../load/closest.js';
import { InputError, type InputProblem } from '../load/errors.js';
import { COUNT_FIELDS, type CountField } from '../schema/count-fields.js';
import type { Mapping } from '../schema/mapping.js';

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
 * or appear more than once, before any row is read.
 */
export function planColumns(header: readonly string[], mapping: Mapping, file: string, line = 1): ColumnPlan {
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
                named.length > 0 ? suggestion(column, named.slice(0, 400), 'column') : 'The header is empty.',
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
  if (problems.length > 0) throw new InputError(problems);
  return plan;
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
