/** Figures under stable keys, and what differs between two versions of a dataset's figures. */
import { describe, expect, it } from 'vitest';
import { compareFigures, keyedFigures } from '../../src/diff/figures.js';

const at = { source: 'src', paragraph: 1 };
const fig = (value: number, printed = String(value)) => ({ value, printed, at });

const version = (votes: number[], printed?: string) => ({
  releases: [
    {
      id: 'r1',
      turnout: fig(61.2),
      results: [
        { candidate: 'a', votes: fig(votes[0] as number, printed) },
        { candidate: 'b', votes: fig(votes[1] as number) },
      ],
    },
  ],
});

describe('keyedFigures', () => {
  it('names array entries by id or candidate, and says what each figure is', () => {
    expect(
      keyedFigures(version([10, 20])).map(({ key, release, candidate, field }) => ({
        key,
        release,
        candidate,
        field,
      })),
    ).toEqual([
      { key: 'releases[r1]/turnout', release: 'r1', candidate: undefined, field: 'turnout' },
      { key: 'releases[r1]/results[a]/votes', release: 'r1', candidate: 'a', field: 'votes' },
      { key: 'releases[r1]/results[b]/votes', release: 'r1', candidate: 'b', field: 'votes' },
    ]);
  });

  it('keys the figures of one release relative to it', () => {
    const release = version([10, 20]).releases[0];
    expect(keyedFigures(release, '/releases/3').map((k) => [k.key, k.pointer])).toEqual([
      ['turnout', '/releases/3/turnout'],
      ['results[a]/votes', '/releases/3/results/0/votes'],
      ['results[b]/votes', '/releases/3/results/1/votes'],
    ]);
  });
});

describe('compareFigures', () => {
  const none = () => undefined;
  it.each([
    ['no change', version([10, 20]), version([10, 20]), [], 3],
    ['a value', version([10, 20]), version([12, 20]), [['changed', 'releases[r1]/results[a]/votes', 2]], 2],
    [
      'the printed form only',
      version([10, 20]),
      version([10, 20], '10.0'),
      [['changed', 'releases[r1]/results[a]/votes', 0]],
      2,
    ],
  ])('%s', (_name, before, after, expected, unchanged) => {
    const result = compareFigures(keyedFigures(before), keyedFigures(after), none, none);
    expect(result.changes.map((c) => [c.change, c.key, c.delta])).toEqual(expected);
    expect(result.unchanged).toBe(unchanged);
  });

  it('lists added figures in the new order, then removed ones', () => {
    const before = { releases: [{ id: 'r1', turnout: fig(60) }] };
    const after = { releases: [{ id: 'r2', turnout: fig(70) }] };
    const { changes } = compareFigures(keyedFigures(before), keyedFigures(after), none, none);
    expect(changes.map((c) => [c.change, c.key])).toEqual([
      ['added', 'releases[r2]/turnout'],
      ['removed', 'releases[r1]/turnout'],
    ]);
  });
});
