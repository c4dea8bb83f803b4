/** The id index: exact repeats found whether ids come sorted or not, with the first line of each id. */
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { IdIndex } from '../../src/precinct/id-index.js';
import { Random } from '../../src/precinct/random.js';

/** Adds ids in order (lines 1, 2 ...) and returns what add gave for each. */
function addAll(index: IdIndex, ids: string[]): number[] {
  return ids.map((id, i) => {
    const buf = Buffer.from(`,${id},`, 'utf8');
    return index.add(buf, 1, buf.length - 1, i + 1);
  });
}

describe('IdIndex', () => {
  it('finds repeats in sorted and unsorted runs, naming the first line', () => {
    expect(addAll(new IdIndex(), ['1', '2', '9', '10', '11', '10', '2', 'a', 'b', 'a'])).toEqual([
      0, 0, 0, 0, 0, 4, 2, 0, 0, 8,
    ]);
  });

  it('tells ids apart that share bytes or a prefix', () => {
    expect(addAll(new IdIndex(), ['ab', 'a', 'abc', '', 'b', 'ab ', 'Ab', 'ab'])).toEqual([
      0, 0, 0, 0, 0, 0, 0, 1,
    ]);
  });

  it('stays exact through many growths, sorted or shuffled', () => {
    const n = 50000;
    const sorted = Array.from({ length: n }, (_, i) => `P${String(i).padStart(6, '0')}`);
    const index = new IdIndex();
    expect(addAll(index, sorted).every((x) => x === 0)).toBe(true);
    expect(index.size).toBe(n);
    const rng = new Random(1);
    const shuffled = [...sorted];
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j] as string, shuffled[i] as string];
    }
    const again = new IdIndex();
    const firsts = addAll(again, [...shuffled, ...shuffled.slice(0, 100)]);
    expect(firsts.slice(0, n).every((x) => x === 0)).toBe(true);
    expect(firsts.slice(n)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(again.size).toBe(n);
  });

  it('compares UTF-8 bytes, so the same text always matches', () => {
    expect(addAll(new IdIndex(), ['Durrës/1', 'Тирана/2', 'Durrës/1'])).toEqual([0, 0, 1]);
  });
});
