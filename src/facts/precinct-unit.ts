/** Checks that concern one precinct row only: counts written as whole numbers, a repeated id, independent counts. */
import type { DatasetContext, SubjectOf } from '../engine/subjects.js';
import { COUNT_FIELDS, type IndependentCounts } from '../schema/mapping.js';
import { groupThousands } from '../schema/values.js';
import { defineFact, type Measurement, type Missing, missing } from './define.js';
import { candidateLabel } from './precinct-counts.js';
import { countColumn, ROW_NOT_APPLICABLE, ROW_UNKNOWN, ROW_VALUE } from './rows.js';

/** No bad cell: shared, so a clean row allocates nothing (badCells runs on every row of a table). */
const NO_CELLS: readonly string[] = Object.freeze([]);

/** Whether a cell holds a negative or fractional number (not a missing one). */
function isBad(v: number): boolean {
  return v < 0 || !Number.isInteger(v);
}

/** The unit's counts, votes and independent counts that are negative or not whole ("cast = -3"), and missing cells. */
function badCells(subject: SubjectOf<'unit'>): { bad: readonly string[]; lacking: number } {
  // Runs on every row of a table: one pass counts missing cells and looks for a bad one without
  // allocating; labels are written (by badCellLabels) only for a row that has one.
  const { unit, table } = subject;
  const mapped = table.mapping.counts;
  let lacking = 0;
  let anyBad = false;
  for (const field of COUNT_FIELDS) {
    if (mapped[field] === undefined) continue;
    const v = unit.counts[field];
    if (v === undefined || Number.isNaN(v)) lacking += 1;
    else if (isBad(v)) anyBad = true;
  }
  const votes = unit.votes;
  for (let i = 0; i < votes.length; i++) {
    const v = votes[i];
    if (v === undefined || Number.isNaN(v)) lacking += 1;
    else if (isBad(v)) anyBad = true;
  }
  const independent = unit.independent;
  const spec = table.mapping.independent;
  if (independent && spec) {
    for (let i = 0; i < independent.length; i++) {
      if (!spec.columns.some((c) => c.candidate === table.candidates[i])) continue;
      const v = independent[i];
      if (v === undefined || Number.isNaN(v)) lacking += 1;
      else if (isBad(v)) anyBad = true;
    }
  }
  return { bad: anyBad ? badCellLabels(subject) : NO_CELLS, lacking };
}

/** The bad cells of a unit that has some, labelled, in column order. */
function badCellLabels({ unit, table }: SubjectOf<'unit'>): string[] {
  const bad: string[] = [];
  for (const field of COUNT_FIELDS) {
    const v = unit.counts[field];
    if (table.mapping.counts[field] !== undefined && v !== undefined && !Number.isNaN(v) && isBad(v))
      bad.push(`${field} = ${v}`);
  }
  unit.votes.forEach((v, i) => {
    if (!Number.isNaN(v) && isBad(v)) bad.push(`votes of ${table.candidates[i]} = ${v}`);
  });
  const spec = table.mapping.independent;
  unit.independent?.forEach((v, i) => {
    const id = table.candidates[i] as string;
    if (!spec?.columns.some((c) => c.candidate === id)) return;
    if (!Number.isNaN(v) && isBad(v)) bad.push(`independent count of ${id} = ${v}`);
  });
  return bad;
}

/**
 * How many of the unit's counts, votes and independent counts are negative or not whole numbers. Unknown
 * when none is, but a mapped cell is missing.
 */
export const negativeOrFractionalCounts = defineFact({
  id: 'negativeOrFractionalCounts',
  description: "Number of the unit's counts and votes that are negative or not whole (cells).",
  scopes: ['unit'],
  returns: 'number',
  compute(subject) {
    const { bad, lacking } = badCells(subject);
    if (bad.length === 0 && lacking > 0) return missing('unknown', `${lacking} mapped cell(s) are missing`);
    return { value: bad.length, detail: { cells: bad } };
  },
  rows(batch, table, _params, _ctx, { values, status }) {
    if (batch.plain) {
      // Every cell read as plain digits: none is negative, fractional or missing.
      values.fill(0, 0, batch.size);
      status.fill(ROW_VALUE, 0, batch.size);
      return;
    }
    const columns = COUNT_FIELDS.map((f) => countColumn(batch, table, f)).filter((c) => c !== undefined);
    const { votes, candidates: k } = batch;
    const spec = table.mapping.independent;
    const independent = spec ? batch.independent : undefined;
    // The candidates whose independent counts are checked: those the mapping covers.
    const covered = table.candidates.map((id) => spec?.columns.some((c) => c.candidate === id) === true);
    for (let i = 0; i < batch.size; i++) {
      let bad = 0;
      let lacking = 0;
      for (const column of columns) {
        const v = column[i] as number;
        if (Number.isNaN(v)) lacking += 1;
        else if (isBad(v)) bad += 1;
      }
      for (let at = i * k, end = at + k; at < end; at++) {
        const v = votes[at] as number;
        if (Number.isNaN(v)) lacking += 1;
        else if (isBad(v)) bad += 1;
      }
      if (independent) {
        for (let j = 0; j < k; j++) {
          if (!covered[j]) continue;
          const v = independent[i * k + j] as number;
          if (Number.isNaN(v)) lacking += 1;
          else if (isBad(v)) bad += 1;
        }
      }
      if (bad === 0 && lacking > 0) status[i] = ROW_UNKNOWN;
      else {
        status[i] = ROW_VALUE;
        values[i] = bad;
      }
    }
  },
});

