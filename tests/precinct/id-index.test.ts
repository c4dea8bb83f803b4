/** The id index: exact repeats found whether ids come sorted or not, with the first line of each id. */
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
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

/** Adds [id, line] pairs and returns what add gave for each. */
function addLines(index: IdIndex, pairs: [string, number][]): number[] {
  return pairs.map(([id, line]) => {
    const buf = Buffer.from(`,${id},`, 'utf8');
    return index.add(buf, 1, buf.length - 1, line);
  });
}

/** What add should give: the first line of each id, by a Map. */
function reference(pairs: [string, number][]): number[] {
  const first = new Map<string, number>();
  return pairs.map(([id, line]) => {
    const seen = first.get(id);
    if (seen !== undefined) return seen;
    first.set(id, line);
    return 0;
  });
}

/** Checks the index against the reference, and its size against the distinct ids. */
function agree(pairs: [string, number][]): void {
  const index = new IdIndex();
  expect(addLines(index, pairs)).toEqual(reference(pairs));
  expect(index.size).toBe(new Set(pairs.map(([id]) => id)).size);
}

/** Consecutive lines from 1. */
function numbered(ids: string[]): [string, number][] {
  return ids.map((id, i) => [id, i + 1]);
}

function range(from: number, count: number, width = 0, prefix = ''): string[] {
  return Array.from({ length: count }, (_, i) => prefix + String(from + i).padStart(width, '0'));
}

/** n zero-padded ids from 1 written straight into one buffer (no strings), for large counts. */
function paddedIds(n: number, width: number): Buffer {
  const buf = Buffer.alloc(n * width);
  for (let i = 0; i < n; i++) {
    let v = i + 1;
    for (let j = width - 1; j >= 0; j--) {
      buf[i * width + j] = 48 + (v % 10);
      v = Math.floor(v / 10);
    }
  }
  return buf;
}

