/** Text from a dataset that would act on the reader (carriage return, ANSI escape, bidi override) in the reports. */
import { copyFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesIn, tableDataset, tallycheck, tempDir } from '../helpers/cli.js';
import { controlsIn } from '../helpers/controls.js';
import { HEADER, MAPPING } from '../precinct/helpers.js';

const FIXTURES = 'tests/report/fixtures';
const HOSTILE = '\r\u001b[31m\u202e';
const SHOWN = '\\r\\u001b[31m\\u202e';

/** The hostile HTML fixture with HOSTILE in its title, country, a candidate name, the publisher and authority. */
function hostileDataset(name = 'd.json'): { dir: string; file: string } {
  const dir = tempDir();
  copyFileSync(join(FIXTURES, 'hostile-source.txt'), join(dir, 'hostile-source.txt'));
  const data = JSON.parse(readFileSync(join(FIXTURES, 'hostile.json'), 'utf8'));
  delete data.$schema;
  data.title = `Title${HOSTILE}`;
  data.election.country = `Country${HOSTILE}`;
  data.candidates[2].name = `Gamma${HOSTILE}`;
  data.sources[0].publisher = `Gazette${HOSTILE}`;
  data.sources[0].title = `Source${HOSTILE}`;
  data.releases[0].authority = `Commission${HOSTILE}`;
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(data, null, 2));
  return { dir, file };
}

describe('hostile text in a dataset', () => {
  it('shows as escapes in the HTML report: title, header, subjects, evidence and sources', () => {
    const { dir, file } = hostileDataset();
    const out = join(dir, 'out');
    const run = tallycheck(['audit', file, '--format', 'html,md,json', '--out', out]);
    expect(run.code, run.stderr).not.toBe(2);
    const page = readFileSync(join(out, 'd.report.html'), 'utf8');
    expect(controlsIn(page)).toEqual([]);
    expect(page).toContain(`<title>tallycheck report: Title${SHOWN}</title>`);
    expect(page).toContain(`<h1>Title${SHOWN}</h1>`);
    expect(page).toContain(`<p class="meta-line">Country${SHOWN} · `);
    expect(page).toContain(`Gazette${SHOWN}, paragraph`);
    expect(page).toContain(`Commission${SHOWN}`);
    expect(controlsIn(readFileSync(join(out, 'd.report.md'), 'utf8'))).toEqual([]);
    // The JSON report keeps the data as read.
    const report = JSON.parse(readFileSync(join(out, 'd.report.json'), 'utf8'));
    expect(report.election.title).toBe(`Title${HOSTILE}`);
  });
});

/** The cells of a GFM table row: GFM splits at every `|` not preceded by a backslash, before it reads code spans. */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/);
}

/** Each table of a Markdown text as its header row and body rows. */
function tables(md: string): string[][] {
  const found: string[][] = [];
  let rows: string[] = [];
  for (const line of [...md.split('\n'), '']) {
    if (line.startsWith('|')) rows.push(line);
    else if (rows.length > 0) {
      found.push(rows);
      rows = [];
    }
  }
  return found;
}

describe('a pipe in a unit id or column name', () => {
  it('stays in its cell of the Markdown tables', () => {
    const unit = 'x | **FAKE** | 1 |';
    const cast = 'cast | **FAKE** |';
    const mapping = { ...MAPPING, counts: { ...MAPPING.counts, cast } };
    const dir = tableDataset(
      mapping,
      `${HEADER.replace(',cast,', `,"${cast}",`)}\n` +
        // More ballots cast than registered voters (a unit sample), then a count that is no number (a problem).
        `North,"${unit}",1000,1200,590,10,400,190\nNorth,s2,1000,lots,590,10,400,190\n`,
    );
    const out = join(dir, 'out');
    const run = tallycheck([
      'audit',
      join(dir, 'd.json'),
      '--rules',
      'rules/precinct',
      '--format',
      'md',
      '--out',
      out,
    ]);
    expect(run.code, run.stderr).toBe(1);
    const md = readFileSync(join(out, 'd.report.md'), 'utf8');
    expect(md).toContain('| `x \\| **FAKE** \\| 1 \\|` | 2 |');
    expect(md).toContain('| 3 | `cast \\| **FAKE** \\|` |');
    const all = tables(md);
    expect(all.length).toBeGreaterThanOrEqual(3);
    for (const [header = '', ...body] of all)
      for (const row of body) expect(cells(row).length, row).toBe(cells(header).length);
  });
});

