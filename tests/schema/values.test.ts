/** Numbers as the reports print them, and a deterministic string order. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareText } from '../../src/order.js';
import { formatNumber, groupThousands } from '../../src/schema/values.js';

describe('formatNumber', () => {
  it('groups whole numbers of five digits or more as toLocaleString("en-US") does', () => {
    expect(formatNumber(166858)).toBe('166,858');
    expect(formatNumber(-1234567)).toBe('-1,234,567');
    expect(formatNumber(1e21)).toBe('1,000,000,000,000,000,000,000');
    expect(formatNumber(9999)).toBe('9999');
    for (const n of [1.5e300, Number.MAX_VALUE, -(2 ** 60), 2 ** 53 + 2]) {
      expect(formatNumber(n)).toBe(n.toLocaleString('en-US'));
    }
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
          fc.maxSafeInteger(),
          fc.double({ noNaN: true }),
        ),
        (x) => {
          const n = Number.isFinite(x) ? Math.trunc(x) : x;
          if (Number.isInteger(n) && Math.abs(n) >= 10000) {
            expect(formatNumber(n)).toBe(n.toLocaleString('en-US'));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('keeps two decimals, two significant digits below 0.01, and no "-0"', () => {
    expect(formatNumber(92.054)).toBe('92.05');
    expect(formatNumber(0.000123)).toBe('0.00012');
    expect(formatNumber(-0.001)).toBe('-0.001');
    expect(formatNumber(-0.004 + 0.004)).toBe('0');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('Infinity');
  });
});

describe('groupThousands', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [1234567, '1,234,567'],
    [-1050, '-1,050'],
    [1050.5, '1,050.5'],
    [1e21, '1,000,000,000,000,000,000,000'],
  ])('%d is written %s', (n, text) => {
    expect(groupThousands(n)).toBe(text);
  });
});

describe('compareText', () => {
  it('orders by code units, whatever the locale (localeCompare put "ä" after "z" under sv_SE)', () => {
    expect(['ä', 'z', 'a', 'B', 'b'].sort(compareText)).toEqual(['B', 'a', 'b', 'z', 'ä']);
    expect(compareText('R01', 'R01')).toBe(0);
  });
});
