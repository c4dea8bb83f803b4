/** map suggest and synth through the CLI: a draft mapping that loads, and a seeded table that audits. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MappingSchema } from '../../src/schema/mapping.js';
import { filesIn, tallycheck, tempDir, writeDataset } from '../helpers/cli.js';

const ALBANIA = '../shared/data/real/albania-2013-parliament-precinct.csv';

describe('tallycheck synth and map suggest', () => {
  it('writes the same table for the same seed, and a mapping that validates', () => {
    const dir = tempDir();
    const a = tallycheck([
      'synth',
      '--rows',
      '500',
      '--seed',
      '7',
      '--out',
      join(dir, 'a.csv'),
      '--mapping',
      join(dir, 'm.json'),
    ]);
    const b = tallycheck(['synth', '--rows', '500', '--seed', '7', '--out', join(dir, 'b.csv')]);
    const c = tallycheck(['synth', '--rows', '500', '--seed', '8', '--out', join(dir, 'c.csv')]);
    expect([a.code, b.code, c.code]).toEqual([0, 0, 0]);
    expect(a.stdout).toContain('500 rows (seed 7)');
    const text = (f: string) => readFileSync(join(dir, f), 'utf8');
    expect(text('a.csv')).toBe(text('b.csv'));
    expect(text('a.csv')).not.toBe(text('c.csv'));
    expect(text('a.csv').trim().split('\n')).toHaveLength(501);
    expect(MappingSchema.safeParse(JSON.parse(text('m.json'))).success).toBe(true);
  });

  it('reports the patterns it planted', () => {
    const dir = tempDir();
    const run = tallycheck([
      'synth',
      '--rows',
      '1000',
      '--stuffing',
      '0.1',
      '--slips',
      '5',
      '--out',
      join(dir, 't.csv'),
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/stuffing [1-9]\d*/);
    expect(run.stdout).toContain('arithmetic slips 5');
  });

  it('suggests a mapping for a synthetic table that the audit can use', () => {
    const dir = tempDir();
    tallycheck(['synth', '--rows', '300', '--out', join(dir, 't.csv')]);
    const run = tallycheck(['map', 'suggest', join(dir, 't.csv'), '--out', join(dir, 't.mapping.json')]);
    expect(run.code).toBe(0);
    const mapping = MappingSchema.parse(JSON.parse(readFileSync(join(dir, 't.mapping.json'), 'utf8')));
    expect(mapping.counts.registered).toBeDefined();
    expect(mapping.candidates.length).toBe(7);
    writeDataset(dir, mapping);
    const audit = tallycheck(['audit', join(dir, 'd.json'), '--out', join(dir, 'out'), '--format', 'json']);
    expect(audit.stderr).toBe('');
    expect(audit.stdout).toContain('table t: 300 rows read, 300 used, 0 rejected');
  });

  it('drafts a mapping for a spreadsheet export (title, ";", "1.234", CR LF) that the audit reads whole', () => {
    const dir = tempDir();
    const dotted = (n: number) => n.toLocaleString('de-DE');
    const rows = Array.from({ length: 60 }, (_, i) => {
      const registered = 900 + 37 * i;
      const cast = 600 + 20 * i;
      const invalid = i % 7;
      const a = Math.floor((cast - invalid) * 0.6);
      return [['Norte', 'Sur', 'Este'][i % 3], i + 1, registered, cast, invalid, a, cast - invalid - a]
        .map((v) => (typeof v === 'number' && v >= 1000 ? dotted(v) : String(v)))
        .join(';');
    });
    const text = [
      'Elecciones 2024, resultados por mesa;;;;;;',
      ';;;;;;',
      'Regi\u00f3n;Mesa;Electores;Votantes;Nulos;P\u00e9rez;G\u00f3mez',
      ...rows,
    ];
    writeFileSync(join(dir, 't.csv'), `${text.join('\r\n')}\r\n`);
    const run = tallycheck(['map', 'suggest', join(dir, 't.csv'), '--out', join(dir, 't.mapping.json')]);
    expect(run.code).toBe(0);
    const mapping = MappingSchema.parse(JSON.parse(readFileSync(join(dir, 't.mapping.json'), 'utf8')));
    expect(mapping.format).toEqual({ type: 'csv', delimiter: ';', headerLine: 3 });
    expect(mapping.thousandsSeparator).toBe('.');
    expect(mapping.counts).toEqual({ registered: 'Electores', cast: 'Votantes', invalid: 'Nulos' });
    expect(mapping.candidates.map((c) => c.column)).toEqual(['P\u00e9rez', 'G\u00f3mez']);
    writeDataset(dir, mapping);
    const audit = tallycheck(['audit', join(dir, 'd.json'), '--out', join(dir, 'out'), '--format', 'json']);
    expect(audit.stdout).toContain('table t: 60 rows read, 60 used, 0 rejected, 0 cells missing\n');
    expect(audit.code).toBe(0);
    // The same export in Windows-1252: drafted, with a note to save it as UTF-8 first.
    writeFileSync(join(dir, 'w.csv'), Buffer.from(`${text.join('\r\n')}\r\n`, 'latin1'));
    const legacy = tallycheck(['map', 'suggest', join(dir, 'w.csv')]);
    expect(legacy.stderr.split('\n')[0]).toBe(
      'note: The table is not UTF-8 (line 3 is not): its names show "\uFFFD" here and in every report. Save it ' +
        'as UTF-8 (in Excel, "CSV UTF-8"; or iconv -f WINDOWS-1252 -t UTF-8 FILE) and draft again.',
    );
  });

  it('gives the same reports with the screens on a worker thread as on the main thread', () => {
    const dir = tempDir();
    tallycheck(['synth', '--rows', '3000', '--out', join(dir, 't.csv')]);
    tallycheck(['map', 'suggest', join(dir, 't.csv'), '--out', join(dir, 't.mapping.json')]);
    const mapping = MappingSchema.parse(JSON.parse(readFileSync(join(dir, 't.mapping.json'), 'utf8')));
    writeDataset(dir, mapping);
    const reports = (threads: string) => {
      const out = join(dir, threads);
      const run = tallycheck(
        ['audit', join(dir, 'd.json'), '--out', out, '--format', 'json,sarif,md', '--log-level', 'debug'],
        process.cwd(),
        { TALLYCHECK_SCREEN_THREADS: threads, LOG_FORMAT: 'json' },
      );
      const shared = run.stderr
        .split('\n')
        .filter((l) => l.includes('screens shared between threads'))
        .map((l) => JSON.parse(l) as { onWorker: string[]; here: string[] });
      return { shared, files: filesIn(out).map((f) => readFileSync(join(out, f), 'utf8')) };
    };
    const worker = reports('worker');
    // The tests were shared with the bundle's screen worker (the 3,000 units are below the size that picks it by
    // itself). Which thread takes which test is a race: on a loaded machine the worker may start after this
    // thread has taken them all, so only the sharing is pinned here (src/facts tests pin a worker that runs all).
    expect(worker.shared).toHaveLength(1);
    const { onWorker = [], here = [] } = worker.shared[0] ?? {};
    expect(onWorker.length + here.length).toBeGreaterThan(0);
    const inline = reports('inline');
    expect(inline.shared).toEqual([]);
    expect(worker.files).toHaveLength(3);
    expect(worker.files).toEqual(inline.files);
  });

  it.skipIf(!existsSync(ALBANIA))(
    'suggests the Albania mapping: composite id, prefecture and commune levels, 66 parties',
    () => {
      const run = tallycheck(['map', 'suggest', ALBANIA]);
      expect(run.code).toBe(0);
      const mapping = MappingSchema.parse(JSON.parse(run.stdout));
      expect(mapping.id.columns).toEqual(['Prefectures', 'Communes', 'Precincts']);
      expect(mapping.levels.map((l) => l.column)).toEqual(['Prefectures', 'Communes']);
      expect(mapping.counts).toEqual({ registered: 'Registered', cast: 'Ballots' });
      expect(mapping.candidates).toHaveLength(66);
      expect(run.stderr).toContain('Skipped column 1 (unnamed)');
    },
  );

  it('writes the same reports whatever the locale (region names with letters sorted apart by it)', () => {
    const dir = tempDir();
    const csv = join(dir, 't.csv');
    const mapping = join(dir, 't.mapping.json');
    const options = ['--rows', '400', '--regions', '3', '--slips', '3', '--out', csv, '--mapping', mapping];
    expect(tallycheck(['synth', ...options]).code).toBe(0);
    // "Ärla" sorts after "Zeta" in Swedish and beside "Alfa" in English.
    const names: Record<string, string> = { R01: 'Zeta', R02: 'Ärla', R03: 'Alfa' };
    writeFileSync(
      csv,
      readFileSync(csv, 'utf8').replace(/R0[123]/g, (r) => names[r] as string),
    );
    writeDataset(dir, MappingSchema.parse(JSON.parse(readFileSync(mapping, 'utf8'))));
    const reports = (locale: string) => {
      const out = join(dir, locale);
      const run = tallycheck(
        ['audit', join(dir, 'd.json'), '--out', out, '--format', 'json,md', '--quiet'],
        dir,
        {
          LC_ALL: locale,
        },
      );
      expect(run.code).toBe(1);
      return ['d.report.json', 'd.report.md'].map((f) => readFileSync(join(out, f), 'utf8'));
    };
    const swedish = reports('sv_SE.UTF-8');
    expect(swedish[1]).toContain('Ärla');
    expect(reports('en_US.UTF-8')).toEqual(swedish);
  });

  it('gives usage errors for bad options', () => {
    expect(tallycheck(['synth', '--rows', '0', '--out', 'x.csv']).stderr).toContain(
      '--rows takes a whole number',
    );
    expect(tallycheck(['synth']).code).toBe(2);
    expect(tallycheck(['synth', '--candidates', '1', '--out', 'x.csv']).stderr).toContain(
      '--candidates takes at least 2',
    );
    expect(tallycheck(['map', 'guess']).stderr).toContain('unknown map command');
  });
});

describe('a table without levels', () => {
  it('names a unit without an empty "(none)" for its levels', () => {
    const dir = tempDir();
    const mapping = {
      schemaVersion: 1,
      id: { columns: ['station'] },
      levels: [],
      counts: { registered: 'registered', cast: 'cast' },
      candidates: [
        { id: 'ann', column: 'Ann' },
        { id: 'bob', column: 'Bob' },
      ],
    };
    writeFileSync(join(dir, 't.mapping.json'), JSON.stringify(mapping));
    writeFileSync(join(dir, 't.csv'), 'station,registered,cast,Ann,Bob\ns1,100,120,60,50\ns2,100,80,40,40\n');
    writeDataset(dir, mapping);
    const run = tallycheck([
      'audit',
      join(dir, 'd.json'),
      '--rules',
      'rules/precinct',
      '--out',
      join(dir, 'out'),
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'First: Unit s1 (no levels mapped): 120 ballots cast, 20 more than its 100 registered voters.',
    );
  });
});