describe('a backtick in a unit id or a cell', () => {
  it('shows as written in the Markdown code spans, so it can be searched for in the table', () => {
    const unit = 'a`b|c';
    const dir = tableDataset(
      MAPPING,
      // More ballots cast than registered voters (a unit sample), then a count that is no number (a problem).
      `${HEADER}\nNorth,"${unit}",1000,1200,590,10,400,190\nNorth,s2,"1\`2|3",600,590,10,400,190\n`,
    );
    const out = join(dir, 'out');
    const run = tallycheck([
      'audit',
      join(dir, 'd.json'),
      '--rules',
      'rules/precinct',
      '--format',
      'md',
      '--out',
      out,
    ]);
    expect(run.code, run.stderr).toBe(1);
    const md = readFileSync(join(out, 'd.report.md'), 'utf8');
    // A fence of two backticks holds the one in the id; the pipe is escaped for the table, nothing else.
    expect(md).toContain(
      '| ``a`b\\|c`` | 2 | North | Unit a\\`b\\|c (North): 1200 ballots cast, 200 more than its 1000 registered voters. |',
    );
    expect(md).toContain(
      '| 3 | `registered` | column "registered" does not hold a number; the row is left out [precinct-invalid-number] | ' +
        '``"1`2\\|3"`` | a number such as 1204, or a missing value ("", "NA") |',
    );
    for (const [header = '', ...body] of tables(md))
      for (const row of body) expect(cells(row).length, row).toBe(cells(header).length);
  });
});

describe('a file name on the audit summary', () => {
  const FAKE_GATE = '\ngate: pass (fail on error)\n';

  /** A precinct dataset whose one unit has more ballots cast than registered voters: the gate fails. */
  function failingDataset(name: string): string {
    const dir = tableDataset(MAPPING, `${HEADER}\nNorth,s1,1000,1200,590,10,400,190\n`);
    renameSync(join(dir, 'd.json'), join(dir, name));
    return join(dir, name);
  }

  it('cannot fake the gate line: the dataset and report names show their line feeds as escapes', () => {
    const file = failingDataset(`fake${FAKE_GATE}.json`);
    const out = join(dirname(file), 'out');
    const run = tallycheck(['audit', file, '--rules', 'rules/precinct', '--format', 'md', '--out', out]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout.split('\n').filter((l) => l.startsWith('gate:'))).toEqual([
      'gate: fail (fail on error)',
    ]);
    expect(run.stdout).toContain(`fake\\ngate: pass (fail on error)\\n.json with`);
    expect(run.stdout).toContain(`reports: ${join(out, 'fake\\ngate: pass (fail on error)\\n.report.md')}`);
    expect(filesIn(out)).toEqual([`fake${FAKE_GATE}.report.md`]);
  });

  it('cannot fake it from a baseline either: its name and its entries show line feeds as escapes', () => {
    const file = failingDataset('d.json');
    const baseline = join(dirname(file), `b${FAKE_GATE}.json`);
    const entry = {
      ruleId: 'table-has-rows',
      subject: `nothing${FAKE_GATE}`,
      evidenceHash: '0'.repeat(64),
      justification: 'accepted',
      acceptedBy: 'A. Reviewer',
    };
    // A stale entry (its rule ran) and one of a rule not loaded: both are listed on stdout.
    const other = { ...entry, ruleId: `some-rule${FAKE_GATE}` };
    writeFileSync(baseline, JSON.stringify({ baselineVersion: 1, entries: [entry, other] }));
    const run = tallycheck([
      'audit',
      file,
      '--rules',
      'rules/precinct',
      '--baseline',
      baseline,
      '--out',
      join(dirname(file), 'out'),
    ]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout.split('\n').filter((l) => l.startsWith('gate:'))).toEqual([
      'gate: fail (fail on error)',
    ]);
    expect(run.stdout).toContain('b\\ngate: pass (fail on error)\\n.json: 0 finding(s) suppressed');
    expect(run.stdout).toContain('table-has-rows on nothing\\ngate: pass (fail on error)\\n');
    expect(run.stdout).toContain('kept as they are: some-rule\\ngate: pass (fail on error)\\n\n');
  });
});

describe('hostile text in a diff', () => {
  it('shows as escapes in the Markdown diff and on stdout, and cannot break its tables', () => {
    const { dir, file } = hostileDataset(`old${HOSTILE}.json`);
    const data = JSON.parse(readFileSync(file, 'utf8'));
    data.candidates[2].name = `Gamma | **FAKE** |${HOSTILE}`;
    data.releases[0].results[2].share = { ...data.releases[0].results[2].share, value: 9.5, printed: '9.5' };
    delete data.sources[0].file; // its text prints 8.5, not 9.5
    const changed = join(dir, 'new.json');
    writeFileSync(changed, JSON.stringify(data, null, 2));
    const run = tallycheck(['diff', file, changed, '--out', join(dir, 'out'), '--format', 'md']);
    expect(run.code, run.stderr).not.toBe(2);
    expect(controlsIn(run.stdout.replaceAll('\n', ''))).toEqual([]);
    expect(run.stdout).toContain(`old${SHOWN}.json -> `);
    const [md] = filesIn(join(dir, 'out'));
    const text = readFileSync(join(dir, 'out', md as string), 'utf8');
    expect(controlsIn(text.replaceAll('\n', ''))).toEqual([]);
    for (const table of tables(text)) {
      const width = cells(table[0] as string).length;
      for (const row of table) expect(cells(row), row).toHaveLength(width);
    }
    expect(text).toContain('| Gamma \\| \\*\\*FAKE\\*\\* \\|\\\\r\\\\u001b\\[31m\\\\u202e | ');
  });
});
