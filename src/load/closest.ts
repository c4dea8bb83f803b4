/** "Did you mean": the known names closest to a misspelt one. */
import { compareText } from '../order.js';

/** Edit distance between two strings (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/** Up to three known names within a third of the name's length (at least 2 edits), closest first. */
export function closestNames(name: string, known: Iterable<string>): string[] {
  const limit = Math.max(2, Math.floor(name.length / 3));
  return [...known]
    .map((k) => ({ k, d: editDistance(name.toLowerCase(), k.toLowerCase()) }))
    .filter(({ d }) => d <= limit)
    .sort((x, y) => x.d - y.d || compareText(x.k, y.k))
    .slice(0, 3)
    .map(({ k }) => k);
}

/** Most known names a hint lists when none is close: a long list repeated in every problem hides the problems. */
const LISTED = 12;

/**
 * A hint sentence naming the closest known names, or listing the first known ones; `total` is the number of
 * known names when `known` holds only the first of them.
 */
export function suggestion(
  name: string,
  known: readonly string[],
  what: string,
  total = known.length,
): string {
  const close = closestNames(name, known);
  if (close.length > 0)
    return `Known ${what}s with a similar name: ${close.map((c) => `"${c}"`).join(', ')}.`;
  const listed = known.slice(0, LISTED).map((k) => `"${k}"`);
  return `Known ${what}s: ${listed.join(', ')}${total > LISTED ? ` ... (${total} in all)` : ''}.`;
}
