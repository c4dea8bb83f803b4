/** The HTML report in a headless Chromium: offline, escaped, filterable, charts from outcome evidence. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRules } from '../../src/engine/run.js';
import { datasetContext } from '../../src/engine/subjects.js';
import { loadDataset } from '../../src/load/dataset.js';
import { sourceDecorator } from '../../src/load/excerpt.js';
import { positionOf } from '../../src/load/zod-problems.js';
import { buildReport } from '../../src/report/build.js';
import { html } from '../../src/report/html.js';
import { type CandidateChart, chartData, type PollPoint } from '../../src/report/html-chart-data.js';
import { candidateSpec, renderSvg } from '../../src/report/html-charts.js';
import { esc, escLines } from '../../src/report/html-escape.js';
import { type Report, ReportSchema } from '../../src/schema/report.js';
import { bundledRules, SHARED_READ } from '../helpers/audit.js';
import { ARGS, CHROMIUM, haveChromium, openPage, type Visit, warnIfSkipped } from './chromium.js';

const HOSTILE_FILE = 'tests/report/fixtures/hostile.json';
const AZERBAIJAN_FILE = 'data/azerbaijan-2024-presidential.json';
const HOSTILE = '<script>alert(1)</script>';

/** Runs the bundled rules on a dataset file as the CLI does (excerpts, positions) and builds the report. */
async function reportFor(file: string): Promise<Report> {
  const rules = bundledRules();
  const dataset = loadDataset(file, SHARED_READ);
  const run = await runRules(rules, datasetContext(dataset.data), {
    decorate: sourceDecorator(dataset),
    locate: (pointer) => positionOf(dataset.doc, pointer),
  });
  return ReportSchema.parse(
    buildReport(run, {
      toolVersion: '0.0.0-test',
      datasetFile: file,
      datasetSha256: dataset.sha256,
      dataset: dataset.data,
      rules,
      failOn: 'error',
    }),
  );
}

describe('html report text', () => {
  it('escapes markup and both quote kinds', () => {
    expect(esc(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });

  it('shows control characters as escapes, in one line; escLines keeps line feeds and tabs', () => {
    expect(esc('North\r\u001b[31m\u202e<b>\n')).toBe('North\\r\\u001b[31m\\u202e&lt;b&gt;\\n');
    expect(escLines('{\n\t"a": "\u202e<"\n}')).toBe('{\n\t&quot;a&quot;: &quot;\\u202e&lt;&quot;\n}');
  });

  it('is deterministic, keeps hostile strings out of markup and chart SVG, and derives chart data', async () => {
    const report = await reportFor(HOSTILE_FILE);
    const page = await html.format(report);
    expect(await html.format(report)).toBe(page);
    // The filter script is the page's only script element; the hostile <img> never becomes an element.
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(page).not.toMatch(/<img/i);
    expect(page).not.toContain('<b>');
    const svgs = page.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs.length).toBeGreaterThanOrEqual(3);
    expect(svgs.some((svg) => svg.includes('&lt;script&gt;alert(1)&lt;/script&gt;'))).toBe(true);
    for (const svg of svgs) expect(svg).not.toMatch(/<(script|img|foreignObject)/i);

    const data = chartData(report);
    expect(data.candidates.map((c) => [c.candidateId, c.name, c.polls.length])).toEqual([
      ['alpha', HOSTILE, 2],
      ['beta', 'Beta "B" & <b>bold</b>', 2],
    ]);
    const alpha = data.candidates[0];
    expect(alpha?.authority?.share).toEqual({ value: 48.5, plusMinus: 0.05 });
    expect(alpha?.polls.every((p) => typeof p.margin === 'number' && p.margin > 0)).toBe(true);
    expect(alpha?.reachable?.low).toBeLessThan(48.5);
    expect(alpha?.reachable?.high).toBeGreaterThan(48.5);
    expect(data.reachable.map((r) => [r.releaseId, r.rows.length, r.threshold])).toEqual([
      ['commission-preliminary', 3, { share: 50, strict: true }],
    ]);
  });

  it('draws margins from an assumed sample size lighter and dashed, labelled, apart from published ones', async () => {
    const report = await reportFor(AZERBAIJAN_FILE);
    const chart = chartData(report).candidates[0] as CandidateChart;
    expect(chart.polls.map((p) => [p.estimateId, p.assumedSampleSize])).toEqual([
      ['oracle-advisory-group', 1000],
      ['social-research-center', 1000],
      ['ray-monitoring-center', 1000],
    ]);
    const rows = (candidateSpec(chart) as { data: { values: { key: string; kind: string; text: string }[] } })
      .data.values;
    expect(rows.filter((r) => r.key !== 'authority' && r.key !== 'reachable')).toEqual([
      expect.objectContaining({
        key: 'pollAssumed',
        kind: 'Estimate ± margin, assumed sample size',
        text: '93.9% ± 2.1 (assumed n = 1000)',
      }),
      expect.objectContaining({ key: 'pollAssumed', text: '92.4% ± 2.32 (assumed n = 1000)' }),
      expect.objectContaining({ key: 'pollAssumed', text: '92.6% ± 2.29 (assumed n = 1000)' }),
    ]);
    const svg = await renderSvg(candidateSpec(chart));
    // The bars of the three estimates are dashed, in the lighter colour.
    const bars =
      svg.match(/<line aria-label="[^"]*kind: Estimate ± margin, assumed sample size;[^>]*>/g) ?? [];
    expect(bars).toHaveLength(3);
    for (const bar of bars)
      expect(bar).toMatch(/ stroke="#8db3de" stroke-width="2" stroke-dasharray="4,3"\/>$/);
    expect(svg).toContain('>Estimate ± margin, assumed sample size<');
    expect(await html.format(report)).toContain(
      'Lighter, dashed bars: margins computed from a sample size the rule assumed, as the dataset gives none.',
    );
    // A published sample size keeps the solid bar and plain label.
    const published = chartData(await reportFor(HOSTILE_FILE)).candidates.flatMap((c) => c.polls);
    const solid = published.find((p) => p.assumedSampleSize === undefined) as PollPoint;
    const spec = candidateSpec({ ...chart, polls: [solid] }) as { data: { values: { key: string }[] } };
    expect(spec.data.values.map((r) => r.key)).toEqual(['authority', 'poll', 'reachable']);
  });

  it('omits the estimate charts with a note when the report has no estimate outcomes', async () => {
    const report = await reportFor(HOSTILE_FILE);
    const bare = { ...report, outcomes: report.outcomes.filter((o) => o.subject.kind !== 'estimateShare') };
    const data = chartData(bare);
    expect(data.candidates).toEqual([]);
    expect(data.notes.join(' ')).toMatch(/No estimate chart/);
    expect(await html.format(bare)).toContain('No estimate chart');
  });
});

