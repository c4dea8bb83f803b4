/** The SARIF log validates against the official 2.1.0 schema and points each result at the offending figure. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ajvDraft04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { runRules } from '../../src/engine/run.js';
import { datasetContext } from '../../src/engine/subjects.js';
import { loadDataset } from '../../src/load/dataset.js';
import { readJsonFile } from '../../src/load/json.js';
import { positionOf } from '../../src/load/zod-problems.js';
import { buildReport } from '../../src/report/build.js';
import { sarif } from '../../src/report/sarif.js';
import type { Report } from '../../src/report/types.js';
import { ReportSchema } from '../../src/schema/report.js';
import { bundledRules, SHARED_READ } from '../helpers/audit.js';
import { tableDataset, tallycheck, tempDir } from '../helpers/cli.js';
import { fixtureReport } from '../helpers/report-fixture.js';

/** Read from the shared checkout beside the project (see ../shared/schemas/README.md); nothing is fetched. */
const SCHEMA = JSON.parse(readFileSync('../shared/schemas/sarif-schema-2.1.0.json', 'utf8'));

// ajv-formats is not installed, and ajv rejects a schema with formats it does not know. Rather than turn format
// checks off (validateFormats: false), the schema's three formats are checked here with RFC 3986 / 3339 patterns,
// so a dataset path that is not a valid URI reference still fails.
const URI_CHAR = String.raw`(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})`;
// A CommonJS module: TypeScript sees its default export as the module, whose `default` is the class.
const ajv = new ajvDraft04.default({ allErrors: true });
ajv.addFormat('uri', new RegExp(`^[A-Za-z][A-Za-z0-9+.-]*:${URI_CHAR}*$`));
ajv.addFormat('uri-reference', new RegExp(`^${URI_CHAR}*$`));
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i);
const validate = ajv.compile(SCHEMA);

interface Region {
  startLine: number;
  startColumn?: number;
}
interface Location {
  physicalLocation: { artifactLocation: { uri: string }; region?: Region };
  logicalLocations: { fullyQualifiedName: string }[];
}
interface Result {
  ruleId: string;
  ruleIndex: number;
  kind: string;
  level: string;
  message: { text: string };
  locations: Location[];
  relatedLocations?: Location[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: string; status: string; justification: string }[];
}
interface Log {
  runs: { tool: { driver: { rules: { id: string }[] } }; results: Result[] }[];
}

async function render(report: Report): Promise<Log> {
  const log = JSON.parse(await sarif.format(report));
  const valid = validate(log);
  expect(valid ? [] : validate.errors).toEqual([]);
  return log;
}

function resultOf(log: Log, ruleId: string): Result {
  const found = log.runs[0]?.results.find((r) => r.ruleId === ruleId);
  if (!found) throw new Error(`no result for ${ruleId}`);
  return found;
}

