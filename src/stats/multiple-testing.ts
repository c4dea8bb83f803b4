/** Benjamini-Hochberg adjustment of p-values for per-region runs of a screening test. */

/**
 * Benjamini-Hochberg adjusted p-values (q-values), in input order: q_(i) = min_{j ≥ i} min(1, m·p_(j)/j) over
 * the p-values sorted ascending, m the number of non-null p-values (the same numbers as R's
 * `p.adjust(p, "BH")`). Null entries (a region with insufficient data) stay null and do not count toward m.
 * A rule then compares q with its false-discovery rate, e.g. q ≤ 0.05.
 * Source: Benjamini and Hochberg, "Controlling the False Discovery Rate: A Practical and Powerful Approach to
 * Multiple Testing", Journal of the Royal Statistical Society B 57(1), 289–300, 1995.
 */
export function benjaminiHochberg(pValues: ArrayLike<number | null>): (number | null)[] {
  const indexed: { p: number; i: number }[] = [];
  for (let i = 0; i < pValues.length; i++) {
    const p = pValues[i];
    if (p === null || p === undefined) continue;
    if (!(p >= 0 && p <= 1))
      throw new RangeError(`pValues[${i}]: expected a probability from 0 to 1, found ${p}.`);
    indexed.push({ p, i });
  }
  const out: (number | null)[] = Array.from({ length: pValues.length }, () => null);
  const m = indexed.length;
  // Stable sort keeps ties in input order; ties get equal q-values anyway through the running minimum.
  indexed.sort((a, b) => a.p - b.p);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const { p, i } = indexed[rank - 1] as { p: number; i: number };
    running = Math.min(running, (m * p) / rank);
    out[i] = running;
  }
  return out;
}
