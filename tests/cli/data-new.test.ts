/** `tallycheck data new`: a dataset for a precinct table and its mapping, written only when it is valid. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatasetSchema } from '../../src/schema/dataset.js';
import { filesIn, tallycheck, tempDir } from '../helpers/cli.js';

const ELECTION = ['--country', 'Synthland', '--office', 'President', '--date', '2024-05-05'];

/** A folder with a table t.csv and a mapping m.json whose second candidate has a display name. */
function tableAndMapping(header = 'station,region,registered,cast,Ann,Bob'): string {
  const dir = tempDir();
  const rows = ['1,North,100,80,50,30', '2,North,120,90,60,30', '3,South,90,70,30,40'];
  writeFileSync(join(dir, 't.csv'), `${[header, ...rows].join('\n')}\n`);
  const columns = header.split(',');
  writeFileSync(
    join(dir, 'm.json'),
    JSON.stringify({
      schemaVersion: 1,
      id: { columns: ['station'] },
      levels: [{ name: 'region', column: 'region' }],
      counts: { registered: 'registered', cast: 'cast' },
      candidates: [
        { id: 'ann', column: columns[4] },
        { id: 'bob', column: columns[5], name: 'Bob Brown' },
      ],
    }),
  );
  return dir;
}

const written = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

/** `data new` on `table` and `mapping` of `dir`, writing `out` (a path), with `options` after them. */
function dataNew(dir: string, out: string, options: string[], table = 't.csv', mapping = 'm.json') {
  return tallycheck([
    'data',
    'new',
    join(dir, table),
    '--mapping',
    join(dir, mapping),
    '--out',
    out,
    ...options,
  ]);
}

