/** Benjamini-Hochberg q-values against the 1995 paper's example and R's p.adjust(method = "BH"). */
import { describe, expect, it } from 'vitest';
import { benjaminiHochberg } from '../../src/stats/index.js';

describe('benjaminiHochberg', () => {
  // Benjamini and Hochberg (1995), section 4: 15 p-values; at q* = 0.05 the procedure rejects the first four.
  const paper = [
    0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528,
    0.759, 1,
  ];
  // p.adjust(paper, "BH"), equal to scipy.stats.false_discovery_control(paper); by hand e.g. 15/4 · 0.0095.
  const adjusted = [
    0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.06385714285714286, 0.06385714285714286, 0.0645, 0.0765, 0.486,
    0.5811818181818181, 0.714875, 0.7532307692307693, 0.8132142857142857, 1,
  ];

  it('reproduces the paper example', () => {
    const q = benjaminiHochberg(paper);
    q.forEach((v, i) => expect(v).toBeCloseTo(adjusted[i] as number, 12));
    expect(q.filter((v) => (v as number) <= 0.05)).toHaveLength(4);
  });

  it('keeps input order, takes the running minimum and skips nulls', () => {
    // Sorted 0.005, 0.01, 0.03, 0.04 → m·p/rank = 0.02, 0.02, 0.04, 0.04.
    expect(benjaminiHochberg([0.01, null, 0.04, 0.03, 0.005])).toEqual([0.02, null, 0.04, 0.04, 0.02]);
    expect(benjaminiHochberg([])).toEqual([]);
    expect(benjaminiHochberg([0.5])).toEqual([0.5]);
  });

  it.each([[[1.2]], [[-0.1]], [[Number.NaN]]])('rejects %j', (p) => {
    expect(() => benjaminiHochberg(p)).toThrow(RangeError);
  });
});
