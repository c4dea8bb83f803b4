/** Helpers for facts: a figure's rounding interval and its provenance. */
import type { Figure } from '../schema/dataset.js';
import { readPrinted } from '../schema/printed.js';
import type { FigureSource, Uncertain } from './define.js';

/** The figure's value with half a unit of its printed precision (0 when the printed form states no number). */
export function uncertain(figure: Figure): Uncertain {
  return { value: figure.value, plusMinus: readPrinted(figure.printed, figure.value)?.halfWidth ?? 0 };
}

/** The provenance of a figure at a pointer of the dataset. */
export function sourceOf(figure: Figure, pointer: string): FigureSource {
  return { pointer, printed: figure.printed, at: figure.at };
}

/** Rounds to 10 decimals so float noise (0.1 + 0.2) never shows in reports or flips a comparison. */
export function clean(x: number): number {
  return Math.round(x * 1e10) / 1e10;
}