describe('tallycheck data new', () => {
  it('writes a dataset with the mapping’s candidates that validates and audits', () => {
    const dir = tableAndMapping();
    const out = join(dir, 'Results 2024.json');
    const run = dataNew(dir, out, [
      ...ELECTION,
      '--publisher',
      'Synth Commission',
      '--url',
      'https://example.org/results',
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('2 candidates from the mapping');
    expect(run.stderr).toContain(`next: tallycheck audit ${out}\n`);
    const { $schema, ...dataset } = written(out);
    expect(resolve(dir, $schema as string)).toBe(resolve('schemas/dataset.schema.json'));
    expect(dataset).toEqual({
      schemaVersion: 1,
      id: 'results-2024',
      election: { country: 'Synthland', office: 'President', date: '2024-05-05', kind: 'regular' },
      sources: [
        {
          id: 'table-publisher',
          publisher: 'Synth Commission',
          title: 'Precinct table t.csv',
          url: 'https://example.org/results',
        },
      ],
      candidates: [
        { id: 'ann', name: 'Ann' },
        { id: 'bob', name: 'Bob Brown' },
      ],
      precincts: [{ id: 't', table: 't.csv', mapping: 'm.json', source: 'table-publisher' }],
    });
    expect(DatasetSchema.safeParse(dataset).success).toBe(true);
    expect(tallycheck(['data', 'validate', out]).code).toBe(0);
    const audit = tallycheck(['audit', out, '--out', join(dir, 'reports'), '--format', 'json']);
    expect(audit.code).toBe(0);
    expect(audit.stdout).toContain('table t: 3 rows read, 3 used, 0 rejected');
  });

  it('names files outside the dataset’s folder by relative paths, and says the audit needs --allow-read', () => {
    const dir = tableAndMapping();
    mkdirSync(join(dir, 'data'));
    const out = join(dir, 'data', 'd.json');
    const run = dataNew(dir, out, [...ELECTION, '--publisher', 'P', '--id', 'synth', '--kind', 'runoff']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `outside the dataset's folder: the audit reads them with --allow-read ${dir}\n`,
    );
    expect(written(out)).toMatchObject({
      id: 'synth',
      election: { kind: 'runoff' },
      precincts: [{ table: '../t.csv', mapping: '../m.json' }],
    });
    expect(tallycheck(['audit', out, '--out', join(dir, 'r')]).code).toBe(2);
    expect(tallycheck(['audit', out, '--out', join(dir, 'r'), '--allow-read', dir]).code).toBe(0);
  });

  it('keeps strings as data: quotes, line feeds and markup in the options, __proto__ as a column', () => {
    const dir = tableAndMapping('station,region,registered,cast,__proto__,Bob');
    const out = join(dir, 'd.json');
    const country = 'Sy"nth\nland </script><b>';
    const run = dataNew(dir, out, [
      '--country',
      country,
      '--office',
      'President',
      '--date',
      '2024-05-05',
      '--publisher',
      '{"$ref": "x"}',
    ]);
    expect(run.code).toBe(0);
    const dataset = written(out);
    expect(dataset.election).toMatchObject({ country });
    expect(dataset.sources).toEqual([expect.objectContaining({ publisher: '{"$ref": "x"}' })]);
    expect(dataset.candidates).toEqual([
      { id: 'ann', name: '__proto__' },
      { id: 'bob', name: 'Bob Brown' },
    ]);
    expect(tallycheck(['data', 'validate', out]).code).toBe(0);
  });

  it('writes nothing without the options no file states, and names them', () => {
    const dir = tableAndMapping();
    const run = tallycheck([
      'data',
      'new',
      join(dir, 't.csv'),
      '--out',
      join(dir, 'd.json'),
      '--office',
      'P',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('data new needs --mapping, --country, --date, --publisher');
    expect(filesIn(dir)).toEqual(['m.json', 't.csv']);
  });

  it('names the option whose value the schema refuses, and writes nothing', () => {
    const dir = tableAndMapping();
    const run = dataNew(dir, join(dir, 'd.json'), [
      '--country',
      'Synthland',
      '--office',
      'President',
      '--date',
      '5/5/2024',
      '--publisher',
      'P',
      '--url',
      'ftp://example.org',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--date: an ISO 8601 date');
    expect(run.stderr).toContain('--url: an http or https URL');
    expect(filesIn(dir)).toEqual(['m.json', 't.csv']);
  });

  it('replaces an existing file only with --force', () => {
    const dir = tableAndMapping();
    const out = join(dir, 'd.json');
    writeFileSync(out, 'kept');
    const refused = dataNew(dir, out, [...ELECTION, '--publisher', 'P']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${out} exists: --force replaces it`);
    expect(readFileSync(out, 'utf8')).toBe('kept');
    expect(dataNew(dir, out, [...ELECTION, '--publisher', 'P', '--force']).code).toBe(0);
    expect(written(out)).toMatchObject({ id: 'd' });
    // Never the table or the mapping, --force or not.
    const table = readFileSync(join(dir, 't.csv'), 'utf8');
    const onTable = dataNew(dir, join(dir, 't.csv'), [...ELECTION, '--publisher', 'P', '--force']);
    expect(onTable.code).toBe(2);
    expect(onTable.stderr).toContain('--out names the table itself');
    expect(readFileSync(join(dir, 't.csv'), 'utf8')).toBe(table);
  });

  it('refuses a mapping that is not valid, or a table without the mapped columns, before writing', () => {
    const dir = tableAndMapping();
    writeFileSync(join(dir, 'bad.json'), '{\n  "schemaVersion": 1,\n  "candidates": []\n}');
    writeFileSync(join(dir, 'other.csv'), 'a,b\n1,2\n');
    const run = (table: string, mapping: string) =>
      dataNew(dir, join(dir, 'd.json'), [...ELECTION, '--publisher', 'P'], table, mapping);
    const badMapping = run('t.csv', 'bad.json');
    expect(badMapping.code).toBe(2);
    expect(badMapping.stderr).toContain('bad.json:1:1 at /id: required value is missing [mapping-invalid]');
    const otherTable = run('other.csv', 'm.json');
    expect(otherTable.code).toBe(2);
    expect(otherTable.stderr).toContain(
      'the mapping names column "registered" (counts.registered), which the header lacks',
    );
    const noTable = run('none.csv', 'm.json');
    expect(noTable.code).toBe(2);
    expect(noTable.stderr).toContain(`the table ${join(dir, 'none.csv')} does not exist`);
    expect(filesIn(dir)).toEqual(['bad.json', 'm.json', 'other.csv', 't.csv']);
  });

  it('asks for --id when the file name gives none', () => {
    const dir = tableAndMapping();
    const out = join(dir, 'Выборы.json');
    const run = dataNew(dir, out, [...ELECTION, '--publisher', 'P']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'no dataset id can be made from the file name "Выборы.json": give one with --id',
    );
    expect(dataNew(dir, out, [...ELECTION, '--publisher', 'P', '--id', 'vybory']).code).toBe(0);
    expect(written(out)).toMatchObject({ id: 'vybory' });
  });
});
