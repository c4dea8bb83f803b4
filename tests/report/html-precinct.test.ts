/** The HTML report of a precinct audit: tables read, unit samples and screening charts, in headless Chromium. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/engine/audit.js';
import { datasetContext } from '../../src/engine/subjects.js';
import { loadDataset } from '../../src/load/dataset.js';
import { sourceDecorator } from '../../src/load/excerpt.js';
import { loadPrecinctTables, tableInput } from '../../src/load/precinct.js';
import { positionOf } from '../../src/load/zod-problems.js';
import { buildReport } from '../../src/report/build.js';
import { html } from '../../src/report/html.js';
import { precinctChartData } from '../../src/report/html-precinct-data.js';
import { type Report, ReportSchema } from '../../src/schema/report.js';
import { bundledRules, SHARED_READ } from '../helpers/audit.js';
import { ARGS, CHROMIUM, haveChromium, openPage, warnIfSkipped } from './chromium.js';
import { HOSTILE_COUNT, HOSTILE_REGION, HOSTILE_UNIT, LEADER } from './fixtures/make-precinct.js';

const FIXTURE = 'tests/report/fixtures/precinct.json';
const CHARTS = [
  'turnout-histogram',
  'turnout-share-density',
  'second-digit',
  'last-digit',
  'turnout-integer-percent',
  'leader-integer-percent',
];

/** Audits the fixture as the CLI does (tables read, positions, excerpts) and builds the validated report. */
async function precinctReport(): Promise<Report> {
  const rules = bundledRules();
  const dataset = loadDataset(FIXTURE, SHARED_READ);
  const tables = loadPrecinctTables(FIXTURE, dataset.data, SHARED_READ);
  const { passes, ...run } = await runAudit(rules, tables, datasetContext(dataset.data), {
    decorate: sourceDecorator(dataset),
    locate: (pointer) => positionOf(dataset.doc, pointer),
  });
  const read = await Promise.all(passes.map((p) => tableInput(p)));
  return ReportSchema.parse(
    buildReport(run, {
      toolVersion: '0.0.0-test',
      datasetFile: FIXTURE,
      datasetSha256: dataset.sha256,
      dataset: dataset.data,
      rules,
      failOn: 'error',
      tables: read,
    }),
  );
}

let cached: Promise<Report> | undefined;
const report = () => {
  cached ??= precinctReport();
  return cached;
};

/** The report with one detail removed from every outcome, as when a screening rule reports less. */
function without(r: Report, fact: string, key?: string): Report {
  const outcomes = r.outcomes.map((o) => {
    const details = { ...(o.evidence?.details ?? {}) };
    if (!(fact in details) || !o.evidence) return o;
    if (key) details[fact] = { ...(details[fact] as object), [key]: undefined };
    else delete details[fact];
    return { ...o, evidence: { ...o.evidence, details } };
  });
  return { ...r, outcomes };
}

