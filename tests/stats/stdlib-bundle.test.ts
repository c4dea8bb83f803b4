/** The bundle's one file of @stdlib functions (scripts/bundle.mjs), which the built CLI loads instead of the packages. */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const load = createRequire(import.meta.url);

/** The '@stdlib/...' packages named in src/: what lazy() may be asked for. */
function namedInSources(dir = 'src'): Set<string> {
  const ids = new Set<string>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) for (const id of namedInSources(path)) ids.add(id);
    else if (entry.name.endsWith('.ts'))
      for (const m of readFileSync(path, 'utf8').matchAll(/['"](@stdlib\/[a-z0-9-]+)['"]/g))
        ids.add(m[1] as string);
  }
  return ids;
}

// Built by `npm test`'s pretest (npm run build).
const bundled = load(resolve('dist/bundle/stdlib.cjs')) as Record<string, (...args: number[]) => number>;

describe('dist/bundle/stdlib.cjs', () => {
  it('holds every @stdlib package the sources name, and nothing else', () => {
    expect(Object.keys(bundled).sort()).toEqual([...namedInSources()].sort());
  });

  it.each([
    [
      '@stdlib/stats-base-dists-normal-cdf',
      [
        [0.3, 0, 1],
        [-2.5, 1, 2],
      ],
    ],
    [
      '@stdlib/stats-base-dists-normal-quantile',
      [
        [0.975, 0, 1],
        [0.001, 5, 3],
      ],
    ],
    [
      '@stdlib/math-base-special-gammainc',
      [
        [3.83, 4.5, 1, 1],
        [41.36, 1, 1, 1],
      ],
    ],
    [
      '@stdlib/stats-base-dists-t-cdf',
      [
        [1.5, 10],
        [-7.3, 2998],
      ],
    ],
  ])('%s gives what the package gives', (id, cases) => {
    const fn = bundled[id] as (...args: number[]) => number;
    const own = load(id) as (...args: number[]) => number;
    for (const args of cases) expect(fn(...args)).toBe(own(...args));
  });
});
