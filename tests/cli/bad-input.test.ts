/** Bad input through the CLI: each case gets a clear message with its location, exit code 2, and no report. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { filesIn, tableDataset, tallycheck, tempDir } from '../helpers/cli.js';
import { controlsIn } from '../helpers/controls.js';
import { HEADER, MAPPING } from '../precinct/helpers.js';

const AZ = 'data/azerbaijan-2024-presidential.json';
const azText = () => readFileSync(AZ, 'utf8');
const azData = () => JSON.parse(azText());
/** The bundled dataset's source folder, for a copy of it elsewhere. */
const SHARED_UP = resolve('../shared');

/** Writes a dataset variant into a temp dir and audits it; returns the run and the out dir's files. */
function auditText(text: string, extraArgs: string[] = []) {
  const dir = tempDir();
  const file = join(dir, 'dataset.json');
  writeFileSync(file, text);
  const out = join(dir, 'out');
  const run = tallycheck(['audit', file, '--out', out, ...extraArgs]);
  return { run, written: filesIn(out), file };
}

describe('bad dataset input', () => {
  it('a missing file', () => {
    const out = join(tempDir(), 'out');
    const run = tallycheck(['audit', 'no/such/file.json', '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no/such/file.json: file not found [file-not-found]');
    expect(filesIn(out)).toEqual([]);
  });

  it('a compressed or UTF-16 JSON file, named as such', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'd.json.gz'), gzipSync(azText()));
    const gz = tallycheck(['audit', join(dir, 'd.json.gz'), '--out', join(dir, 'out')]);
    expect(gz.code).toBe(2);
    expect(gz.stderr).toContain('d.json.gz: the file is gzip-compressed data, not text [file-not-text]');
    expect(gz.stderr).toContain('tallycheck: 1 input problem(s); nothing was written.');
    mkdirSync(join(dir, 'rules'));
    writeFileSync(join(dir, 'rules', 'r.json'), Buffer.from(`\uFEFF{}`, 'utf16le'));
    const rule = tallycheck(['audit', AZ, '--rules', join(dir, 'rules'), '--out', join(dir, 'out')]);
    expect(rule.code).toBe(2);
    expect(rule.stderr).toContain(
      'r.json: the file is UTF-16 text (little-endian), not UTF-8 [file-not-text]',
    );
    expect(filesIn(join(dir, 'out'))).toEqual([]);
  });

  it('a mapping, a rule file or a report given as the dataset: one problem that says what it is', () => {
    const cases = [
      [
        'data/albania-2013-mapping.json',
        "this is a precinct table's mapping, not a dataset",
        'tallycheck data new',
      ],
      ['rules/core/exit-poll-gap.json', 'this is a rule file, not a dataset', '--rules DIR'],
      ['reports/azerbaijan-2024-presidential.report.json', "this is tallycheck's report, not a dataset", ''],
    ];
    for (const [file, message, hint] of cases as [string, string, string][]) {
      const out = join(tempDir(), 'out');
      const run = tallycheck(['audit', file, '--out', out]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${file}: ${message} [data-not-a-dataset]`);
      expect(run.stderr).toContain(hint);
      expect(run.stderr).toContain('tallycheck: 1 input problem(s); nothing was written.');
      expect(filesIn(out)).toEqual([]);
      expect(tallycheck(['data', 'validate', file]).stderr).toContain('[data-not-a-dataset]');
    }
  });

  it('malformed JSON, with line and column, what was found and what was expected', () => {
    const trailing = auditText('{\n  "schemaVersion": 1,\n  "id": "x",\n}\n');
    expect(trailing.run.code).toBe(2);
    expect(trailing.run.stderr).toBe(
      `${trailing.file}:3:12: malformed JSON: a trailing comma before '}' is not allowed in JSON [json-syntax]\n` +
        '  Remove this comma, or write the property that was to follow it.\n' +
        'tallycheck: 1 input problem(s); nothing was written.\n',
    );
    expect(trailing.written).toEqual([]);
    const comma = auditText('{\n  "schemaVersion": 1,\n  "id": "x" "title": "y"\n}\n');
    expect(comma.run.code).toBe(2);
    expect(comma.run.stderr).toBe(
      `${comma.file}:3:13: malformed JSON: expected ',' or '}' after a property value, found a string [json-syntax]\n` +
        '  A comma is missing after the value that ends at line 3, column 11.\n' +
        'tallycheck: 1 input problem(s); nothing was written.\n',
    );
    expect(comma.written).toEqual([]);
  });

  it('a schema violation, with JSON pointer, found and expected', () => {
    const data = azData();
    data.releases[0].status = 'provisional';
    const { run, written } = auditText(JSON.stringify(data, null, 2));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/:\d+:\d+ at \/releases\/0\/status: .*\[data-invalid\]/);
    expect(run.stderr).toContain('expected one of "preliminary", "final"');
    expect(run.stderr).toContain('found string "provisional"');
    expect(written).toEqual([]);
  });

  it('a number given as a string', () => {
    const data = azData();
    data.releases[0].results[0].share.value = '92.05';
    const { run, written } = auditText(JSON.stringify(data, null, 2));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('at /releases/0/results/0/share/value');
    expect(run.stderr).toContain('expected a JSON number, not text');
    expect(run.stderr).toContain('found string "92.05"');
    expect(written).toEqual([]);
  });

  it('a poll naming an unknown candidate', () => {
    const data = azData();
    data.estimates[0].shares[0].candidate = 'ilham-aliev';
    const { run, written } = auditText(JSON.stringify(data, null, 2));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'at /estimates/0/shares/0/candidate: unknown candidate "ilham-aliev" [data-unknown-candidate]',
    );
    expect(run.stderr).toContain('"ilham-aliyev"');
    expect(written).toEqual([]);
  });

  it('a __proto__ key is rejected, and nothing is polluted', () => {
    const text = azText().replace(
      '"schemaVersion": 1,',
      '"schemaVersion": 1, "__proto__": { "polluted": true },',
    );
    const { run, written } = auditText(text);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('at /__proto__: the key "__proto__" is not allowed [json-forbidden-key]');
    expect(written).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a value that contradicts its printed form', () => {
    const data = azData();
    data.releases[0].results[1].share.value = 2.91;
    const { run } = auditText(JSON.stringify(data, null, 2));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'at /releases/0/results/1/share/value: the value differs from its printed form',
    );
    expect(run.stderr).toContain('found value 2.91, printed "2.19"');
  });

  it('a printed form that states no number: data validate and audit refuse it, at its pointer', () => {
    const data = azData();
    data.releases[0].results[1].share.printed = 'over two';
    const { run, written, file } = auditText(JSON.stringify(data, null, 2));
    expect(run.code).toBe(2);
    expect(written).toEqual([]);
    const validate = tallycheck(['data', 'validate', file]);
    expect(validate.code).toBe(2);
    for (const out of [run.stderr, validate.stderr]) {
      expect(out).toContain(
        'at /releases/0/results/1/share/printed: the printed form states no number that can be read [data-printed-unreadable]',
      );
      expect(out).toContain('expected digits with a decimal point or comma');
      expect(out).toContain('found printed "over two"');
    }
  });

  it('reports every problem, not just the first', () => {
    const data = azData();
    data.releases[0].status = 'provisional';
    data.candidates[0].name = 7;
    const { run } = auditText(JSON.stringify(data, null, 2));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('/releases/0/status');
    expect(run.stderr).toContain('/candidates/0/name');
  });

  it('data validate names the problem too', () => {
    const dir = tempDir();
    const file = join(dir, 'd.json');
    writeFileSync(file, '{"a" 1}');
    const run = tallycheck(['data', 'validate', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `${file}:1:6: malformed JSON: expected ':' after the property name "a", found a number [json-syntax]\n` +
        '  A property is written "a": value.\n',
    );
    expect(tallycheck(['data', 'validate', AZ]).code).toBe(0);
  });

  it('data validate checks the precinct tables a dataset names: mapping, text and header', () => {
    const fixture = 'tests/rules/table-rows-all-read';
    const data = JSON.parse(readFileSync(join(fixture, 'pass.json'), 'utf8'));
    const dir = tempDir();
    const variant = (name: string, table: string, mapping: string) => {
      writeFileSync(
        join(dir, name),
        JSON.stringify({ ...data, precincts: [{ ...data.precincts[0], table, mapping }] }),
      );
      return join(dir, name);
    };
    writeFileSync(join(dir, 'm.json'), readFileSync(join(fixture, 'mapping.json')));
    writeFileSync(join(dir, 't.csv'), readFileSync(join(fixture, 'pass.csv')));
    writeFileSync(join(dir, 't.csv.gz'), gzipSync(readFileSync(join(fixture, 'pass.csv'))));
    const cut = gzipSync(readFileSync(join(fixture, 'pass.csv')));
    writeFileSync(join(dir, 'cut.csv.gz'), cut.subarray(0, cut.length - 12));
    writeFileSync(
      join(dir, 'semi.csv'),
      readFileSync(join(fixture, 'pass.csv'), 'utf8').replaceAll(',', ';'),
    );
    const good = variant('good.json', 't.csv', 'm.json');
    const ok = tallycheck(['data', 'validate', good, variant('gz.json', 't.csv.gz', 'm.json')]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(
      'good.json: valid (2 candidates, 0 releases, 0 estimates, 1 precinct table(s)',
    );
    expect(ok.stdout).toContain('gz.json: valid');
    for (const [name, table, mapping, code] of [
      ['no-mapping.json', 't.csv', 'none.json', 'file-not-found'],
      ['cut.json', 'cut.csv.gz', 'm.json', 'precinct-gzip-damaged'],
      ['semi.json', 'semi.csv', 'm.json', 'precinct-wrong-delimiter'],
    ] as const) {
      const run = tallycheck(['data', 'validate', good, variant(name, table, mapping)]);
      expect(run.code, name).toBe(2);
      expect(run.stdout, name).toContain('good.json: valid');
      expect(run.stderr, name).toContain(`[${code}]`);
    }
  });
});

describe('bad rule input', () => {
  function rulePack(rule: object) {
    const dir = tempDir();
    mkdirSync(join(dir, 'rules'));
    writeFileSync(join(dir, 'rules', 'bad-rule.json'), JSON.stringify(rule, null, 2));
    return dir;
  }
  const baseRule = () => JSON.parse(readFileSync('rules/core/release-shares-sum-to-100.json', 'utf8'));

  it('an unknown fact, with the closest known name', () => {
    const rule = { ...baseRule(), id: 'bad-rule' };
    rule.conditions.all[0].fact = 'shareSums';
    const dir = rulePack(rule);
    const run = tallycheck(['audit', AZ, '--rules', join(dir, 'rules'), '--out', join(dir, 'out')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('at /conditions/all/0/fact: unknown fact "shareSums" [rule-unknown-fact]');
    expect(run.stderr).toContain('Known facts with a similar name: "shareSum"');
    expect(filesIn(join(dir, 'out'))).toEqual([]);
  });

  it('a threshold given as text, which the operator could never compare (every subject not evaluated)', () => {
    const rule = { ...baseRule(), id: 'bad-rule' };
    rule.conditions.all[0].value = '100';
    const dir = rulePack(rule);
    const run = tallycheck(['rules', 'validate', join(dir, 'rules')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'at /conditions/all/0/value: "differsBeyondRounding" compares with a number or { value, plusMinus }, and the rule gives the text "100" [rule-value-type]',
    );
  });

  it('an unknown operator, with the closest known name', () => {
    const rule = { ...baseRule(), id: 'bad-rule' };
    rule.conditions.all[0].operator = 'lesThan';
    const dir = rulePack(rule);
    const run = tallycheck(['rules', 'validate', join(dir, 'rules')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'at /conditions/all/0/operator: unknown operator "lesThan" [rule-unknown-operator]',
    );
    expect(run.stderr).toContain('"lessThan"');
  });

  it('a condition priority in a unit rule (its rows run through generated code that evaluates every condition)', () => {
    const rule = {
      ...JSON.parse(readFileSync('rules/precinct/turnout-below-100-percent.json', 'utf8')),
      id: 'bad-rule',
    };
    const leaf = rule.conditions.all?.[0] ?? rule.conditions.any?.[0];
    leaf.priority = 2;
    const dir = rulePack(rule);
    const run = tallycheck(['rules', 'validate', join(dir, 'rules')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /at \/conditions\/(all|any)\/0\/priority: a condition priority in a unit rule \[rule-unit-priority\]/,
    );
  });

  it('an unknown key in a rule file', () => {
    const rule = { ...baseRule(), id: 'bad-rule', severty: 'error' };
    const dir = rulePack(rule);
    const run = tallycheck(['rules', 'validate', join(dir, 'rules')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('at /severty: unknown key "severty" [rule-unknown-key]');
  });

  it('a reference link that is not http or https (SARIF help and explain print it as a link)', () => {
    const rule = { ...baseRule(), id: 'bad-rule' };
    rule.meta.references = [
      { title: 'fine', url: 'https://example.org/guide' },
      { title: 'script', url: 'javascript:alert(document.cookie)' },
      { title: 'page', url: 'data:text/html,<script>alert(1)</script>' },
    ];
    const dir = rulePack(rule);
    const run = tallycheck(['rules', 'validate', join(dir, 'rules')]);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain('/meta/references/0/url');
    expect(run.stderr).toContain('at /meta/references/1/url: an http or https URL [rule-invalid]');
    expect(run.stderr).toContain('found string "javascript:alert(document.cookie)"');
    expect(run.stderr).toContain('at /meta/references/2/url: an http or https URL [rule-invalid]');
    const explain = tallycheck(['explain', 'bad-rule', '--rules', join(dir, 'rules')]);
    expect(explain.code).toBe(2);
    expect(explain.stdout).not.toContain('javascript:');
  });

  it('a number too large for a double (1e999 reads as Infinity): said so, not "found number null"', () => {
    const file = join(tempDir(), 'dataset.json');
    writeFileSync(
      file,
      azText().replace('"value": 92.05', '"value": 1e999').replaceAll('../../shared', SHARED_UP),
    );
    const run = tallycheck(['data', 'validate', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'at /releases/0/results/0/share/value: the number is too large to read: beyond about 1.8e308 it reads as Infinity [data-invalid]',
    );
    expect(run.stderr).toContain('expected a number of ordinary size, found a number beyond 1.8e308.');
    expect(run.stderr).not.toContain('null');
  });

  it("a dataset source's link that is not http or https, as for a rule's reference", () => {
    const data = azData();
    data.sources[0].url = 'javascript:alert(document.cookie)';
    delete data.sources[0].file;
    const file = join(tempDir(), 'dataset.json');
    writeFileSync(file, JSON.stringify(data, null, 2));
    const run = tallycheck(['data', 'validate', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('at /sources/0/url: an http or https URL [data-invalid]');
  });

  it('a message placeholder that names nothing', () => {
    const rule = { ...baseRule(), id: 'bad-rule' };
    rule.meta.message = 'Sum is {shareSun}';
    const dir = rulePack(rule);
    const run = tallycheck(['rules', 'validate', join(dir, 'rules')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'at /meta/message: unknown placeholder "{shareSun}" [rule-unknown-placeholder]',
    );
  });
});

describe('usage errors', () => {
  it.each([
    [['audit'], 'audit takes one dataset file, got none'],
    [['audit', AZ, '--fail-on', 'sometimes'], '--fail-on "sometimes" is not a level'],
    [['audit', AZ, '--format', 'pdf'], 'unknown format "pdf"'],
    [['audit', AZ, '--bogus'], "Unknown option '--bogus'"],
    [['frobnicate'], 'unknown command "frobnicate"'],
  ])('%j', (args, message) => {
    const run = tallycheck(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('tallycheck --help');
  });
});

describe('hostile strings in a precinct table', () => {
  /** A dataset d.json over t.csv, whose region and id columns hold `region` and `station`, and whose header ends with `extra`. */
  function hostileTable(region: string, station: string, extra = '') {
    const quoted = (s: string) => `"${s.replace(/"/g, '""')}"`;
    return tableDataset(
      MAPPING,
      `${HEADER}${extra}\n` + `${quoted(region)},${quoted(station)},1000,1200,590,10,400,190\n`,
    );
  }
  const FAKE = '\r\u001b[32mgate: pass\u001b[0m';

  it('never reach the terminal or a text report as control characters, and stay data in the JSON', () => {
    const dir = hostileTable(`North${FAKE}`, `s1\u202e`);
    const out = join(dir, 'out');
    const run = tallycheck([
      'audit',
      join(dir, 'd.json'),
      '--rules',
      'rules/precinct',
      '--format',
      'json,md,junit,github,html',
      '--out',
      out,
    ]);
    expect(run.code).toBe(1);
    expect(controlsIn(run.stdout)).toEqual([]);
    expect(run.stdout.split('\n').filter((l) => l.startsWith('gate:'))).toEqual([
      'gate: fail (fail on error)',
    ]);
    expect(run.stdout).toContain(
      'Unit s1\\u202e (North\\r\\u001b[32mgate: pass\\u001b[0m): 1200 ballots cast',
    );
    for (const ext of ['md', 'junit.xml', 'github.txt', 'html']) {
      const text = readFileSync(join(out, `d.report.${ext}`), 'utf8');
      expect(controlsIn(text), ext).toEqual([]);
      expect(text, ext).toContain('u001b[32mgate: pass');
    }
    const report = JSON.parse(readFileSync(join(out, 'd.report.json'), 'utf8'));
    const unitFinding = report.findings.find(
      (f: { ruleId: string }) => f.ruleId === 'ballots-cast-within-registered-voters',
    );
    // The message is text for people; the sample's levels and id are the data as read.
    expect(controlsIn(unitFinding.message)).toEqual([]);
    expect(unitFinding.evidence.units.sample[0]).toMatchObject({
      unit: 's1\u202e',
      levels: [`North${FAKE}`],
    });
    const level = report.outcomes.find((o: { subject: { id: string } }) => o.subject.id.includes('region:'));
    expect(level.subject.label).toBe('region North\\r\\u001b[32mgate: pass\\u001b[0m of t');
  });

  it('in a header, are escaped in the input problems on stderr', () => {
    const dir = hostileTable('North', 's1', `,\u001b]0;owned\u0007`);
    writeFileSync(
      join(dir, 't.csv'),
      readFileSync(join(dir, 't.csv'), 'utf8').replace('Bob', 'B\u001b[2Job'),
    );
    const run = tallycheck(['audit', join(dir, 'd.json'), '--out', join(dir, 'out')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('precinct-missing-column');
    expect(controlsIn(run.stderr)).toEqual([]);
    expect(run.stderr).toContain('"B\\u001b[2Job"');
    expect(filesIn(join(dir, 'out'))).toEqual([]);
  });
});
