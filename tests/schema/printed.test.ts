/** Printed forms: the number a figure was printed as, read one consistent way, and the precision it shows. */
import { describe, expect, it } from 'vitest';
import { readingsOf, readPrinted } from '../../src/schema/printed.js';

describe('readPrinted', () => {
  it.each([
    ['92.05', 92.05, 2],
    ['0.8', 0.8, 1],
    ['61%', 61, 0],
    ['93.9 percent', 93.9, 1],
    ['2.19 per cent', 2.19, 2],
    ['1,050', 1050, 0],
    ['1,050.5', 1050.5, 1],
    ['1,000,000', 1000000, 0],
    ['12 345 678', 12345678, 0],
    ['12\u00a0345', 12345, 0],
    ['501000', 501000, 0],
    ['-0.4', -0.4, 1],
    ['+3 points', 3, 0],
    ['612,345 votes', 612345, 0],
  ])('reads %j as it always has: %d with %d decimals', (printed, value, decimals) => {
    expect(readPrinted(printed)).toMatchObject({ value, decimals, style: 'digits' });
    expect(readPrinted(printed, value)).toMatchObject({ value, decimals, halfWidth: 0.5 * 10 ** -decimals });
  });

  it.each([
    ['two percent', 2],
    ['Seven', 7],
    ['thirty percent', 30],
    ['forty-five', 45],
    ['one hundred', 100],
  ])('reads the words %j as %d, give or take half a unit', (printed, value) => {
    expect(readPrinted(printed, value)).toMatchObject({
      value,
      decimals: null,
      halfWidth: 0.5,
      style: 'words',
    });
  });

  it.each([
    ['49,1', 49.1, 1],
    ['0,8 %', 0.8, 1],
    ['32,60', 32.6, 2],
    ['412.345', 412345, 0],
    ['412.345', 412.345, 3],
    ['1,234', 1.234, 3],
    ['1,234', 1234, 0],
    ['1.234.567', 1234567, 0],
    ['1.234,5', 1234.5, 1],
    ['1 234,56', 1234.56, 2],
    ['1\u202f234,5', 1234.5, 1],
    ["1'234'567", 1234567, 0],
    ['1\u2019234.50', 1234.5, 2],
  ])(
    'reads %j with a decimal comma or grouped thousands as %d, with its decimals (%d)',
    (printed, value, decimals) => {
      expect(readPrinted(printed, value)).toMatchObject({
        value,
        decimals,
        halfWidth: 0.5 * 10 ** -decimals,
      });
    },
  );

  it('prefers the reading it always made when no value says which', () => {
    expect(readPrinted('1,234')).toMatchObject({ value: 1234, decimals: 0 });
    expect(readPrinted('412.345')).toMatchObject({ value: 412.345, decimals: 3 });
    expect(readPrinted('49,1')).toMatchObject({ value: 49.1, decimals: 1 });
  });

  it('names each reading it tries, each once', () => {
    expect(readingsOf('1,234').map((r) => [r.value, r.reading])).toEqual([
      [1234, '"," grouping thousands'],
      [1.234, 'decimal comma'],
    ]);
    expect(readingsOf('1.234,5').map((r) => r.reading)).toEqual(['decimal comma, "." grouping thousands']);
    expect(readingsOf('1 234').map((r) => r.value)).toEqual([1234]);
  });

  it.each(['about half', '1,234 567', '1,2,3', '1.234,567.8', '1,23,456', '12.345,6,7', ',5', ''])(
    'reads %j no way: no single number, or no consistent reading',
    (printed) => {
      expect(readingsOf(printed)).toEqual([]);
      expect(readPrinted(printed)).toBeNull();
    },
  );
});