describe('IdIndex runs of numbered ids', () => {
  it('finds a run member repeated after the order broke, with its own line', () => {
    const ids = [...range(1, 10, 7), '0000003', '0000100', '0000007', '0000010', '0000011', '0000001'];
    expect(addAll(new IdIndex(), ids)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 7, 10, 0, 1]);
  });

  it('finds a repeat inside a run, and continues the run after it only on the next line', () => {
    // 1..6 is a run (from its 4th id); the repeat of 4 takes line 7, so 7 on line 8 starts afresh.
    const ids = ['1', '2', '3', '4', '5', '6', '4', '7', '3', '8', '9', '10'];
    expect(addAll(new IdIndex(), ids)).toEqual([0, 0, 0, 0, 0, 0, 4, 0, 3, 0, 0, 0]);
    agree(numbered([...ids, '11', '12', '6', '11', '1', '7', '12', '13']));
    expect(addAll(new IdIndex(), ['1', '2', '3', '3', '4', '2', '5', '6'])).toEqual([0, 0, 0, 3, 0, 2, 0, 0]);
  });

  it('keeps runs apart across line gaps and merges them on consecutive lines', () => {
    const pairs: [string, number][] = [
      ['1', 1],
      ['2', 2],
      ['3', 3],
      ['4', 5], // a gap: a new run from line 5
      ['5', 6],
      ['6', 7],
      ['7', 8],
      ['20', 9],
      ['8', 10], // continues nothing (20 came between), breaks the order
      ['9', 11],
      ['3', 12],
      ['4', 13],
      ['7', 14],
      ['9', 15],
      ['10', 16],
      ['20', 17],
    ];
    expect(addLines(new IdIndex(), pairs)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 5, 8, 11, 0, 9]);
    // Adjacent on consecutive lines: one run, 1..10.
    agree(numbered([...range(1, 5), ...range(6, 5), '3', '8', '10', '11', '1']));
    agree(numbered([...range(10, 6), ...range(1, 9), '16', '17', ...range(1, 17)]));
  });

  it('tells textual forms apart: "7", "07" and "0007" are different ids', () => {
    expect(addAll(new IdIndex(), ['7', '07', '0007', '007', '8', '08', '0008', '7', '07', '0007'])).toEqual([
      0, 0, 0, 0, 0, 0, 0, 1, 2, 3,
    ]);
    const padded = ['0998', '0999', '1000', '1001', '1000', '01000', '999', '0999', '1001'];
    expect(addAll(new IdIndex(), padded)).toEqual([0, 0, 0, 0, 3, 0, 0, 2, 4]);
    const natural = ['998', '999', '1000', '1001', '0999', '1000', '01000', '999', '0998'];
    expect(addAll(new IdIndex(), natural)).toEqual([0, 0, 0, 0, 0, 3, 0, 2, 0]);
    agree(numbered(['0', '1', '2', '00', '01', '02', '0', '00', '2', '02', '10', '010', '9', '09', '3']));
  });

  it('continues a run only in its own form and prefix', () => {
    expect(addAll(new IdIndex(), ['8', '9', '010', '10', '010', '9'])).toEqual([0, 0, 0, 0, 3, 2]);
    expect(addAll(new IdIndex(), ['08', '09', '010', '10', '010', '09'])).toEqual([0, 0, 0, 0, 3, 2]);
    expect(addAll(new IdIndex(), ['D1/1', 'D1/2', 'D2/3', 'D2/4', 'D1/3', 'D2/3'])).toEqual([
      0, 0, 0, 0, 0, 3,
    ]);
    expect(addAll(new IdIndex(), ['1', 'a2', 'a3', '2', '3', 'a2'])).toEqual([0, 0, 0, 0, 0, 2]);
  });

  it('checks the prefix bytes of a run found through its key, not only the hash', () => {
    // These two prefixes share a run key (hash) for chunk 0 under the current hash functions.
    const ids = [...range(1, 5, 0, 'P0737786/'), '0', ...range(2, 5, 0, 'P1076240/'), 'P0737786/2'];
    expect(addAll(new IdIndex(), [...ids, 'P1076240/3', 'P1076240/1', 'P1076240/6', 'P0737786/6'])).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 8, 0, 11, 0,
    ]);
  });

  it('treats digit strings past 15 digits as text, so no precision is lost', () => {
    agree(
      numbered([
        '999999999999998',
        '999999999999999',
        '1000000000000000',
        '1000000000000001',
        '12345678901234567',
        '12345678901234568', // the same double as the one before
        '9007199254740992',
        '9007199254740993',
        'x9007199254740993',
        'x9007199254740992',
        '999999999999999',
        '1000000000000001',
        '12345678901234568',
        '9007199254740993',
        'x9007199254740992',
      ]),
    );
  });

  it('runs on composite ids, per prefix, broken by text and resumed', () => {
    const ids = ['D1/1', 'D1/2', 'D2/1', 'D2/2', 'D1/2', 'D11/1', 'D1/3', 'x', 'D1/4', 'D1/5', 'D1/4'];
    expect(addAll(new IdIndex(), ids)).toEqual([0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 9]);
    agree(numbered(['a1', 'a2', 'b', 'a3', 'a4', 'a', 'a5', 'a2', 'a4', 'a5', 'a6', 'b', 'a', 'a0', 'a1']));
    agree(numbered(['1', '2', 'x', '3', '4', '2', '3', 'D1/1', 'D1/2', 'D1/3', 'D1/22', 'D1/2', 'D1/21']));
  });

  it('stays exact across chunks of values and past 2^32 chunks', () => {
    const big = 4096 * 2 ** 32 - 5;
    const ids = [
      ...range(4090, 20),
      ...range(big, 10),
      ...range(1, 9000),
      '4095',
      '4096',
      '4100',
      String(big + 4),
    ];
    agree(numbered([...ids, ...range(big - 2, 15), ...range(4080, 30), '9001', '9000', '8192', '8193']));
  });

  it('stays exact and linear on adversarial short runs (shuffled pairs)', () => {
    const n = 20000;
    const rng = new Random(2);
    const pairs = Array.from({ length: n / 2 }, (_, i) => [String(2 * i + 1), String(2 * i + 2)]);
    for (let i = pairs.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [pairs[i], pairs[j]] = [pairs[j] as string[], pairs[i] as string[]];
    }
    const ids = pairs.flat();
    agree(numbered([...ids, ...ids.slice(0, 500), ...range(1, 1000)]));
  });

  it('holds the same bytes for 1M and 4M consecutive ids (issue 6)', () => {
    const sizes = [1_000_000, 4_000_000].map((n) => {
      const buf = paddedIds(n, 7);
      const index = new IdIndex();
      for (let i = 0; i < n; i++)
        if (index.add(buf, i * 7, i * 7 + 7, i + 2) !== 0) throw new Error(`repeat ${i}`);
      expect(index.size).toBe(n);
      const bytes = index.bytes;
      // The index still knows every one of them with its line, once the order breaks too.
      expect(index.add(buf, 0, 7, n + 2)).toBe(2);
      expect(index.add(buf, (n - 1) * 7, n * 7, n + 3)).toBe(n + 1);
      expect(index.add(buf, 123_456 * 7, 123_457 * 7, n + 4)).toBe(123_458);
      expect(index.bytes).toBeLessThan(1 << 20);
      return bytes;
    });
    expect(sizes[1]).toBe(sizes[0]);
    expect(sizes[0]).toBeLessThan(1 << 20);
  });

  it('stays small for ids restarting per district', () => {
    const ids = Array.from({ length: 200_000 }, (_, i) => `D${Math.floor(i / 500) + 1}/${(i % 500) + 1}`);
    const index = new IdIndex();
    expect(addAll(index, ids).every((x) => x === 0)).toBe(true);
    expect(index.size).toBe(ids.length);
    expect(index.bytes).toBeLessThan(1 << 20);
    expect(addAll(index, ['D7/250', 'D400/500', 'D401/1'])).toEqual([3250, 200_000, 0]);
  });
});

