/** A figure's value and fractional part, on share and count figures. */
import { describe, expect, it } from 'vitest';
import { figureValue, fractionalPart } from '../../src/facts/figure-value.js';
import { dataset, fig, measure, outcome, release } from '../helpers/facts.js';

/** A dataset whose first share figure (the turnout) and first count figure (ballots cast) are the given ones. */
const data = (figure: ReturnType<typeof fig>) =>
  dataset({ releases: [release([{ candidate: 'a' }], { turnout: figure, ballotsCast: figure })] });

// A figure subject always has a number (zod checks it), so these facts are never missing; an unreadable
// printed form does not matter, the value is used as recorded.
describe('figureValue', () => {
  it.each([
    [fig(92.05), 92.05],
    [fig(-0.4), -0.4],
    [fig(100.4), 100.4],
    [fig(7, 'Seven'), 7],
    [fig(50, 'about half'), 50],
  ])('%j is %s', (figure, value) => {
    expect(outcome(measure(figureValue, 'shareFigure', data(figure)))).toBe(value);
    expect(outcome(measure(figureValue, 'countFigure', data(figure)))).toBe(value);
  });
});

describe('fractionalPart', () => {
  it.each([
    [fig(1000, '1,000'), 0],
    [fig(0), 0],
    [fig(12.5), 0.5],
    [fig(-12.5), 0.5],
    [fig(-12), 0],
    [fig(1234567.25, '1,234,567.25'), 0.25],
    [fig(1050.1, '1,050.1'), 0.1],
  ])('%j has fractional part %s', (figure, part) => {
    const m = measure(fractionalPart, 'countFigure', data(figure));
    expect(outcome(m)).toBe(part);
    expect('sources' in m && m.sources?.[0]?.pointer).toBe('/releases/0/ballotsCast');
  });
});
