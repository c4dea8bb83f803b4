/** Candidate entries whose names coincide once case and spacing are set aside. */
import { describe, expect, it } from 'vitest';
import {
  candidateNameClashes,
  candidateNameClashList,
  normaliseName,
} from '../../src/facts/candidate-names.js';
import { dataset, measure, outcome } from '../helpers/facts.js';

describe('normaliseName', () => {
  it.each([
    ['Anna Smith', 'anna smith'],
    ['  Anna   Smith ', 'anna smith'],
    ['ANNA\tSMITH', 'anna smith'],
    ['\uff21nna Smith', 'anna smith'],
    ['Anna-Smith', 'anna-smith'],
  ])('%j reads %j', (name, normal) => {
    expect(normaliseName(name)).toBe(normal);
  });
});

describe('candidateNameClashes and candidateNameClashList', () => {
  const data = (names: string[]) =>
    dataset({ candidates: names.map((name, i) => ({ id: `c${i + 1}`, name })) });

  it.each([
    [['Anna Smith', 'Bob Jones'], 0, []],
    [['Anna Smith'], 0, []],
    [['Anna Smith', 'anna  smith ', 'Bob Jones'], 1, ['c1 ("Anna Smith") and c2 ("anna  smith ")']],
    [['X', 'x', 'X '], 1, ['c1 ("X"), c2 ("x") and c3 ("X ")']],
    [['A', 'B', 'a', 'b'], 2, ['c1 ("A") and c3 ("a")', 'c2 ("B") and c4 ("b")']],
  ])('%j: %d shared, %j', (names, n, list) => {
    expect(outcome(measure(candidateNameClashes, 'dataset', data(names)))).toBe(n);
    expect(outcome(measure(candidateNameClashList, 'dataset', data(names)))).toEqual(list);
  });
});
