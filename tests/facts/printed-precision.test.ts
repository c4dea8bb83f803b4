/** The printed precisions of a release's percentages, counted and grouped. */
import { describe, expect, it } from 'vitest';
import { printedPrecisionCount, printedPrecisions } from '../../src/facts/printed-precision.js';
import { dataset, fig, measure, outcome, release } from '../helpers/facts.js';

const data = (shares: [number, string][], fields: Record<string, unknown> = {}) =>
  dataset({
    releases: [
      release(
        shares.map(([v, p], i) => ({ candidate: ['a', 'b', 'c'][i], share: fig(v, p) })),
        fields,
      ),
    ],
  });

describe('printedPrecisionCount and printedPrecisions', () => {
  it.each([
    [
      'one precision',
      data([
        [50.12, '50.12'],
        [49.88, '49.88'],
      ]),
      1,
      ['2 decimals ("50.12", "49.88")'],
    ],
    [
      'two',
      data([
        [50.12, '50.12'],
        [49.9, '49.9'],
      ]),
      2,
      ['2 decimals ("50.12")', '1 decimal ("49.9")'],
    ],
    [
      'turnout and words; the share processed is not compared',
      data(
        [
          [50.12, '50.12'],
          [2, 'two percent'],
        ],
        {
          turnout: fig(61, '61%'),
          progress: { share: fig(30, '30'), counts: 'ballots' },
        },
      ),
      3,
      ['0 decimals ("61%")', '2 decimals ("50.12")', 'words ("two percent")'],
    ],
    [
      'an unreadable one is left out',
      data([
        [50.1, '50.1'],
        [50, 'about half'],
      ]),
      1,
      ['1 decimal ("50.1")'],
    ],
    [
      'a whole share processed beside shares to one decimal',
      data(
        [
          [49.6, '49.6'],
          [50.4, '50.4'],
        ],
        { turnout: fig(62.3, '62.3'), progress: { share: fig(30, '30'), counts: 'pollingStations' } },
      ),
      1,
      ['1 decimal ("62.3", "49.6", "50.4")'],
    ],
    ['none readable', data([[50, 'about half']]), { missing: 'unknown' }, null],
    [
      'no percentage',
      dataset({ releases: [release([{ candidate: 'a', votes: fig(10) }])] }),
      { missing: 'notApplicable' },
      null,
    ],
  ])('%s', (_, d, count, groups) => {
    expect(outcome(measure(printedPrecisionCount, 'release', d))).toEqual(count);
    expect(outcome(measure(printedPrecisions, 'release', d))).toEqual(groups ?? count);
  });
});