warnIfSkipped('html.test.ts');

describe.skipIf(!haveChromium && !process.env.CI)('html report in headless Chromium', () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'tallycheck-html-'));

  async function open(report: Report, name: string): Promise<Visit> {
    return openPage(browser, await html.format(report), dir, name);
  }

  beforeAll(async () => {
    if (!haveChromium) {
      throw new Error(
        `Chromium is missing at ${CHROMIUM}: CI installs it in .ci/run (apt-get install chromium)`,
      );
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows a hostile dataset as text, offline, with working filters and charts', async () => {
    const report = await reportFor(HOSTILE_FILE);
    const { page, url, errors, requests } = await open(report, 'hostile');
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);

    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.evaluate('window.__pwnedSource')).toBeUndefined();
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('h1').textContent()).toContain(HOSTILE);
    expect(await page.locator('body').textContent()).toContain(HOSTILE);

    const charts = page.locator('#charts');
    expect(await charts.locator('figure[data-chart="estimates"] svg').count()).toBe(2);
    expect(await charts.locator('figure[data-chart="reachable"] svg').count()).toBe(1);
    expect(await charts.locator('svg').first().textContent()).toContain(HOSTILE);

    const findings = page.locator('#findings .finding');
    const visible = page.locator('#findings .finding:visible');
    const total = report.findings.length;
    const bySeverity = (s: string) => report.findings.filter((f) => f.severity === s).length;
    expect(await findings.count()).toBe(total);
    expect(await visible.count()).toBe(total);
    expect(bySeverity('error')).toBe(1);
    expect(bySeverity('warning')).toBeGreaterThan(0);
    expect(bySeverity('info')).toBeGreaterThan(0);

    await page.locator('input[name="severity"][value="info"]').uncheck();
    expect(await visible.count()).toBe(total - bySeverity('info'));
    expect(await page.locator('#shown-count').textContent()).toBe(String(total - bySeverity('info')));
    await page.locator('input[name="severity"][value="warning"]').uncheck();
    expect(await visible.count()).toBe(1);
    expect(await visible.first().getAttribute('data-rule')).toBe('release-shares-sum-to-100');

    await page.locator('input[name="severity"][value="info"]').check();
    await page.locator('input[name="severity"][value="warning"]').check();
    await page.locator('select[name="rule"]').selectOption('partial-count-final-share-interval');
    const intervals = report.findings.filter((f) => f.ruleId === 'partial-count-final-share-interval').length;
    expect(intervals).toBe(3);
    expect(await visible.count()).toBe(intervals);
    await page.locator('input[name="severity"][value="info"]').uncheck();
    expect(await visible.count()).toBe(0);
    expect(await page.locator('#no-match').isVisible()).toBe(true);
    await page.locator('select[name="rule"]').selectOption('');
    await page.locator('input[name="severity"][value="info"]').check();
    expect(await visible.count()).toBe(total);

    // Each finding carries its evidence and the source locators of its figures.
    const error = page.locator('#findings .finding[data-severity="error"]');
    expect(await error.locator('table.conditions td').first().textContent()).toBe('shareSum');
    const sources = await error.locator('ul.sources').textContent();
    expect(sources).toContain(`Hostile Gazette ${HOSTILE}, paragraph 2 of source gazette`);
    expect(sources).toContain('/releases/0/results/0/share');
    expect(sources).toContain('printed “48.5”');
    expect(await error.locator('blockquote mark').first().textContent()).toBe('48.5');
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
  });

  it('renders the bundled Azerbaijan report with its exit-poll and partial-count charts', async () => {
    const report = await reportFor(AZERBAIJAN_FILE);
    const { page, url, errors, requests } = await open(report, 'azerbaijan');
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    const estimates = page.locator('#charts figure[data-chart="estimates"]');
    expect(await estimates.count()).toBe(1);
    expect(await estimates.getAttribute('data-candidate')).toBe('ilham-aliyev');
    expect(await estimates.locator('svg').textContent()).toContain('Ray Monitoring Center');
    expect(await page.locator('#charts figure[data-chart="reachable"] svg').count()).toBe(1);
    expect(await page.locator('#gate').getAttribute('data-gate')).toBe(report.summary.gate);
    expect(await page.locator('#findings .finding:visible').count()).toBe(report.findings.length);
  });
});