/** The cells negativeOrFractionalCounts counts, written out ("cast = -3"), for messages. */
export const negativeOrFractionalCells = defineFact({
  id: 'negativeOrFractionalCells',
  description: "The unit's counts and votes that are negative or not whole, as text.",
  scopes: ['unit'],
  returns: { list: 'text' },
  compute(subject) {
    return { value: badCells(subject).bad };
  },
});

/** The line of the first unit with the same id, or 0 when the unit's id is its own. */
export const duplicateOfLine = defineFact({
  id: 'duplicateOfLine',
  description: 'Line of the earlier unit with the same id, or 0 when no earlier unit has it.',
  scopes: ['unit'],
  returns: 'number',
  compute({ unit }) {
    return { value: unit.duplicateOf ?? 0 };
  },
  rows(batch, _table, _params, _ctx, { values, status }) {
    values.set(batch.duplicateOf.subarray(0, batch.size));
    status.fill(ROW_VALUE, 0, batch.size);
  },
});

/** The candidate whose independent count most exceeds the official count. */
interface IndependentExcess {
  index: number;
  excess: number;
  independent: number;
  official: number;
}

function independentExcessOf(subject: SubjectOf<'unit'>): IndependentExcess | Missing {
  const { unit, table } = subject;
  const spec = table.mapping.independent;
  if (!spec) return missing('notApplicable', 'the table maps no independent counts');
  let best: IndependentExcess | undefined;
  let lacking = 0;
  for (const { candidate } of spec.columns) {
    const index = table.candidates.indexOf(candidate);
    const independent = unit.independent?.[index] ?? Number.NaN;
    const official = unit.votes[index] ?? Number.NaN;
    if (Number.isNaN(independent) || Number.isNaN(official)) {
      lacking += 1;
      continue;
    }
    if (!best || independent - official > best.excess)
      best = { index, excess: independent - official, independent, official };
  }
  if (!best || (best.excess <= 0 && lacking > 0)) {
    return missing('unknown', `the official or independent count of ${lacking} candidate(s) is missing`);
  }
  return best;
}

const KIND_WORDS: Record<IndependentCounts['kind'], string> = {
  observerCount: "observers' count",
  photoVerified: 'photo-verified count',
  parallelCount: 'parallel count',
  other: 'independent count',
};

function fromIndependent(
  subject: SubjectOf<'unit'>,
  ctx: DatasetContext,
  value: (e: IndependentExcess, name: string, kind: string) => unknown,
): Measurement {
  const found = independentExcessOf(subject);
  if ('missing' in found) return found;
  const spec = subject.table.mapping.independent as IndependentCounts;
  const candidate = candidateLabel(subject, ctx, found.index);
  const kind = KIND_WORDS[spec.kind];
  return {
    value: value(found, candidate, kind),
    detail: {
      candidate,
      independent: found.independent,
      official: found.official,
      kind: spec.kind,
      ...(spec.description ? { description: spec.description } : {}),
    },
  };
}

/**
 * The largest independent count (observers', photo-verified ...) minus the official count among the covered
 * candidates: above 0 when the independent source saw more votes for a candidate than the commission recorded.
 */
export const independentExcess = defineFact({
  id: 'independentExcess',
  description: "The largest of a candidate's independent count minus their official count (votes).",
  scopes: ['unit'],
  returns: 'number',
  compute: (subject, _params, ctx) => fromIndependent(subject, ctx, (e) => e.excess),
  rows(batch, table, _params, _ctx, { values, status }) {
    const spec = table.mapping.independent;
    // Each covered candidate's index, -1 for one the table does not list (never compared: missing).
    const indices = spec?.columns.map(({ candidate }) => table.candidates.indexOf(candidate)) ?? [];
    const { votes, independent, candidates: k } = batch;
    for (let i = 0; i < batch.size; i++) {
      if (!spec) {
        status[i] = ROW_NOT_APPLICABLE;
        continue;
      }
      let found = false;
      let best = 0;
      let lacking = false;
      for (const index of indices) {
        const seen = index < 0 || !independent ? Number.NaN : (independent[i * k + index] as number);
        const official = index < 0 ? Number.NaN : (votes[i * k + index] as number);
        if (Number.isNaN(seen) || Number.isNaN(official)) lacking = true;
        else if (!found || seen - official > best) {
          found = true;
          best = seen - official;
        }
      }
      if (!found || (best <= 0 && lacking)) status[i] = ROW_UNKNOWN;
      else {
        status[i] = ROW_VALUE;
        values[i] = best;
      }
    }
  },
});

/** The candidate and counts behind independentExcess, as text for messages. */
export const independentExcessCandidate = defineFact({
  id: 'independentExcessCandidate',
  description:
    'The candidate whose independent count most exceeds the official one, with both counts, as text.',
  scopes: ['unit'],
  returns: 'text',
  compute: (subject, _params, ctx) =>
    fromIndependent(
      subject,
      ctx,
      (e, name, kind) =>
        `the ${kind} gives ${name} ${groupThousands(e.independent)} votes, the official count ${groupThousands(e.official)}`,
    ),
});
