/** Reads a figure's printed form ("92.05", "0.8", "two percent") to learn the value it states and its precision. */

/** What a printed form says: its number, decimals shown, and the half-width of the rounding interval. */
export interface PrintedReading {
  value: number;
  /** Decimals printed; null for a number written in words. */
  decimals: number | null;
  /** Half a unit of the last printed digit; a number in words carries 0.5 on its own. */
  halfWidth: number;
  /** How it was written. */
  style: 'digits' | 'words';
  /** How it was read, for messages: "decimal comma", "\".\" grouping thousands", "words". */
  reading: string;
}

const WORDS: Record<string, number> = Object.assign(Object.create(null), {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  hundred: 100,
});

const UNIT_WORDS =
  /\s*(?:%|per\s*cent|percent|pct\.?|percentage points?|points?|votes?|ballots?|voters?)\s*$/i;

/** A decimal mark: its name in messages and the characters that write it. */
const DECIMAL_MARKS = [
  { name: 'decimal point', chars: '\\.' },
  { name: 'decimal comma', chars: ',' },
] as const;

/**
 * A thousands separator: its name in messages and the characters that write it (as a mapping's
 * `thousandsSeparator`, src/precinct/thousands.ts: a space stands for the no-break spaces too, an apostrophe for the
 * typographic one). "" groups nothing: plain digits.
 */
const GROUP_SEPARATORS = [
  { name: '', chars: '' },
  { name: '"," grouping thousands', chars: ',' },
  { name: '" " grouping thousands', chars: ' \\u00a0\\u202f' },
  { name: '"." grouping thousands', chars: '\\.' },
  { name: '"\'" grouping thousands', chars: "'\\u2019" },
] as const;

/**
 * Each consistent way to read digits: one decimal mark and at most one thousands separator, never the same
 * character. The first ones read as readPrinted always has (decimal point, "," or a space grouping thousands).
 */
const DIGIT_READINGS = DECIMAL_MARKS.flatMap((mark) =>
  GROUP_SEPARATORS.filter((group) => group.chars !== mark.chars).map((group) => ({
    mark: mark.name,
    group: group.name,
    pattern: new RegExp(
      `^([-+]?)(${group.chars ? `\\d{1,3}(?:[${group.chars}]\\d{3})+|` : ''}\\d+)(?:[${mark.chars}](\\d+))?$`,
    ),
  })),
);

/** What readingsOf accepts, for messages. */
export const PRINTED_FORMS =
  'digits with a decimal point or comma and thousands grouped by ",", ".", a space or an apostrophe ("92.05", ' +
  '"49,1", "412.345", "1 234 567"), an optional unit ("%", "percent", "votes"), or English number words up to ' +
  'one hundred ("two percent")';

/**
 * Every number a printed figure can be read as, each once, in order of preference. Digits may carry a decimal
 * point or a decimal comma and group thousands by ",", ".", a space or an apostrophe, one consistent way
 * ("1,234" reads as 1234 or as 1.234 with 3 decimals, "49,1" only as 49.1, "412.345" as 412.345 or 412345); an
 * optional unit word may follow; or an English number word up to one hundred. Empty when the text states no
 * single number.
 */
export function readingsOf(printed: string): PrintedReading[] {
  const text = printed.trim().replace(UNIT_WORDS, '').trim();
  const readings: PrintedReading[] = [];
  for (const { mark, group, pattern } of DIGIT_READINGS) {
    const m = pattern.exec(text);
    if (!m) continue;
    const [, sign = '', whole = '', fraction] = m;
    const decimals = fraction?.length ?? 0;
    const value = Number(`${sign}${whole.replace(/\D/g, '')}${fraction ? `.${fraction}` : ''}`);
    if (readings.some((r) => r.value === value && r.decimals === decimals)) continue;
    const grouped = /\D/.test(whole);
    const how = [fraction ? mark : '', grouped ? group : ''].filter(Boolean).join(', ');
    readings.push({
      value,
      decimals,
      halfWidth: 0.5 * 10 ** -decimals,
      style: 'digits',
      reading: how || 'plain digits',
    });
  }
  if (readings.length > 0) return readings;
  const words = readWords(text);
  return words === null
    ? []
    : [{ value: words, decimals: null, halfWidth: 0.5, style: 'words', reading: 'words' }];
}

/** Whether a reading states the value (up to float noise). */
export function readsAs(reading: PrintedReading, value: number): boolean {
  return Math.abs(reading.value - value) <= 1e-9 * Math.max(1, Math.abs(value));
}

/**
 * Reads a printed figure (see readingsOf). Given the figure's value, the reading that states it: "1,234" with
 * value 1.234 has 3 decimals, with value 1234 none. Without a value, or when no reading states it (the loader
 * refuses such a figure), the preferred reading. Null when the text states no single number.
 */
export function readPrinted(printed: string, value?: number): PrintedReading | null {
  const readings = readingsOf(printed);
  return (value === undefined ? undefined : readings.find((r) => readsAs(r, value))) ?? readings[0] ?? null;
}

/** An English number word up to one hundred ("two", "forty-five", "one hundred"), or null. */
function readWords(text: string): number | null {
  const words = text
    .toLowerCase()
    .split(/[\s-]+/)
    .filter((w) => w !== 'and');
  if (words.length === 0 || words.length > 3) return null;
  let value = 0;
  for (const word of words) {
    const n = WORDS[word];
    if (n === undefined) return null;
    value = n === 100 ? (value === 0 ? 100 : value * 100) : value + n;
  }
  return value;
}

/** The precision label of a printed form, for grouping: "2 decimals", "words". */
export function precisionLabel(reading: PrintedReading): string {
  if (reading.decimals === null) return 'words';
  return reading.decimals === 1 ? '1 decimal' : `${reading.decimals} decimals`;
}
