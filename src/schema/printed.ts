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

/**
 * Reads a printed figure. Accepts digits with an optional decimal point (a comma is read as a thousands
 * separator only in groups of three), an optional unit word, or an English number word up to one hundred.
 * Returns null when the text states no single number.
 */
export function readPrinted(printed: string): PrintedReading | null {
  const text = printed.trim().replace(UNIT_WORDS, '').trim();
  const digits = /^[-+]?(?:\d{1,3}(?:[,\u00a0\u202f ]\d{3})+|\d+)(?:\.(\d+))?$/.exec(text);
  if (digits) {
    const decimals = digits[1]?.length ?? 0;
    const value = Number(text.replace(/[,\u00a0\u202f ]/g, ''));
    return { value, decimals, halfWidth: 0.5 * 10 ** -decimals, style: 'digits' };
  }
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
  return { value, decimals: null, halfWidth: 0.5, style: 'words' };
}

/** The precision label of a printed form, for grouping: "2 decimals", "words". */
export function precisionLabel(reading: PrintedReading): string {
  if (reading.decimals === null) return 'words';
  return reading.decimals === 1 ? '1 decimal' : `${reading.decimals} decimals`;
}
