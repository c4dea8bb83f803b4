/** The typed-array sort and ranks behind Spearman's correlation: the same order and ranks as a comparator sort. */
import { describe, expect, it } from 'vitest';
import { rankInPlace, rankScratch, sortOrder } from '../../src/stats/rank.js';
import { uniformSource } from './helpers.js';

/** The stable order by value a comparator sort gives. */
function referenceOrder(values: readonly number[]): number[] {
  return values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);
}

/** Average ranks as the comparator-sort implementation gave them. */
function referenceRanks(values: readonly number[]): number[] {
  const order = referenceOrder(values);
  const ranks = new Array<number>(values.length);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1] as number] === values[order[i] as number]) j++;
    for (let k = i; k <= j; k++) ranks[order[k] as number] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return ranks;
}

const u = uniformSource(17);

/** Seeded values of several kinds: ratios with many ties, signed values, both zeros, and extremes. */
const kinds: Record<string, () => number> = {
  ratios: () => Math.floor(u() * 900) / (900 + Math.floor(u() * 100)),
  signed: () => (u() < 0.1 ? (u() < 0.5 ? 0 : -0) : (u() - 0.5) * 1e6),
  // Doubles one float32 cannot tell apart: the runs of equal keys must be sorted by the doubles.
  closeDoubles: () => 1 + Math.floor(u() * 8) * 2 ** -40,
  // Below float32's smallest and above its largest values: whole runs of equal keys.
  tiny: () => (u() - 0.5) * 1e-50,
  huge: () => (u() - 0.5) * 1e300,
  infinite: () => (u() < 0.05 ? (u() < 0.5 ? -1 : 1) * Number.POSITIVE_INFINITY : Math.floor(u() * 90) / 90),
  outlier: () => (u() < 0.001 ? 1e12 : Math.floor(u() * 900) / 900),
  // Extremes: values a double's range apart, the smallest steps, one value (with both zeros) throughout.
  overflow: () => (u() < 0.5 ? -1 : 1) * 1.7e308 * u(),
  subnormal: () => Math.floor(u() * 5) * Number.MIN_VALUE,
  constant: () => (u() < 0.5 ? 0 : -0),
  onlyInfinite: () => (u() < 0.5 ? -1 : 1) * Number.POSITIVE_INFINITY,
};

describe('sortOrder and rankInPlace', () => {
  // 2047 values are sorted by comparison, 2048 and more by radix.
  describe.each([10, 2047, 2048, 20000])('%i values', (n) => {
    it.each(Object.keys(kinds))('order and rank %s as a comparator sort does', (kind) => {
      const values = Array.from({ length: n }, kinds[kind] as () => number);
      if (kind === 'signed') values.splice(0, 3, -0, 0, -0);
      expect([...sortOrder(Float64Array.from(values))]).toEqual(referenceOrder(values));
      expect([...rankInPlace(Float64Array.from(values))]).toEqual(referenceRanks(values));
    });
  });

  it('ties -0 with 0', () => {
    expect([...rankInPlace(Float64Array.of(0, -0, 1, -0, -1))]).toEqual([3, 3, 5, 3, 1]);
    const many = Array.from({ length: 3000 }, (_, i) => (i % 3 === 0 ? -0 : i % 3 === 1 ? 0 : i));
    expect([...rankInPlace(Float64Array.from(many))]).toEqual(referenceRanks(many));
  });

  it('reuses one scratch for arrays up to its capacity, and makes its own beyond', () => {
    const scratch = rankScratch(5000);
    for (const n of [5000, 3000, 100, 6000]) {
      const values = Array.from({ length: n }, kinds.ratios as () => number);
      expect([...rankInPlace(Float64Array.from(values), scratch)]).toEqual(referenceRanks(values));
    }
  });

  it('sorts a subarray by its own indices', () => {
    const all = Float64Array.from({ length: 5000 }, kinds.ratios as () => number);
    const part = all.subarray(1000, 4500);
    expect([...sortOrder(part)]).toEqual(referenceOrder([...part]));
  });
});
