/**
 * Facts on a precinct table as read: its data rows, those the reader had to leave out, and rows that hold the sum
 * of others (a totals or subtotal row).
 */
import { z } from 'zod';
import type { SubjectOf } from '../engine/subjects.js';
import type { LevelNode } from '../precinct/aggregate.js';
import { REJECTING } from '../precinct/problems.js';
import { COUNT_FIELDS, type CountField } from '../schema/count-fields.js';
import { defineFact, type Missing, missing } from './define.js';

/** Rejected-row problems the detail lists (the report's table section lists up to 100 problems of every kind). */
const FIRST = 3;

function readStats(subject: SubjectOf<'table'>) {
  return subject.aggregate.read ?? missing('unknown', `table ${subject.table.entry.id} has not been read`);
}

/** Data rows of the table (the header and blank lines left out). */
export const rowsRead = defineFact({
  id: 'rowsRead',
  description: 'Data rows of the precinct table as read (the header and blank lines not counted).',
  scopes: ['table'],
  returns: 'number',
  compute(subject) {
    const stats = readStats(subject);
    if ('missing' in stats) return stats;
    return { value: stats.rowsRead };
  },
});

/**
 * Rows the reader left out: a count that is not a number, a row too short or too long, no id, a malformed quote
 * or JSON line. Their units are in no check, no sum and no screen. Detail: how many for each problem, and the
 * first few problems with their lines.
 */
export const rowsRejected = defineFact({
  id: 'rowsRejected',
  description:
    'Rows of the precinct table left out by the reader (a count not a number, a short or long row, no id ...).',
  scopes: ['table'],
  returns: 'number',
  compute(subject) {
    const stats = readStats(subject);
    if ('missing' in stats) return stats;
    const byCode = Object.fromEntries(
      Object.entries(stats.problemsByCode).filter(([code]) => REJECTING.has(code)),
    );
    const first = stats.problems
      .filter((p) => REJECTING.has(p.code))
      .slice(0, FIRST)
      .map((p) => ({
        line: p.line,
        code: p.code,
        message: p.message,
        ...(p.found ? { found: p.found } : {}),
      }));
    return { value: stats.rowsRejected, detail: { byCode, first } };
  },
});

/** Parameters of the totals-row facts. */
const SumParams = z.strictObject({
  minUnits: z
    .number()
    .int()
    .min(2)
    .default(3)
    .describe(
      'Fewest units a node (the table, or a level such as a district) must have to be checked: with two, one unit equal to the other is a repeat, not a sum.',
    ),
});
type SumParams = z.infer<typeof SumParams>;

/** A unit that holds the sum of the other units of a node. */
interface SummingUnit {
  line: number;
  id: string;
  /** "table", or the level and its path ("district North / N1"). */
  node: string;
  /** The other units it sums. */
  others: number;
}

/**
 * Whether the node's largest unit holds, in every count and vote it has, the sum of the other units of the node
 * that have it (twice its value is the node's total), with at least one such figure above 0.
 */
function sumsTheOthers(node: LevelNode): boolean {
  const unit = node.largest;
  if (!unit) return false;
  const t = node.totals;
  const n = COUNT_FIELDS.length;
  let positive = false;
  for (let j = 0; j < unit.values.length; j++) {
    const v = unit.values[j] as number;
    if (Number.isNaN(v)) continue;
    const field = COUNT_FIELDS[j] as CountField;
    const total = j < n ? t.counts[field] : (t.votes[j - n] as number);
    const lacking = j < n ? t.missingCounts[field] : (t.missingVotes[j - n] as number);
    // No other unit has the figure: there is nothing for it to be the sum of.
    if (t.units - lacking - 1 === 0) continue;
    if (total - v !== v) return false;
    if (v > 0) positive = true;
  }
  return positive;
}

/** The units that hold the sum of the other units of the table or of one of its level nodes, in file order. */
function summingUnits(subject: SubjectOf<'table'>, params: SumParams): SummingUnit[] | Missing {
  const stats = readStats(subject);
  if ('missing' in stats) return stats;
  const found = new Map<number, SummingUnit>();
  // A unit that sums several nodes (a region of one district) is named by the table, else by the deepest of them.
  const [table, ...levels] = subject.aggregate.nodes();
  for (const node of [table as LevelNode, ...levels.reverse()]) {
    const unit = node.largest;
    if (!unit || node.totals.units < params.minUnits || found.has(unit.line) || !sumsTheOthers(node))
      continue;
    const where = node.depth === 0 ? 'table' : `${node.level} ${node.path.join(' / ')}`;
    found.set(unit.line, { line: unit.line, id: unit.id, node: where, others: node.totals.units - 1 });
  }
  return [...found.values()].sort((a, b) => a.line - b.line);
}

/**
 * Units whose every count and vote (those the unit has) is the sum of the other units' of the whole table, or of
 * one level node (a region, a district ...): a totals or subtotal row read as one more polling station, which
 * doubles every figure above it. Measured on the largest unit of each node (see LevelNode.largest): a sum of
 * units is at least as large as each of them. Detail: the first few, with their lines, ids and nodes.
 */
export const unitsThatSumTheOthers = defineFact({
  id: 'unitsThatSumTheOthers',
  description:
    'Units of the precinct table whose counts and votes are each the sum of the other units of the table or of a level node they belong to (a totals or subtotal row).',
  scopes: ['table'],
  returns: 'number',
  params: SumParams,
  compute(subject, params) {
    const units = summingUnits(subject, params);
    if ('missing' in units) return units;
    return { value: units.length, detail: { minUnits: params.minUnits, first: units.slice(0, FIRST) } };
  },
});

/** The first few units that sum the others, written out for a message. */
export const unitsThatSumTheOthersList = defineFact({
  id: 'unitsThatSumTheOthersList',
  description:
    'The first units of the precinct table that hold the sum of the other units of the table or of a level node they belong to, with their lines, as text.',
  scopes: ['table'],
  returns: 'text',
  params: SumParams,
  compute(subject, params) {
    const units = summingUnits(subject, params);
    if ('missing' in units) return units;
    const words = units
      .slice(0, FIRST)
      .map(
        (u) =>
          `line ${u.line}, unit "${u.id}" (the sum of the other ${u.others} units of ${u.node === 'table' ? 'the table' : u.node})`,
      );
    if (units.length > FIRST) words.push(`and ${units.length - FIRST} more`);
    return { value: words.join('; ') };
  },
});