describe('precinct html report text', () => {
  it('derives every screening chart of the whole table, coarse, from the report', async () => {
    const [t, ...rest] = precinctChartData(await report());
    expect(rest).toEqual([]);
    expect(t?.tableId).toBe('stations');
    expect(t?.notes).toEqual([]);
    expect(t?.turnout?.bins.length).toBeLessThanOrEqual(50);
    expect(t?.turnout?.basis).toMatch(/turnoutMomentsPValue/);
    expect(t?.density?.cells.length).toBeLessThanOrEqual(25 * 25);
    expect(t?.density?.leaderName).toBe(LEADER);
    expect(t?.density?.units).toBeGreaterThan(1900);
    expect(t?.secondDigit?.counts).toHaveLength(10);
    expect(t?.secondDigit?.expected[1]).toBeCloseTo(0.1139, 4);
    expect(t?.lastDigit?.expected).toEqual(new Array(10).fill(0.1));
    expect(t?.lastDigit?.minCount).toBe(100);
    expect(t?.turnoutPeaks?.byPercent).toHaveLength(101);
    expect(t?.leaderPeaks?.leaderName).toBe(LEADER);
  });

  it('derives turnout from the 2D histogram without a 1D one, and notes what is missing', async () => {
    const r = await report();
    const noMoments = precinctChartData(without(r, 'turnoutMomentsPValue', 'histogram'))[0];
    expect(noMoments?.turnout?.basis).toMatch(/turnout-by-share histogram/);
    expect(noMoments?.turnout?.units).toBe(noMoments?.density?.units);

    const noDigits = precinctChartData(without(r, 'secondDigitPValue'))[0];
    expect(noDigits?.secondDigit).toBeUndefined();
    expect(noDigits?.notes.join(' ')).toMatch(/No second-digit chart/);

    // Below a test's minimum the fact has no value and no detail; the condition says why.
    const insufficient = without(r, 'turnoutSharePValue');
    insufficient.outcomes = insufficient.outcomes.map((o) =>
      o.evidence && o.subject.id === 'table:stations/all'
        ? {
            ...o,
            evidence: {
              ...o.evidence,
              conditions: o.evidence.conditions.map((c) =>
                c.fact === 'turnoutSharePValue'
                  ? { ...c, result: null, reason: 'insufficient data: 3 units' }
                  : c,
              ),
            },
          }
        : o,
    );
    const few = precinctChartData(insufficient)[0];
    expect(few?.density).toBeUndefined();
    expect(few?.turnout).toBeDefined();
    expect(few?.notes).toContain(
      'No turnout-by-share density chart: turnoutSharePValue has no value (insufficient data: 3 units).',
    );

    const bare = { ...r, outcomes: r.outcomes.filter((o) => o.subject.kind !== 'unitScreen') };
    expect(precinctChartData(bare)[0]?.notes).toEqual([
      'No screening chart: no screening rule (scope unitScreen) ran on the whole table.',
    ]);
    const page = await html.format(bare);
    expect(page).toContain('No screening chart');
    expect(page).not.toContain('data-chart="turnout-histogram"');
  });

  it('is deterministic and keeps hostile names out of the markup and the SVG', async () => {
    const r = await report();
    const page = await html.format(r);
    expect(await html.format(r)).toBe(page);
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(page).not.toMatch(/<img|<b>/i);
    expect(page).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
    const svgs = page.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs).toHaveLength(CHARTS.length);
    for (const svg of svgs) expect(svg).not.toMatch(/<(script|img|b|foreignObject)[\s>]/i);
    expect(svgs.some((svg) => svg.includes('Alpha &lt;b&gt;bold&lt;/b&gt;'))).toBe(true);
    // Coarse bins keep the page small.
    expect(svgs.join('').length).toBeLessThan(250_000);
    // The whole-percentage charts draw observed counts only: their captions claim no expected bars.
    const captions = page.match(/Units whose [^<]*? is a whole percentage[^<]*/g) ?? [];
    expect(captions).toHaveLength(2);
    for (const caption of captions) {
      expect(caption).toContain('(observed counts; no bar of expected counts is drawn)');
      expect(caption).toContain(
        'The test compares their total, in the subtitle, with the total the binomial null expects',
      );
    }
  });
});

warnIfSkipped('html-precinct.test.ts');

describe.skipIf(!haveChromium && !process.env.CI)('precinct html report in headless Chromium', () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'tallycheck-html-precinct-'));

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`Chromium is missing at ${CHROMIUM}: CI installs it in .ci/run`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the tables read, the unit samples and the screening charts, offline and as text', async () => {
    const r = await report();
    const { page, url, errors, requests } = await openPage(browser, await html.format(r), dir, 'precinct');
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('img, b').count()).toBe(0);

    const table = page.locator('#tables .precinct-table[data-table="stations"]');
    expect(await table.locator('code').first().textContent()).toBe('stations');
    expect(await table.locator('dl').textContent()).toContain('tests/report/fixtures/precinct.csv');
    expect(await table.locator('dl').textContent()).toContain('precinct.mapping.json');
    const counts = await table.locator('.table-counts td').allTextContents();
    expect(counts).toEqual(['2000', '1999', '1', '1', '2']);
    const problems = table.locator('table.problems tbody tr');
    expect(await problems.count()).toBe(2);
    expect(await problems.first().locator('td').first().textContent()).toBe('11');
    expect(await problems.first().locator('td').nth(1).textContent()).toBe('registered');
    expect(await problems.first().textContent()).toContain(HOSTILE_COUNT);

    const over = page.locator('.finding[data-rule="ballots-cast-within-registered-voters"]');
    expect(await over.locator('.unit-counts').textContent()).toMatch(/1999 checked, 1998 passed, 1 failed/);
    const cells = over.locator('table.units tbody tr').first().locator('td');
    expect(await cells.nth(0).textContent()).toBe(HOSTILE_UNIT);
    expect(await cells.nth(1).textContent()).toBe('4');
    expect(await cells.nth(2).textContent()).toBe('R01 / R01-D01');
    expect(await cells.nth(4).textContent()).toContain(HOSTILE_UNIT);
    const levels = await page.locator('table.units td:nth-child(3)').allTextContents();
    expect(levels.some((l) => l.startsWith(`${HOSTILE_REGION} / `))).toBe(true);

    for (const name of CHARTS) {
      const figure = page.locator(`#charts figure[data-chart="${name}"][data-table="stations"]`);
      expect(await figure.locator('svg').count(), name).toBe(1);
      expect((await figure.locator('svg').boundingBox())?.width, name).toBeGreaterThan(200);
    }
    expect(
      await page.locator('#charts figure[data-chart="turnout-share-density"] svg').textContent(),
    ).toContain('leader Alpha <b>bold</b>');
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
  });
});
