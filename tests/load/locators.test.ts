/**
 * Locators against a source text the dataset names: the paragraph must exist and print the figure, as the
 * report's quote finds it; otherwise a problem at .../at/paragraph naming where the figure is printed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/load/dataset.js';
import { InputError, type InputProblem } from '../../src/load/errors.js';
import { excerptFor, findPrinted, sourceDecorator } from '../../src/load/excerpt.js';
import { tempDir } from '../helpers/cli.js';

const TEXT = [
  'Results were announced on Monday.',
  'The commission said Candidate A won 52,3 percent. Candidate B won 47.7\npercent of the votes.',
  'Turnout was 61 percent.',
].join('\n\n');

/** A dataset beside a source text: a's share printed as `printed` at `paragraph`, and candidate a's locator. */
function load(printed: string, paragraph: number, candidateParagraph = 2, file: string | null = 'text.txt') {
  const dir = tempDir();
  writeFileSync(join(dir, 'text.txt'), TEXT);
  writeFileSync(
    join(dir, 'd.json'),
    JSON.stringify({
      schemaVersion: 1,
      id: 'locators',
      election: { country: 'Testland', office: 'President', date: '2024-05-05', kind: 'regular' },
      sources: [{ id: 's', publisher: 'Test Gazette', ...(file ? { file } : {}) }],
      candidates: [
        { id: 'a', name: 'Candidate A', at: { source: 's', paragraph: candidateParagraph } },
        { id: 'b', name: 'Candidate B' },
      ],
      releases: [
        {
          id: 'r1',
          authority: 'Test Commission',
          source: 's',
          status: 'final',
          results: [
            { candidate: 'a', share: { value: 52.3, printed, at: { source: 's', paragraph } } },
            {
              candidate: 'b',
              share: { value: 47.7, printed: '47.7 percent', at: { source: 's', paragraph: 2 } },
            },
          ],
        },
      ],
    }),
  );
  return join(dir, 'd.json');
}

function problemsOf(file: string): InputProblem[] {
  try {
    loadDataset(file);
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
  return [];
}

describe('findPrinted', () => {
  it('finds the text as printed, any white space for any white space, and nothing else', () => {
    expect(findPrinted('won 47.7%\nof the votes', '47.7% of the votes')).toBe(4);
    expect(findPrinted('won 47.7%\u00a0of', '47.7% of')).toBe(4);
    expect(findPrinted('won 4717', '4.7')).toBe(-1);
    expect(findPrinted('a (b) [c]', '(b) [c]')).toBe(2);
    expect(findPrinted('anything', '  ')).toBe(-1);
  });

  it('finds whole numbers and words only, not part of a longer one', () => {
    // "20" was found in "2024" and "12.20", so a figure cited at the wrong paragraph could pass as printed there.
    expect(findPrinted('on 8 May 2024', '20')).toBe(-1);
    expect(findPrinted('a share of 12.20%', '2.20')).toBe(-1);
    expect(findPrinted('a share of 2.205%', '2.20')).toBe(-1);
    expect(findPrinted('1,204 voters', '204')).toBe(-1);
    expect(findPrinted('the network', 'two')).toBe(-1);
    expect(findPrinted('twenty-two percent', 'two percent')).toBe(-1);
    expect(findPrinted('just two percent', 'two percent')).toBe(5);
    expect(findPrinted('forty-five percent', 'forty-five percent')).toBe(0);
    expect(findPrinted('got 20%, then 20.5', '20')).toBe(4);
    expect(findPrinted('(20) votes', '20')).toBe(1);
    expect(findPrinted('it was 20.', '20')).toBe(7);
  });

  it('is what excerptFor quotes by', () => {
    const paragraph = TEXT.split('\n\n')[1] as string;
    expect(excerptFor(paragraph, '47.7 percent')).toBe('Candidate B won 47.7\npercent of the votes.');
  });
});

describe('a figure located in a source text', () => {
  it('loads when its paragraph prints it, and the report quotes that sentence', () => {
    const file = load('52,3', 2);
    expect(problemsOf(file)).toEqual([]);
    const decorate = sourceDecorator(loadDataset(file));
    expect(decorate({ pointer: '/x', printed: '52,3', at: { source: 's', paragraph: 2 } }).excerpt).toBe(
      'The commission said Candidate A won 52,3 percent.',
    );
  });

  it('in another paragraph: a problem at its paragraph, naming the one that prints it', () => {
    const problems = problemsOf(load('52,3', 3));
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'data-printed-not-in-paragraph',
        pointer: '/releases/0/results/0/share/at/paragraph',
        message: '"52,3" is not printed in paragraph 3 of source "s" (text.txt)',
        found: 'paragraph 3: "Turnout was 61 percent."',
        hint: '"52,3" is printed in paragraph 2 of that text.',
      }),
    ]);
  });

  it('beyond the text (42 of 3): a problem, for figures and for other locators', () => {
    const problems = problemsOf(load('52,3', 42, 9));
    expect(problems.map((p) => [p.code, p.pointer, p.message, p.expected, p.hint])).toEqual([
      [
        'data-paragraph-missing',
        '/candidates/0/at/paragraph',
        'paragraph 9 of source "s" (text.txt) does not exist',
        'a paragraph from 1 to 3',
        undefined,
      ],
      [
        'data-paragraph-missing',
        '/releases/0/results/0/share/at/paragraph',
        'paragraph 42 of source "s" (text.txt) does not exist',
        'a paragraph from 1 to 3',
        '"52,3" is printed in paragraph 2 of that text.',
      ],
    ]);
    expect(problems[0]?.line).toBeGreaterThan(0);
  });

  it('printed nowhere in the text: says so', () => {
    const [problem] = problemsOf(load('52.3', 2));
    expect(problem).toMatchObject({
      code: 'data-printed-not-in-paragraph',
      hint: '"52.3" is printed in no paragraph of that text: copy the figure as the source prints it.',
    });
  });

  it('is not checked when the source names no text file', () => {
    expect(problemsOf(load('52,3', 42, 9, null))).toEqual([]);
  });
});
