/** Counts written with their thousands grouped ("1,234", "12 345 678"): the mapping's `thousandsSeparator`. */
import type { Mapping } from '../schema/mapping.js';
import { THOUSANDS_SEPARATORS } from '../schema/thousands-separators.js';

// The separators a mapping can declare (the schema's enum is built from the same list).
export { THOUSANDS_SEPARATORS };

/** The characters each declared separator stands for (" ": the no-break spaces too; "'": the typographic one). */
const CHARACTERS: Readonly<Record<NonNullable<Mapping['thousandsSeparator']>, string>> = {
  ',': ',',
  '.': '\\.',
  ' ': ' \u00a0\u202f',
  "'": "'\u2019",
};

/**
 * Whole numbers written with a thousands separator, as a pattern; null without one. Digits grouped in threes
 * only: "1,5" or "12,34" do not match.
 */
export function groupedNumber(separator: Mapping['thousandsSeparator']): RegExp | null {
  if (separator === undefined) return null;
  return new RegExp(`^[+-]?\\d{1,3}(?:[${CHARACTERS[separator]}]\\d{3})+$`);
}

/** The number text of a grouped count, its separators left out ("1,234" -> "1234"). */
export function ungrouped(text: string): string {
  return text.replace(/[^\d+-]/g, '');
}

/** The separator a grouped count is written with, as a mapping declares it, or undefined. */
export function separatorOf(text: string): Mapping['thousandsSeparator'] {
  return THOUSANDS_SEPARATORS.find((s) => groupedNumber(s)?.test(text));
}
