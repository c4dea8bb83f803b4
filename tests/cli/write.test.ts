/** Reports are replaced all together or not at all, with no temporary left behind, and a clear problem otherwise. */
import fs, { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeAllAtomic } from '../../src/cli/write.js';
import type { InputError } from '../../src/load/errors.js';
import { tallycheck, tempDir } from '../helpers/cli.js';

const files = (dir: string) => readdirSync(dir).sort();
const three = (dir: string) =>
  ['a.json', 'b.md', 'c.xml'].map((name) => ({ path: join(dir, name), content: `new ${name}` }));
const problemOf = (f: () => void) => {
  try {
    f();
  } catch (error) {
    return (error as InputError).problems[0];
  }
  throw new Error('no error');
};

const realRename = fs.renameSync;
afterEach(() => {
  fs.renameSync = realRename;
  syncBuiltinESMExports();
});

describe('writeAllAtomic', () => {
  it('replaces every file, leaving no temporary or copy', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'b.md'), 'old b.md');
    writeAllAtomic(three(dir));
    expect(files(dir)).toEqual(['a.json', 'b.md', 'c.xml']);
    expect(readFileSync(join(dir, 'b.md'), 'utf8')).toBe('new b.md');
  });

  it('changes nothing when a folder stands where the third file goes, and says so', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.json'), 'old a.json');
    mkdirSync(join(dir, 'c.xml'));
    const problem = problemOf(() => writeAllAtomic(three(dir)));
    expect(problem).toMatchObject({
      code: 'output-not-writable',
      file: join(dir, 'c.xml'),
      message: 'cannot write here: a folder is in the way where the report goes',
    });
    expect(files(dir)).toEqual(['a.json', 'c.xml']);
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('old a.json');
  });

  it('puts back the files it had replaced when a later one cannot be (a rename failing midway)', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.json'), 'old a.json');
    writeFileSync(join(dir, 'c.xml'), 'old c.xml');
    let renames = 0;
    fs.renameSync = (from: fs.PathLike, to: fs.PathLike) => {
      renames += 1;
      if (renames === 3) throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
      realRename(from, to);
    };
    syncBuiltinESMExports();
    const problem = problemOf(() => writeAllAtomic(three(dir)));
    expect(problem).toMatchObject({
      file: join(dir, 'c.xml'),
      message: 'cannot write here: permission denied',
    });
    expect(files(dir)).toEqual(['a.json', 'c.xml']);
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('old a.json');
    expect(readFileSync(join(dir, 'c.xml'), 'utf8')).toBe('old c.xml');
  });
});

describe('--out that cannot be written', () => {
  it('is an input problem naming the place, not an internal error', () => {
    const dir = tempDir();
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    for (const out of [file, join(file, 'sub')]) {
      const run = tallycheck(['audit', 'data/azerbaijan-2024-presidential.json', '--out', out]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        'cannot write here: a file is in the way where a folder is needed [output-not-writable]',
      );
      expect(run.stderr).not.toContain('internal error');
    }
  });

  it('--format with no format is a usage error, not a run that writes nothing', () => {
    const run = tallycheck([
      'audit',
      'data/azerbaijan-2024-presidential.json',
      '--format',
      ' ,',
      '--out',
      tempDir(),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--format names no format: expected a comma-separated list of');
  });
});
