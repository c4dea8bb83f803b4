/** Hand-worked on the Azerbaijan dataset: the CEC's seven shares sum to 100.00 within their printed precision. */
import { describe, expect, it } from 'vitest';
import { audit } from '../helpers/audit.js';

describe('Azerbaijan 2024: release-shares-sum-to-100', () => {
  it('sums 92.05 + 2.19 + 0.8 + 2 + 0.67 + 1.76 + 0.53 = 100.00, within 5 x 0.005 + 0.05 + 0.5 = 0.575', async () => {
    const { outcomes, findings } = await audit('data/azerbaijan-2024-presidential.json', [
      'release-shares-sum-to-100',
    ]);
    expect(findings).toEqual([]);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]?.outcome).toBe('passed');
    const sum = outcomes[0]?.evidence?.values.shareSum as { value: number; plusMinus: number };
    expect(sum.value).toBeCloseTo(100, 10);
    expect(sum.plusMinus).toBeCloseTo(0.575, 10);
    expect(outcomes[0]?.sources?.map((s) => s.printed)).toEqual([
      '92.05',
      '2.19',
      '0.8',
      'two percent',
      '0.67',
      '1.76',
      '0.53',
    ]);
  });
});
