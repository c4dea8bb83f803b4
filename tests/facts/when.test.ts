/** Reading dataset dates as spans of instants and as calendar days; impossible or malformed dates read as null. */
import { describe, expect, it } from 'vitest';
import { DAY_MS, dayNumber, isoUtc, timeSpan } from '../../src/facts/when.js';
import { DateTimeSchema } from '../../src/schema/dataset.js';

describe('timeSpan', () => {
  it.each([
    ['2024-02-07', '2024-02-07T00:00:00Z', '2024-02-08T00:00:00Z'],
    ['2024-02-07T19:00+04:00', '2024-02-07T15:00:00Z', '2024-02-07T15:00:00Z'],
    ['2024-02-07T19:00-03:30', '2024-02-07T22:30:00Z', '2024-02-07T22:30:00Z'],
    // No offset: read as UTC (a documented simplification), not as the machine's local time.
    ['2024-02-07T19:00', '2024-02-07T19:00:00Z', '2024-02-07T19:00:00Z'],
    ['2024-02-07T19:00:30Z', '2024-02-07T19:00:30Z', '2024-02-07T19:00:30Z'],
    ['2024-02-29', '2024-02-29T00:00:00Z', '2024-03-01T00:00:00Z'],
  ])('%s spans %s to %s', (text, start, end) => {
    const span = timeSpan(text);
    expect(span && { start: isoUtc(span.start), end: isoUtc(span.end) }).toEqual({ start, end });
  });

  it.each([
    ['2024-02-30'],
    ['2023-02-29'],
    ['2024-13-01'],
    ['2024-02-07T24:00'],
    ['2024-02-07T19:60Z'],
    ['yesterday'],
    ['07.02.2024'],
    [''],
  ])('%j names no real time', (text) => {
    expect(timeSpan(text)).toBeNull();
  });
});

describe('dayNumber', () => {
  it.each([
    ['1970-01-01', 0],
    ['1970-01-02', 1],
    ['2024-02-07', Date.UTC(2024, 1, 7) / DAY_MS],
    // The calendar date as written, whatever the time and offset.
    ['2024-02-07T23:30-05:00', Date.UTC(2024, 1, 7) / DAY_MS],
    ['2024-02-30', null],
    ['soon', null],
  ])('%s is day %s', (text, day) => {
    expect(dayNumber(text)).toBe(day);
  });
});

describe('the dataset schema', () => {
  it.each(['2024-02-30', '2023-02-29', '2024-05-05T25:00', '2024-05-05T12:60'])(
    'rejects the impossible %s',
    (text) => {
      expect(DateTimeSchema.safeParse(text).success).toBe(false);
    },
  );

  it.each(['2024-02-29', '2024-05-05T23:59:59+04:00'])('accepts %s', (text) => {
    expect(DateTimeSchema.safeParse(text).success).toBe(true);
  });
});
