/** Helpers for facts over time: exact counts, ratios of counts, and the causes recorded between two releases. */
import type { ReleaseAt } from '../engine/sequence.js';
import type { Change, Figure, Release } from '../schema/dataset.js';
import { readPrinted } from '../schema/printed.js';
import type { FigureSource, Uncertain } from './define.js';
import { clean, uncertain } from './figures.js';

/**
 * A count with its rounding: a whole number printed in full digits ("12,345") is exact; a count printed with
 * decimals or in words carries half a unit of its last printed digit.
 */
export function countUncertain(figure: Figure): Uncertain {
  const reading = readPrinted(figure.printed, figure.value);
  if (reading && reading.style === 'digits' && reading.decimals === 0)
    return { value: figure.value, plusMinus: 0 };
  return uncertain(figure);
}

/**
 * 100·a/b with the widest spread rounding allows: the value is the plain ratio, the half-width the larger
 * distance to (a - ha)/(b + hb) or (a + ha)/(b - hb). Null when b may be zero.
 */
export function percentOf(a: Uncertain, b: Uncertain): Uncertain | null {
  if (b.value - b.plusMinus <= 0) return null;
  const value = (100 * a.value) / b.value;
  const low = (100 * (a.value - a.plusMinus)) / (b.value + b.plusMinus);
  const high = (100 * (a.value + a.plusMinus)) / (b.value - b.plusMinus);
  return { value: clean(value), plusMinus: clean(Math.max(value - low, high - value)) };
}

/** A recorded cause of a change with the release that records it and its pointer. */
export interface RecordedCause {
  change: Change;
  release: Release;
  pointer: string;
}

/**
 * The causes recorded by the releases after the earlier one up to the later one that concern a candidate: a
 * change naming no candidates concerns all of them. A null candidate takes every cause.
 */
export function causesBetween(span: ReleaseAt[], candidate: string | null): RecordedCause[] {
  return span.flatMap(({ release, index }) =>
    (release.changes ?? []).flatMap((change, j) =>
      candidate === null || !change.candidates || change.candidates.includes(candidate)
        ? [{ change, release, pointer: `/releases/${index}/changes/${j}` }]
        : [],
    ),
  );
}

/** The provenance of recorded causes: their pointers and, when given, where the source states them. */
export function causeSources(causes: RecordedCause[]): FigureSource[] {
  return causes.map((c) => ({ pointer: c.pointer, ...(c.change.at ? { at: c.change.at } : {}) }));
}

/** A recorded cause for a reader: 'annulment recorded in r3: "Results of 4 stations annulled"'. */
export function causeWords(c: RecordedCause): string {
  return `${c.change.kind} recorded in ${c.release.id}: ${JSON.stringify(c.change.description)}`;
}
