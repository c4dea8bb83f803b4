/** A unit subject that views one row of a batch after another, for the compiled rules of the table pass. */
import type { TableInfo } from '../precinct/aggregate.js';
import type { Unit, UnitBatch, UnitCounts } from '../precinct/read.js';
import type { SubjectOf } from './subjects.js';

// Why a view: building a unit object (counts, votes, levels, a decoded id) and a subject (id, label and names
// as strings) for every row cost more than the rules themselves at a million rows (issue 6's profile). The
// compiled rules read counts and votes only, so one object is refilled per row with those, and the id, levels
// and labels are worked out only if something asks for them. A finding's sample is built from
// `batch.unit(i)` instead (see table-run.ts): a view must not be kept past its row. Since facts can measure a
// whole batch (FactDefinition.rows), the table pass loads the view only for a rule that reads a fact without
// `rows` (or through a path), and for the rows it flags, to learn which rules failed there.

/** The unit of the current row: counts and votes filled per row, id and levels decoded on demand. */
class RowUnit implements Unit {
  batch: UnitBatch | undefined;
  row = 0;
  line = 0;
  readonly counts: UnitCounts = {
    registered: undefined,
    issued: undefined,
    cast: undefined,
    valid: undefined,
    invalid: undefined,
  };
  votes: number[] = [];
  independent: number[] | undefined = undefined;
  duplicateOf: number | undefined = undefined;

  get id(): string {
    return (this.batch as UnitBatch).id(this.row);
  }

  get levels(): string[] {
    const batch = this.batch as UnitBatch;
    return batch.levels.map((_, l) => batch.level(l, this.row));
  }

  /** Points the unit at row i of the batch. */
  load(batch: UnitBatch, i: number): void {
    this.batch = batch;
    this.row = i;
    this.line = batch.lines[i] as number;
    const c = batch.counts;
    const counts = this.counts;
    counts.registered = present(c.registered, i);
    counts.issued = present(c.issued, i);
    counts.cast = present(c.cast, i);
    counts.valid = present(c.valid, i);
    counts.invalid = present(c.invalid, i);
    const k = batch.candidates;
    if (this.votes.length !== k) this.votes = new Array<number>(k).fill(0);
    const votes = this.votes;
    const from = batch.votes;
    for (let j = 0, at = i * k; j < k; j++, at++) votes[j] = from[at] as number;
    const independent = batch.independent;
    if (independent) {
      if (this.independent?.length !== k) this.independent = new Array<number>(k).fill(0);
      const into = this.independent;
      for (let j = 0, at = i * k; j < k; j++, at++) into[j] = independent[at] as number;
    } else this.independent = undefined;
    const first = batch.duplicateOf[i] as number;
    this.duplicateOf = first !== 0 ? first : undefined;
  }
}

function present(column: Float64Array | undefined, i: number): number | undefined {
  if (column === undefined) return undefined;
  const v = column[i] as number;
  return Number.isNaN(v) ? undefined : v;
}

/**
 * The subject of the current row, with the same fields as `unitSubject(table, batch.unit(i))`; `id`, `label`
 * and `names` are computed when read. Call `load` to move to another row.
 */
export class UnitRowSubject implements SubjectOf<'unit'> {
  readonly kind = 'unit' as const;
  readonly pointer: string;
  readonly unit = new RowUnit();

  constructor(readonly table: TableInfo) {
    this.pointer = `/precincts/${table.index}`;
  }

  /** Moves the view to row i of the batch. */
  load(batch: UnitBatch, i: number): this {
    this.unit.load(batch, i);
    return this;
  }

  get id(): string {
    return `table:${this.table.entry.id}/unit:${this.unit.id}`;
  }

  get label(): string {
    return `unit ${this.unit.id} (line ${this.unit.line})`;
  }

  get names(): Record<string, string> {
    const levels = this.unit.levels;
    return {
      table: this.table.entry.id,
      unit: this.unit.id,
      levels: levels.join(' / ') || 'no levels mapped',
    };
  }
}
