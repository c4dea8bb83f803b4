/** Checks that concern one precinct row only: counts written as whole numbers, a repeated id, independent counts. */
import type { DatasetContext, SubjectOf } from '../engine/subjects.js';
import { COUNT_FIELDS, type IndependentCounts } from '../schema/mapping.js';
import { defineFact, type Measurement, type Missing, missing } from './define.js';
import { groupThousands } from './names.js';
import { candidateLabel } from './precinct-counts.js';

/** The unit's counts, votes and independent counts that are negative or not whole ("cast = -3"), and missing cells. */
function badCells({ unit, table }: SubjectOf<'unit'>): { bad: string[]; lacking: number } {
  // Runs on every row of a table: labels are written only for the cells that are bad.
  const bad: string[] = [];
  let lacking = 0;
  for (const field of COUNT_FIELDS) {
    if (table.mapping.counts[field] === undefined) continue;
    const v = unit.counts[field];
    if (v === undefined || Number.isNaN(v)) lacking += 1;
    else if (v < 0 || !Number.isInteger(v)) bad.push(`${field} = ${v}`);
  }
  const votes = unit.votes;
  for (let i = 0; i < votes.length; i++) {
    const v = votes[i];
    if (v === undefined || Number.isNaN(v)) lacking += 1;
    else if (v < 0 || !Number.isInteger(v)) bad.push(`votes of ${table.candidates[i]} = ${v}`);
  }
  const independent = unit.independent;
  const spec = table.mapping.independent;
  if (independent && spec) {
    const covered = new Set(spec.columns.map((c) => c.candidate));
    for (let i = 0; i < independent.length; i++) {
      const id = table.candidates[i] as string;
      if (!covered.has(id)) continue;
      const v = independent[i];
      if (v === undefined || Number.isNaN(v)) lacking += 1;
      else if (v < 0 || !Number.isInteger(v)) bad.push(`independent count of ${id} = ${v}`);
    }
  }
  return { bad, lacking };
}

/**
 * How many of the unit's counts, votes and independent counts are negative or not whole numbers. Unknown
 * when none is, but a mapped cell is missing.
 */
export const negativeOrFractionalCounts = defineFact({
  id: 'negativeOrFractionalCounts',
  description: "Number of the unit's counts and votes that are negative or not whole (cells).",
  scopes: ['unit'],
  compute(subject) {
    const { bad, lacking } = badCells(subject);
    if (bad.length === 0 && lacking > 0) return missing('unknown', `${lacking} mapped cell(s) are missing`);
    return { value: bad.length, detail: { cells: bad } };
  },
});

/** The cells negativeOrFractionalCounts counts, written out ("cast = -3"), for messages. */
export const negativeOrFractionalCells = defineFact({
  id: 'negativeOrFractionalCells',
  description: "The unit's counts and votes that are negative or not whole, as text.",
  scopes: ['unit'],
  compute(subject) {
    return { value: badCells(subject).bad };
  },
});

/** The line of the first unit with the same id, or 0 when the unit's id is its own. */
export const duplicateOfLine = defineFact({
  id: 'duplicateOfLine',
  description: 'Line of the earlier unit with the same id, or 0 when no earlier unit has it.',
  scopes: ['unit'],
  compute({ unit }) {
    return { value: unit.duplicateOf ?? 0 };
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
  compute: (subject, _params, ctx) => fromIndependent(subject, ctx, (e) => e.excess),
});

/** The candidate and counts behind independentExcess, as text for messages. */
export const independentExcessCandidate = defineFact({
  id: 'independentExcessCandidate',
  description:
    'The candidate whose independent count most exceeds the official one, with both counts, as text.',
  scopes: ['unit'],
  compute: (subject, _params, ctx) =>
    fromIndependent(
      subject,
      ctx,
      (e, name, kind) =>
        `the ${kind} gives ${name} ${groupThousands(e.independent)} votes, the official count ${groupThousands(e.official)}`,
    ),
});
