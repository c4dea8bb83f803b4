/** How a fact is defined: an id, the subject kinds it measures, its parameters, and a pure compute function. */
import type { z } from 'zod';
import type { DatasetContext, SubjectOf } from '../engine/subjects.js';
import type { Locator } from '../schema/dataset.js';
import type { SubjectKind } from '../schema/rule.js';

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