/** Pieces of a generated id sequence: runs of numbered ids, text, repeats of earlier ids, line gaps. */
const piece = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('run' as const),
      prefix: fc.constantFrom('', '', 'D1/', 'D2/', 'A', 'x-', 'é/'),
      width: fc.constantFrom(0, 0, 1, 2, 3, 4, 7, 15, 16),
      /** Whether to number on from where the last run ended (in its own form and prefix or not). */
      onwards: fc.boolean(),
      start: fc.oneof(
        fc.integer({ min: 0, max: 30 }),
        fc.constantFrom(7, 8, 9, 97, 98, 99, 997, 998, 999, 4094, 4095),
        fc.integer({ min: 990, max: 1010 }),
        fc.integer({ min: 4090, max: 4100 }),
        fc.constantFrom(999_999_999_999_990, 9_007_199_254_740_985, 4096 * 2 ** 32 - 3),
      ),
      length: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 300 })),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('text' as const),
      text: fc
        .array(fc.constantFrom('a', 'b', '0', '1', '9', '/', 'é'), { maxLength: 4 })
        .map((parts) => parts.join('')),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('repeat' as const), pick: fc.nat(), count: fc.nat(5) }),
  },
  {
    // An earlier id's number in another textual form: "0998" as "998" or "00998", and so on.
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('reform' as const),
      pick: fc.nat(),
      count: fc.nat(5),
      width: fc.constantFrom(0, 1, 2, 3, 4, 5),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('gap' as const), lines: fc.integer({ min: 1, max: 3 }) }),
  },
);

type Piece = typeof piece extends fc.Arbitrary<infer T> ? T : never;

/** The (id, line) pairs a list of pieces stands for; lines rise by 1 but for gaps. */
function sequence(pieces: Piece[]): [string, number][] {
  const pairs: [string, number][] = [];
  let line = 1;
  let next = 0;
  const push = (id: string) => {
    pairs.push([id, line]);
    line++;
  };
  for (const p of pieces) {
    if (p.kind === 'run') {
      const start = p.onwards ? next : p.start;
      for (let i = 0; i < p.length; i++) push(p.prefix + String(start + i).padStart(p.width, '0'));
      next = start + p.length;
    } else if (p.kind === 'text') {
      push(p.text);
    } else if (p.kind === 'repeat') {
      for (let i = 0; i < p.count && pairs.length > 0; i++) {
        push((pairs[(p.pick + i) % pairs.length] as [string, number])[0]);
      }
    } else if (p.kind === 'reform') {
      for (let i = 0; i < p.count && pairs.length > 0; i++) {
        const id = (pairs[(p.pick + i) % pairs.length] as [string, number])[0];
        const m = /^(.*?)(\d{1,15})$/su.exec(id);
        if (m) push((m[1] as string) + String(Number(m[2])).padStart(p.width, '0'));
      }
    } else {
      line += p.lines;
    }
  }
  return pairs;
}

describe('IdIndex against a Map', () => {
  it('gives the first line of every repeat and 0 for every new id, on random sequences', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => agree(sequence(pieces))),
      { numRuns: 400, seed: 6 },
    );
  });

  it('does so for runs in mixed textual forms across a power of ten', () => {
    const near = fc.record({
      base: fc.constantFrom(10, 100, 1000),
      runs: fc.array(
        fc.record({
          from: fc.integer({ min: -5, max: 3 }),
          width: fc.nat(5),
          length: fc.integer({ min: 1, max: 8 }),
          gap: fc.boolean(),
        }),
        { maxLength: 12 },
      ),
    });
    fc.assert(
      fc.property(near, ({ base, runs }) => {
        const pairs: [string, number][] = [];
        let line = 1;
        for (const run of runs) {
          if (run.gap) line++;
          for (let i = 0; i < run.length; i++) {
            pairs.push([String(base + run.from + i).padStart(run.width, '0'), line++]);
          }
        }
        agree(pairs);
      }),
      { numRuns: 500, seed: 8 },
    );
  });

  it('does so when the ids mostly come in sorted order', () => {
    const byIdOrder = (a: string, b: string) => {
      const x = Buffer.from(a);
      const y = Buffer.from(b);
      return x.length - y.length || Buffer.compare(x, y);
    };
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.nat(), (pieces, cut) => {
        const pairs = sequence(pieces);
        const ids = [...new Set(pairs.map(([id]) => id))].sort(byIdOrder);
        // Sorted, then (from a point) repeats and new ids as generated.
        const at = ids.length === 0 ? 0 : cut % ids.length;
        agree(numbered([...ids.slice(0, at), ...ids.slice(at).reverse(), ...pairs.map(([id]) => id)]));
        agree(numbered(ids));
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
