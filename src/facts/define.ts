/** How a fact is defined: an id, the subject kinds it measures, its parameters, and a pure compute function. */
import type { z } from 'zod';
import type { DatasetContext, SubjectOf } from '../engine/subjects.js';
import type { TableInfo } from '../precinct/aggregate.js';
import type { UnitBatch } from '../precinct/batch.js';
import type { Locator } from '../schema/dataset.js';
import type { SubjectKind } from '../schema/rule.js';
import type { RowValues } from './rows.js';

/** A figure a measurement used: its place in the dataset and where it was printed. */
export interface FigureSource {
  pointer: string;
  printed?: string;
  at?: Locator;
}

/** A quantity with the rounding uncertainty its printed inputs carry: the truth lies in value ± plusMinus. */
export interface Uncertain {
  value: number;
  plusMinus: number;
}

/** An interval of values, in the fact's unit. */
export interface Interval {
  low: number;
  high: number;
}

/** The value of a fact for one subject, with the figures it used and any detail worth showing a reviewer. */
export interface Measured {
  value: unknown;
  sources?: FigureSource[];
  detail?: Record<string, unknown>;
}

/**
 * A fact that has no value for a subject. "notApplicable": the check does not concern this subject (no
 * votes to compare); the rule is skipped for it. "unknown": the check applies but the data to measure it is
 * missing; the rule is reported as not evaluated, never as passed.
 */
export interface Missing {
  missing: 'notApplicable' | 'unknown';
  reason: string;
}

export type Measurement = Measured | Missing;

/** A fact provider. */
export interface FactDefinition<K extends SubjectKind = SubjectKind, P = Record<string, never>> {
  id: string;
  /** One sentence: what quantity this is, in what unit. */
  description: string;
  scopes: readonly K[];
  /** Parameters a rule may pass, with defaults; a strict zod object. */
  params?: z.ZodType<P>;
  compute(subject: SubjectOf<K>, params: P, ctx: DatasetContext): Measurement;
  /**
   * For a numeric unit fact that runs on every row of a table: its values for rows [0, batch.size) of a batch
   * at once, written into `into` (sized for them already), each row's status saying what `compute` would
   * return for that row's unit: its value (ROW_VALUE), or a Missing "unknown" / "notApplicable". No detail,
   * sources or reasons: the table pass (engine/codegen.ts) reads the values where a rule compares the fact
   * without a path, and explains the rows a finding lists through `compute`. It must agree with `compute` on
   * every row (tests/facts/rows.test.ts checks each fact that has one).
   */
  rows?(batch: UnitBatch, table: TableInfo, params: P, ctx: DatasetContext, into: RowValues): void;
}

/** Declares a fact with its types inferred. */
export function defineFact<K extends SubjectKind, P = Record<string, never>>(
  definition: FactDefinition<K, P>,
): FactDefinition<K, P> {
  return definition;
}

/** A missing measurement. */
export function missing(kind: Missing['missing'], reason: string): Missing {
  return { missing: kind, reason };
}

/** Tells a missing measurement apart from a value. */
export function isMissing(m: Measurement): m is Missing {
  return 'missing' in m;
}