describe('sarif report', () => {
  it('validates against the SARIF 2.1.0 schema, with one result per finding', async () => {
    const report = fixtureReport();
    const log = await render(report);
    const run = log.runs[0];
    expect(run?.results.map((r) => r.ruleId)).toEqual(report.findings.map((f) => f.ruleId));
    for (const r of run?.results ?? []) expect(run?.tool.driver.rules[r.ruleIndex]?.id).toBe(r.ruleId);
  });

  it('maps outcome and severity to kind and level; suppressions are external and accepted', async () => {
    const log = await render(fixtureReport());
    const kindLevel = (id: string) => [resultOf(log, id).kind, resultOf(log, id).level];
    expect(kindLevel('release-shares-sum-to-100')).toEqual(['fail', 'error']);
    expect(kindLevel('exit-poll-gap-exceeds-margin-of-error')).toEqual(['fail', 'warning']);
    expect(kindLevel('partial-count-caveat')).toEqual(['fail', 'note']);
    // SARIF §3.27.10: a kind other than "fail" takes level "none".
    expect(kindLevel('share-matches-votes')).toEqual(['open', 'none']);
    const suppressed = resultOf(log, 'source-after-polls-closed');
    expect(suppressed.suppressions).toMatchObject([{ kind: 'external', status: 'accepted' }]);
    expect(resultOf(log, 'release-shares-sum-to-100').suppressions).toBeUndefined();
    expect(resultOf(log, 'release-shares-sum-to-100').partialFingerprints).toEqual({
      'tallycheck/v1': 'd3154474974220530272eb2c6d2a3005c90e642fa90dba7677d647621da4f025',
    });
  });

  it("keeps a check not evaluated's message, which says so and why", async () => {
    const log = await render(fixtureReport());
    expect(resultOf(log, 'share-matches-votes').message.text).toBe(
      'Not evaluated: shareVotesExcess: the share is printed in words ("thirty percent"), so its precision is unknown',
    );
    // A failed check's message does not begin so.
    expect(resultOf(log, 'release-shares-sum-to-100').message.text).toMatch(/^The shares published in /);
  });

  it('puts each result at the offending figure in the dataset file, the other figures as related', async () => {
    const report = fixtureReport();
    const log = await render(report);
    const doc = readJsonFile(report.inputs.dataset.file);
    const lines = doc.text.split('\n');
    let regions = 0;
    let figures = 0;
    for (const [i, result] of (log.runs[0]?.results ?? []).entries()) {
      const finding = report.findings[i];
      for (const loc of [...result.locations, ...(result.relatedLocations ?? [])]) {
        expect(decodeURIComponent(loc.physicalLocation.artifactLocation.uri)).toBe(
          report.inputs.dataset.file,
        );
        const region = loc.physicalLocation.region;
        if (!region) continue;
        const pointer = loc.logicalLocations[0]?.fullyQualifiedName ?? '';
        // The region is where the loader's source map puts the pointer...
        expect({ line: region.startLine, column: region.startColumn }).toEqual(doc.positions.get(pointer));
        // ...and, for a figure, its line holds the figure as printed.
        const printed = finding?.sources.find((s) => s.pointer === pointer)?.printed;
        if (printed !== undefined) {
          expect(lines[region.startLine - 1]).toContain(`"printed": "${printed}"`);
          figures += 1;
        }
        regions += 1;
      }
    }
    expect([regions, figures]).toEqual([9, 8]);
    const shares = resultOf(log, 'release-shares-sum-to-100');
    expect(shares.locations[0]?.physicalLocation.region).toEqual({ startLine: 35, startColumn: 20 });
    expect(shares.relatedLocations?.map((l) => l.logicalLocations[0]?.fullyQualifiedName)).toEqual([
      '/releases/0/results/1/share',
      '/releases/0/results/2/share',
    ]);
    // No source of the caveat has a line: it sits at its subject, the release.
    const caveat = resultOf(log, 'partial-count-caveat').locations[0];
    expect(caveat?.logicalLocations[0]?.fullyQualifiedName).toBe('/releases/0');
    expect(caveat?.physicalLocation.region).toEqual({ startLine: 22, startColumn: 5 });
  });

  it('has a validator that rejects a wrong level and a path that is not a URI reference', async () => {
    const log = JSON.parse(await sarif.format(fixtureReport()));
    log.runs[0].results[0].level = 'fatal';
    log.runs[0].artifacts[0].location.uri = 'data/my results.json';
    expect(validate(log)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toEqual(
      expect.arrayContaining(['/runs/0/artifacts/0/location/uri', '/runs/0/results/0/level']),
    );
  });

  it('records the time of the run as the invocation end time only when the report has one', async () => {
    const report = fixtureReport();
    const timed = JSON.parse(await sarif.format(report));
    expect(validate(timed) ? [] : validate.errors).toEqual([]);
    expect(timed.runs[0].invocations).toEqual([
      { executionSuccessful: true, endTimeUtc: '2024-05-06T12:00:00.000Z' },
    ]);
    delete report.generatedAt;
    const log = JSON.parse(await sarif.format(report));
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    expect(Object.keys(log.runs[0])).not.toContain('invocations');
  });

  it('writes the dataset path as a URI reference', async () => {
    const report = fixtureReport();
    report.inputs.dataset.file = 'data/my results #2.json';
    const log = await render(report);
    expect(
      resultOf(log, 'release-shares-sum-to-100').locations[0]?.physicalLocation.artifactLocation.uri,
    ).toBe('data/my%20results%20%232.json');
  });

  it('validates on a report of the bundled rules and dataset', async () => {
    const rules = bundledRules();
    const dataset = loadDataset('data/azerbaijan-2024-presidential.json', SHARED_READ);
    const run = await runRules(rules, datasetContext(dataset.data));
    const report = ReportSchema.parse(
      buildReport(run, {
        toolVersion: '0.0.0',
        datasetFile: dataset.file,
        datasetSha256: dataset.sha256,
        dataset: dataset.data,
        rules,
        failOn: 'error',
      }),
    );
    const log = await render(report);
    expect(log.runs[0]?.results).toHaveLength(report.findings.length);
  });
});

describe('where a finding is placed (SARIF and GitHub annotations)', () => {
  it("is the subject's own figure, not the first figure its rule read", () => {
    const out = tempDir();
    const file = 'data/azerbaijan-2024-presidential.json';
    expect(tallycheck(['audit', file, '--format', 'sarif,github', '--out', out, '-q']).code).toBe(0);
    const doc = readJsonFile(file);
    // The poll's 93.9, which the finding is about; it was placed on the 93.35% processed share.
    const poll = positionOf(doc, '/estimates/0/shares/0/share/value');
    const log = JSON.parse(
      readFileSync(join(out, 'azerbaijan-2024-presidential.report.sarif.json'), 'utf8'),
    ) as Log;
    const region = resultOf(log, 'exit-poll-outside-reachable-interval').locations[0]?.physicalLocation
      .region;
    expect(region).toMatchObject({ startLine: poll?.line, startColumn: poll?.column });
    const github = readFileSync(join(out, 'azerbaijan-2024-presidential.report.github.txt'), 'utf8');
    expect(github).toContain(`::warning file=${file},line=${poll?.line},col=${poll?.column},`);
    // Each candidate's interval note on that candidate's share, not all seven on the processed share.
    const lines = log.runs[0]?.results
      .filter((r) => r.ruleId === 'partial-count-final-share-interval')
      .map((r) => r.locations[0]?.physicalLocation.region?.startLine);
    expect(new Set(lines).size).toBe(lines?.length);
  });
});

describe('checks not evaluated in SARIF', () => {
  it('are kind "open", level "none", each message saying "Not evaluated" and why', () => {
    // Ballots cast missing in two of three stations: the unit and level checks that need them are not evaluated.
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
    const csv = 'station,registered,cast,Ann,Bob\ns1,100,,60,30\ns2,100,80,40,40\ns3,100,,40,40\n';
    const dir = tableDataset(mapping, csv);
    const out = join(dir, 'out');
    const run = tallycheck([
      'audit',
      join(dir, 'd.json'),
      '--rules',
      'rules/precinct',
      '--format',
      'sarif',
      '--out',
      out,
    ]);
    expect(run.code).toBe(1);
    const log = JSON.parse(readFileSync(join(out, 'd.report.sarif.json'), 'utf8')) as Log;
    const open = log.runs[0]?.results.filter((r) => r.kind === 'open') ?? [];
    expect(open.map((r) => r.ruleId)).toContain('ballots-cast-within-registered-voters');
    for (const r of open) {
      expect(r.level, r.ruleId).toBe('none');
      expect(r.message.text, r.ruleId).toMatch(/^Not evaluated(:| for )/);
    }
    expect(resultOf(log, 'ballots-cast-within-registered-voters').message.text).toBe(
      'Not evaluated: Ballots cast do not exceed registered voters: could not be checked in 2 of 3 units of t. ' +
        'First: unit s1 (line 2): ballotExcess: cast is missing',
    );
    expect(resultOf(log, 'level-ballots-cast-within-registered-voters').message.text).toBe(
      'Not evaluated for all units of t: ballotExcess: 2 of 3 units lack cast',
    );
  });
});

describe('--timestamp in SARIF', () => {
  it('gives the invocation the end time the JSON report records, and none without --timestamp', () => {
    const out = tempDir();
    const file = 'data/azerbaijan-2024-presidential.json';
    const args = ['audit', file, '--format', 'json,sarif', '--out', out, '-q'];
    expect(tallycheck([...args, '--timestamp']).code).toBe(0);
    const read = (ext: string) =>
      JSON.parse(readFileSync(join(out, `azerbaijan-2024-presidential.report.${ext}`), 'utf8'));
    const generatedAt = read('json').generatedAt;
    expect(generatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(read('sarif.json').runs[0].invocations).toEqual([
      { executionSuccessful: true, endTimeUtc: generatedAt },
    ]);
    expect(tallycheck(args).code).toBe(0);
    expect(read('json').generatedAt).toBeUndefined();
    expect(read('sarif.json').runs[0].invocations).toBeUndefined();
  });
});

describe('the dataset path in reports', () => {
  it('is relative to the working directory for an absolute path under it, so annotations land in the repository', () => {
    const out = tempDir();
    const file = resolve('data/azerbaijan-2024-presidential.json');
    expect(tallycheck(['audit', file, '--format', 'json,sarif,github', '--out', out, '-q']).code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'azerbaijan-2024-presidential.report.json'), 'utf8'));
    expect(report.inputs.dataset.file).toBe('data/azerbaijan-2024-presidential.json');
    const github = readFileSync(join(out, 'azerbaijan-2024-presidential.report.github.txt'), 'utf8');
    expect(github).toContain('file=data/azerbaijan-2024-presidential.json,');
  });

  it('is a file: URI in SARIF when the dataset lies outside the working directory', async () => {
    const report = fixtureReport();
    report.inputs.dataset.file = '/srv/feeds/my results.json';
    const log = await render(report);
    expect(
      resultOf(log, 'release-shares-sum-to-100').locations[0]?.physicalLocation.artifactLocation.uri,
    ).toBe('file:///srv/feeds/my%20results.json');
  });
});
