/** map suggest and synth through the CLI: a draft mapping that loads, and a seeded table that audits. */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MappingSchema } from '../../src/schema/mapping.js';
import { filesIn, tableDataset, tallycheck, tempDir, writeDataset } from '../helpers/cli.js';

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

  it('names the installed schema from where the draft is written, none when printed; a long table gets a pivot', () => {
    const dir = tempDir();
    const rows = Array.from({ length: 12 }, (_, s) =>
      ['PS', 'PD', 'LSI'].map((p, k) => `North,${s + 1},${600 + s},${p},${50 * k + s}`),
    ).flat();
    writeFileSync(join(dir, 'long.csv'), `region,station,registered,party,votes\n${rows.join('\n')}\n`);
    const out = join(dir, 'long.mapping.json');
    const written = tallycheck(['map', 'suggest', join(dir, 'long.csv'), '--out', out]);
    expect(written.code).toBe(0);
    const schema = (JSON.parse(readFileSync(out, 'utf8')) as { $schema: string }).$schema;
    expect(resolve(dir, schema)).toBe(resolve('schemas/mapping.schema.json'));
    expect(existsSync(resolve(dir, schema))).toBe(true);
    expect(written.stderr).toContain(
      `COPY (PIVOT read_csv('${join(dir, 'long.csv')}') ON "party" USING sum("votes") GROUP BY "region", ` +
        `"station", "registered") TO '${join(dir, 'long-wide.csv')}';`,
    );
    const printed = tallycheck(['map', 'suggest', join(dir, 'long.csv')]);
    expect(printed.code).toBe(0);
    expect(JSON.parse(printed.stdout)).not.toHaveProperty('$schema');
    expect(MappingSchema.safeParse(JSON.parse(printed.stdout)).success).toBe(true);
  });

  it('gives the same reports with the screens on a worker thread or the main thread, the columns in memory or not', () => {
    const dir = tempDir();
    tallycheck(['synth', '--rows', '3000', '--out', join(dir, 't.csv')]);
    tallycheck(['map', 'suggest', join(dir, 't.csv'), '--out', join(dir, 't.mapping.json')]);
    const mapping = MappingSchema.parse(JSON.parse(readFileSync(join(dir, 't.mapping.json'), 'utf8')));
    writeDataset(dir, mapping);
    const warnings: string[] = [];
    const reports = (threads: string, resident?: string, tmp?: string) => {
      const out = join(dir, `${threads}-${resident ?? 'default'}-${tmp ? 'no-tmp' : 'tmp'}`);
      const run = tallycheck(
        ['audit', join(dir, 'd.json'), '--out', out, '--format', 'json,sarif,md', '--log-level', 'debug'],
        process.cwd(),
        {
          TALLYCHECK_SCREEN_THREADS: threads,
          LOG_FORMAT: 'json',
          ...(resident ? { TALLYCHECK_RESIDENT_UNITS: resident } : {}),
          ...(tmp ? { TMPDIR: tmp } : {}),
        },
      );
      spilled.push(run.stderr.includes('went to a temporary file'));
      warnings.push(...run.stderr.split('\n').filter((l) => l.includes('"level":40')));
      const shared = run.stderr
        .split('\n')
        .filter((l) => l.includes('screens shared between threads'))
        .map((l) => JSON.parse(l) as { onWorker: string[]; here: string[] });
      return { shared, files: filesIn(out).map((f) => readFileSync(join(out, f), 'utf8')) };
    };
    const spilled: boolean[] = [];
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
    // The same again with every full chunk of the columns in a temporary file, on either thread.
    expect(reports('worker', '0').files).toEqual(inline.files);
    expect(reports('inline', '0').files).toEqual(inline.files);
    expect(spilled).toEqual([false, false, true, true]);
    expect(warnings).toEqual([]);
    // Where no temporary file can be made, the columns stay in memory, with a warning.
    expect(reports('worker', '0', join(dir, 'no-such-folder')).files).toEqual(inline.files);
    expect(spilled.at(-1)).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('they could not be written to a temporary file (TMPDIR)');
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
      // The first 1,000 rows of a real table raise none of the notes on the sample's numbers.
      expect(run.stderr).not.toMatch(
        /at least the sum|an id or a polling-station|below the sum|looks long|add up to/,
      );
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

  it('audits a regional party whose blanks mean 0 votes (emptyMeans "zero"): every check evaluated', () => {
    // "Local North" runs in the North only, "Local South" in the South only; their cells are blank
    // elsewhere. S3's votes and invalid ballots fall 5 short of its ballots cast: the one slip planted.
    const dir = tempDir();
    const rows = [
      'Region,Station,Registered,Cast,Invalid,Party A,Party B,Local North,Local South',
      'North,N1,900,600,10,300,200,90,',
      'North,N2,800,500,5,250,150,95,',
      'North,N3,700,400,4,200,100,96,',
      'North,N4,1000,700,8,350,250,92,',
      'South,S1,900,600,6,280,220,,94',
      'South,S2,800,500,5,240,170,,85',
      'South,S3,700,300,5,150,100,,40',
      'South,S4,1000,700,7,330,280,,83',
    ];
    writeFileSync(join(dir, 't.csv'), `${rows.join('\n')}\n`);
    const candidates = [
      { id: 'party-a', column: 'Party A' },
      { id: 'party-b', column: 'Party B' },
      { id: 'local-north', column: 'Local North', emptyMeans: 'zero' as const },
      { id: 'local-south', column: 'Local South', emptyMeans: 'zero' as const },
    ];
    const mapping = {
      schemaVersion: 1,
      id: { columns: ['Station'] },
      levels: [{ name: 'region', column: 'Region' }],
      counts: { registered: 'Registered', cast: 'Cast', invalid: 'Invalid' },
      candidates,
    };
    writeFileSync(join(dir, 't.mapping.json'), JSON.stringify(mapping));
    writeDataset(dir, MappingSchema.parse(mapping));
    const audit = (out: string) => {
      const run = tallycheck([
        ...['audit', join(dir, 'd.json'), '--rules', 'rules/precinct'],
        ...['--format', 'json,md,html', '--out', join(dir, out)],
      ]);
      const file = (ext: string) => readFileSync(join(dir, out, `d.report.${ext}`), 'utf8');
      return { run, report: JSON.parse(file('json')), md: file('md'), html: file('html') };
    };
    const { run, report, md, html } = audit('zero');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(report.summary.notEvaluated).toEqual({ error: 0, warning: 0, info: 0 });
    expect(report.summary.outcomes).toEqual({ passed: 15, failed: 3, notEvaluated: 0, skipped: 11 });
    expect(
      report.findings.map((f: { ruleId: string; outcome: string; message: string }) => [
        f.ruleId,
        f.outcome,
        f.message,
      ]),
    ).toEqual([
      [
        'level-votes-plus-invalid-equal-ballots-cast',
        'failed',
        'In all units of t, candidate votes 4245 plus invalid ballots 50 do not equal the 4300 ballots cast (votes plus invalid minus ballots cast: -5).',
      ],
      [
        'level-votes-plus-invalid-equal-ballots-cast',
        'failed',
        'In region South of t, candidate votes 2072 plus invalid ballots 23 do not equal the 2100 ballots cast (votes plus invalid minus ballots cast: -5).',
      ],
      [
        'votes-plus-invalid-equal-ballots-cast',
        'failed',
        'Candidate votes plus invalid ballots equal ballots cast: not so in 1 of the 8 units checked in t. First: ' +
          'Unit S3 (South): candidate votes 290 plus invalid ballots 5 do not equal the 300 ballots cast (votes plus invalid minus ballots cast: -5).',
      ],
    ]);
    expect(report.inputs.tables[0]).toMatchObject({
      rows: 8,
      used: 8,
      rejected: 0,
      cellsMissing: 0,
      problemsTotal: 0,
      cellsReadAsZero: [
        { candidate: 'local-north', column: 'Local North', cells: 4 },
        { candidate: 'local-south', column: 'Local South', cells: 4 },
      ],
    });
    expect(run.stdout).toContain(
      'table t: 8 rows read, 8 used, 0 rejected, 0 cells missing, 8 empty cells read as 0 votes (not on the ballot)',
    );
    expect(md).toContain(
      'Empty cells read as 0 votes, the mapping saying the candidate was not on the ballot there: ' +
        '`local-north` (column `Local North`) 4, `local-south` (column `Local South`) 4.',
    );
    expect(html).toContain(
      '<p class="zero-cells">Empty cells read as 0 votes, the mapping saying the candidate was not on the ballot ' +
        'there: <code>local-north</code> (column <code>Local North</code>) 4, <code>local-south</code> (column ' +
        '<code>Local South</code>) 4.</p>',
    );
    // The same table with the blanks left missing: every check that needs all the votes is not evaluated,
    // and the slip at S3 goes unseen.
    writeFileSync(
      join(dir, 't.mapping.json'),
      JSON.stringify({ ...mapping, candidates: candidates.map(({ id, column }) => ({ id, column })) }),
    );
    const before = audit('missing');
    expect(before.report.summary.outcomes).toEqual({ passed: 9, failed: 0, notEvaluated: 9, skipped: 11 });
    expect(before.report.inputs.tables[0]).toMatchObject({ cellsMissing: 8 });
    expect(before.report.inputs.tables[0].cellsReadAsZero).toBeUndefined();
  });

  it('audits a gzip table as the text it holds; its sha256 is the file’s; damaged data exits 2', () => {
    const dir = tempDir();
    const csv = join(dir, 't.csv');
    expect(
      tallycheck(['synth', '--rows', '2000', '--slips', '3', '--out', csv, '--mapping', join(dir, 'm.json')])
        .code,
    ).toBe(0);
    const text = readFileSync(csv);
    writeFileSync(join(dir, 't.csv.gz'), gzipSync(text));
    const election = ['--country', 'S', '--office', 'P', '--date', '2024-01-01', '--publisher', 'P'];
    const reports: Record<string, unknown>[] = [];
    for (const [table, out] of [
      ['t.csv', 'plain.json'],
      ['t.csv.gz', 'gz.json'],
    ]) {
      const made = tallycheck([
        'data',
        'new',
        join(dir, table as string),
        '--mapping',
        join(dir, 'm.json'),
        '--out',
        join(dir, out as string),
        ...election,
      ]);
      expect(made.code).toBe(0);
      const run = tallycheck([
        'audit',
        join(dir, out as string),
        '--out',
        join(dir, `r-${out}`),
        '--format',
        'json',
      ]);
      expect(run.code).toBe(1);
      reports.push(
        JSON.parse(
          readFileSync(join(dir, `r-${out}`, `${(out as string).replace('.json', '')}.report.json`), 'utf8'),
        ),
      );
    }
    const [plain, gz] = reports as {
      findings: { message: string }[];
      inputs: { tables: { sha256: string; rows: number }[] };
    }[];
    expect(gz?.findings.map((f) => f.message)).toEqual(plain?.findings.map((f) => f.message));
    expect(gz?.inputs.tables[0]?.rows).toBe(2000);
    expect(plain?.inputs.tables[0]?.sha256).toBe(createHash('sha256').update(text).digest('hex'));
    expect(gz?.inputs.tables[0]?.sha256).toBe(
      createHash('sha256')
        .update(readFileSync(join(dir, 't.csv.gz')))
        .digest('hex'),
    );
    // Cut in half: the audit names the damage and writes no report.
    const gzBytes = readFileSync(join(dir, 't.csv.gz'));
    writeFileSync(join(dir, 't.csv.gz'), gzBytes.subarray(0, gzBytes.length >> 1));
    const cut = tallycheck(['audit', join(dir, 'gz.json'), '--out', join(dir, 'r-cut')]);
    expect(cut.code).toBe(2);
    expect(cut.stderr).toMatch(
      /t\.csv\.gz: the table's gzip data is damaged after \d+ bytes of text: unexpected end of file \[precinct-gzip-damaged\]/,
    );
    expect(filesIn(join(dir, 'r-cut'))).toEqual([]);
  });

  it('refuses a table whose quote is never closed: exit 2, where it opens, no report', () => {
    const dir = tempDir();
    const csv = join(dir, 't.csv');
    const made = tallycheck(['synth', '--rows', '50', '--out', csv, '--mapping', join(dir, 'm.json')]);
    expect(made.code).toBe(0);
    const lines = readFileSync(csv, 'utf8').split('\n');
    // Line 3 of the file: a quote opened before its third cell.
    const cells = (lines[2] as string).split(',');
    const column = (cells[0] as string).length + (cells[1] as string).length + 3;
    cells[2] = `"${cells[2]}`;
    lines[2] = cells.join(',');
    writeFileSync(csv, lines.join('\n'));
    const election = ['--country', 'S', '--office', 'P', '--date', '2024-01-01', '--publisher', 'P'];
    const data = join(dir, 't.json');
    const args = ['data', 'new', csv, '--mapping', join(dir, 'm.json'), '--out', data, ...election];
    expect(tallycheck(args).code).toBe(0);
    const run = tallycheck(['audit', data, '--out', join(dir, 'r')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `t.csv:3:${column}: a quote opened in column "station" is never closed: lines 3 to 51 (49 lines, the rest of the file) would read as one cell`,
    );
    expect(run.stderr).toContain('[precinct-unclosed-quote]');
    expect(filesIn(join(dir, 'r'))).toEqual([]);
  });

  it('writes CSV or NDJSON, gzip-compressed for .gz, as --out ends; the audit reads each as the same table', () => {
    const dir = tempDir();
    const tables = ['t.csv', 't.csv.gz', 't.ndjson', 't.ndjson.gz'];
    const election = ['--country', 'S', '--office', 'P', '--date', '2024-01-01', '--publisher', 'P'];
    const reports = tables.map((table) => {
      const mapping = join(dir, `${table}.mapping.json`);
      const options = ['--rows', '400', '--seed', '5', '--slips', '3', '--out', join(dir, table)];
      expect(tallycheck(['synth', ...options, '--mapping', mapping]).code).toBe(0);
      const dataset = join(dir, `${table}.json`);
      const made = tallycheck([
        'data',
        'new',
        join(dir, table),
        '--mapping',
        mapping,
        '--out',
        dataset,
        ...election,
      ]);
      expect(made.code).toBe(0);
      const out = join(dir, `r-${table}`);
      expect(tallycheck(['audit', dataset, '--out', out, '--format', 'json', '-q']).code).toBe(1);
      return JSON.parse(readFileSync(join(out, `${table}.report.json`), 'utf8')) as {
        findings: { ruleId: string; message: string }[];
        inputs: { tables: { rows: number; used: number; rejected: number }[] };
      };
    });
    const bytes = (f: string) => readFileSync(join(dir, f));
    expect(gunzipSync(bytes('t.csv.gz'))).toEqual(bytes('t.csv'));
    expect(gunzipSync(bytes('t.ndjson.gz'))).toEqual(bytes('t.ndjson'));
    // Each NDJSON line is the CSV row of the same unit: the header's columns as keys, ids as text, counts as numbers.
    const [header = '', ...rows] = bytes('t.csv').toString('utf8').trimEnd().split('\n');
    const columns = header.split(',');
    const fromCsv = rows.map((row) =>
      Object.fromEntries(row.split(',').map((cell, i) => [columns[i], i < 3 ? cell : Number(cell)])),
    );
    const lines = bytes('t.ndjson').toString('utf8').trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual(fromCsv);
    expect(Object.keys(JSON.parse(lines[0] ?? '{}'))).toEqual(columns);
    const format = (t: string) => JSON.parse(bytes(`${t}.mapping.json`).toString('utf8')).format;
    expect(tables.map(format)).toEqual([
      { type: 'csv', delimiter: ',' },
      { type: 'csv', delimiter: ',' },
      { type: 'ndjson' },
      { type: 'ndjson' },
    ]);
    const [csv] = reports;
    expect(csv?.findings.map((f) => f.ruleId)).toContain('votes-plus-invalid-equal-ballots-cast');
    for (const report of reports) {
      expect(report.inputs.tables[0]).toMatchObject({ rows: 400, used: 400, rejected: 0 });
      expect(report.findings.map((f) => f.message)).toEqual(csv?.findings.map((f) => f.message));
    }
  });

  it('refuses an --out name that says no format it writes, and writes nothing', () => {
    const dir = tempDir();
    for (const name of ['t.tsv', 't.gz', 't.csv.zip', 't']) {
      const run = tallycheck([
        'synth',
        '--rows',
        '10',
        '--out',
        join(dir, name),
        '--mapping',
        join(dir, 'm.json'),
      ]);
      expect(run.code).toBe(2);
      expect(run.stderr.split('\n')[0]).toBe(
        'tallycheck: synth writes the format its --out name ends with: .csv, .csv.gz, .ndjson, .ndjson.gz ' +
          `(.gz: gzip-compressed); got "${join(dir, name)}"`,
      );
    }
    expect(filesIn(dir)).toEqual([]);
  });

  it('says why it cannot write the table, and leaves no table cut short', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), '');
    const blocked = tallycheck(['synth', '--rows', '10', '--out', join(dir, 'file', 't.csv')]);
    expect([blocked.code, blocked.stderr.split('\n')[0]]).toEqual([
      2,
      `${join(dir, 'file', 't.csv')}: cannot write here: a file is in the way where a folder is needed [output-not-writable]`,
    ]);
    // A disk that fills up while the table is written (/dev/full fails every write with ENOSPC).
    symlinkSync('/dev/full', join(dir, 'full.csv.gz'));
    const full = tallycheck([
      'synth',
      '--rows',
      '100000',
      '--out',
      join(dir, 'full.csv.gz'),
      '--mapping',
      join(dir, 'm.json'),
    ]);
    expect([full.code, full.stderr.split('\n')[0]]).toEqual([
      2,
      `${join(dir, 'full.csv.gz')}: cannot write here: no space left on the device [output-not-writable]`,
    ]);
    expect(filesIn(dir)).toEqual(['file']);
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

/** A table of stations with no levels: id, registered voters, ballots cast and the candidates' votes. */
const FLAT = (candidates: string[]) => ({
  schemaVersion: 1,
  id: { columns: ['station'] },
  levels: [],
  counts: { registered: 'registered', cast: 'cast' },
  candidates: candidates.map((c) => ({ id: c.toLowerCase(), column: c })),
});

describe('a table without levels', () => {
  it('names a unit without an empty "(none)" for its levels', () => {
    const dir = tableDataset(
      FLAT(['Ann', 'Bob']),
      'station,registered,cast,Ann,Bob\ns1,100,120,60,50\ns2,100,80,40,40\n',
    );
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

describe('the problems of a table in the reports', () => {
  it('list the rows left out first, so a rejected row is not hidden behind repeated ids', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `s${i % 3},100,50,50`);
    const dir = tableDataset(
      FLAT(['Ann']),
      ['station,registered,cast,Ann', ...rows, 's99,100,5x0,50'].join('\n'),
    );
    const out = join(dir, 'out');
    const run = tallycheck([
      'audit',
      join(dir, 'd.json'),
      '--rules',
      'rules/precinct',
      '--format',
      'md,html',
      '--out',
      out,
    ]);
    expect(run.code).toBe(1);
    const md = readFileSync(join(out, 'd.report.md'), 'utf8');
    const first = md.split('\n').find((l) => /^\| \d+ \|/.test(l));
    expect(first).toBe(
      '| 32 | `cast` | column "cast" does not hold a number; the row is left out [precinct-invalid-number] | ' +
        '`"5x0"` | a number such as 1204, or a missing value ("", "NA") |',
    );
    const html = readFileSync(join(out, 'd.report.html'), 'utf8');
    const table = html.slice(html.indexOf('<table class="problems">'));
    expect(table.indexOf('precinct-invalid-number')).toBeLessThan(table.indexOf('precinct-duplicate-id'));
  });
});
