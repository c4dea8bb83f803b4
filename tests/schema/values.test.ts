/** Numbers as the reports print them, and a deterministic string order. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderMessage } from '../../src/engine/message.js';
import { compareText } from '../../src/order.js';
import {
  formatExact,
  formatHeld,
  formatMember,
  formatNumber,
  formatProbability,
  formatValue,
  groupThousands,
} from '../../src/schema/values.js';

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

describe('formatExact', () => {
  it.each([
    [0.575, '0.575'],
    [0.055, '0.055'],
    [0.0125, '0.0125'],
    [99.995, '99.995'],
    [-0, '0'],
    [1.5e-7, '0.00000015'],
    [-2.5e-10, '-0.00000000025'],
    [166858, '166,858'],
    [1234.5678, '1234.5678'],
  ])('%d is written %s', (n, text) => {
    expect(formatExact(n)).toBe(text);
  });

  it('reads back as the number it was given', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        expect(Number(formatExact(n).replaceAll(',', ''))).toBe(n === 0 ? 0 : n);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('margins and what a rule holds', () => {
  it('shows a rounding half-width as held, the value beside it at two decimals', () => {
    expect(formatValue({ value: 100, plusMinus: 0.575 })).toBe('100 ± 0.575');
    expect(formatValue({ value: 1.8500000001, plusMinus: 0.055 })).toBe('1.85 ± 0.055');
    expect(formatValue({ share: 49.1234, tolerance: 0.055, margin: 2.0977841633 })).toBe(
      'share: 49.12; tolerance: 0.055; margin: 2.1',
    );
    expect(formatValue([{ value: 5, plusMinus: 0.0125 }])).toBe('5 ± 0.0125');
  });

  it('prints a placeholder naming a half-width exactly', () => {
    expect(formatMember(0.055, 'plusMinus')).toBe('0.055');
    expect(formatMember(0.575, 'tolerance')).toBe('0.575');
    expect(formatMember(0.575, 'value')).toBe('0.57');
    expect(formatMember({ value: 100, plusMinus: 0.575 }, undefined)).toBe('100 ± 0.575');
  });

  it('shows a compared constant and parameters as the rule writes them', () => {
    expect(formatHeld(99.995)).toBe('99.995');
    expect(formatHeld(0.055)).toBe('0.055');
    expect(formatHeld({ confidenceLevel: 0.9995, minCount: 12345 })).toBe(
      'confidenceLevel: 0.9995; minCount: 12,345',
    );
  });
});

describe('p- and q-values', () => {
  it('prints small ones in scientific notation with two significant digits, never 0 for a positive one', () => {
    expect(formatProbability(1.0925441804930151e-18)).toBe('1.1e-18');
    expect(formatProbability(9.15407113830028e-255)).toBe('9.2e-255');
    expect(formatProbability(0.000024)).toBe('2.4e-5');
    expect(formatProbability(1e-5)).toBe('1e-5');
    expect(formatProbability(Number.MIN_VALUE)).toBe('4.9e-324');
    expect(formatProbability(0)).toBe('< 1e-300');
    expect(formatProbability(0.00013)).toBe('0.00013');
    expect(formatProbability(0.25)).toBe('0.25');
    expect(formatProbability(1)).toBe('1');
  });

  it('prints a p-value placeholder readably, and one below the smallest double as a bound', () => {
    const template = 'K² {k2}; {kind} = {turnoutMomentsPValue}; {share} of units.';
    const values = {
      k2: 82.71604517382468,
      kind: 'p',
      turnoutMomentsPValue: 1.0925441804930151e-18,
      share: 0,
    };
    expect(renderMessage(template, {}, values)).toBe('K² 82.72; p = 1.1e-18; 0 of units.');
    expect(renderMessage(template, {}, { ...values, turnoutMomentsPValue: 0 })).toBe(
      'K² 82.72; p < 1e-300; 0 of units.',
    );
    // Unknown facts and names keep their "= ".
    expect(renderMessage('q = {x}', {}, {}, new Set(['x']))).toBe('q = unknown');
    expect(renderMessage('q = {subject}', { subject: 'region A' }, {})).toBe('q = region A');
  });

  it('prints p- and q-value members of a detail the same way', () => {
    expect(
      formatValue({ statistic: 82.71604517382468, pValue: 1.09e-18, qValue: 0, skewnessPValue: 0.00002 }),
    ).toBe('statistic: 82.72; pValue: 1.1e-18; qValue: < 1e-300; skewnessPValue: 2e-5');
    expect(formatMember(3.3e-7, 'leaderShareMomentsPValue')).toBe('3.3e-7');
    expect(formatHeld({ pValue: 0.00002 })).toBe('pValue: 0.00002');
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
