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
  /**
   * What the value rests on that the data does not give, in words (a sample size the rule assumes where the
   * dataset publishes none). A rule whose conditions compare such a value can report a breach, but never a
   * pass: that subject is reported as not evaluated, with this as the reason.
   */
  assumption?: string;
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

/**
 * The kind of value a fact gives when it has one: a number, a text, true or false, a list of one kind, or an
 * object of named members. Declared so that loading a rule can check the operator, the compared constant and
 * any path against it (load/rule-types.ts); tests/facts/returns.test.ts checks the facts keep to it.
 */
export type ValueShape =
  | 'number'
  | 'text'
  | 'boolean'
  | { readonly list: ValueShape }
  | { readonly object: Readonly<Record<string, ValueShape>> };

/** A quantity with its rounding half-width: { value, plusMinus }. */
export const UNCERTAIN: ValueShape = { object: { value: 'number', plusMinus: 'number' } };

/** An interval: { low, high }. */
export const INTERVAL: ValueShape = { object: { low: 'number', high: 'number' } };

/** Whether a value has a shape. */
export function conforms(shape: ValueShape, value: unknown): boolean {
  if (shape === 'number') return typeof value === 'number';
  if (shape === 'text') return typeof value === 'string';
  if (shape === 'boolean') return typeof value === 'boolean';
  if ('list' in shape) return Array.isArray(value) && value.every((x) => conforms(shape.list, x));
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const members = Object.keys(shape.object);
  return (
    Object.keys(value).length === members.length &&
    members.every(
      (k) => Object.hasOwn(value, k) && conforms(shape.object[k] as ValueShape, (value as never)[k]),
    )
  );
}

/** A shape in words: "a number", "text", "{ value, plusMinus }", "a list of text". */
export function shapeWords(shape: ValueShape): string {
  if (shape === 'number') return 'a number';
  if (shape === 'text') return 'text';
  if (shape === 'boolean') return 'true or false';
  if ('list' in shape)
    return `a list of ${shapeWords(shape.list).replace(/^an? /, '')}s`.replace(/texts$/, 'text');
  return `{ ${Object.keys(shape.object).join(', ')} }`;
}

/** A fact provider. */
export interface FactDefinition<K extends SubjectKind = SubjectKind, P = Record<string, never>> {
  id: string;
  /** One sentence: what quantity this is, in what unit. */
  description: string;
  scopes: readonly K[];
  /** The kind of value it gives; without it, rules naming the fact are not checked against its value. */
  returns?: ValueShape;
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
