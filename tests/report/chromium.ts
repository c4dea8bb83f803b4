/** Opening an HTML report in headless Chromium for the report tests: what the page logged and requested. */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Chromium flags: headless, and nothing fetched in the background. */
export const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Whether the browser tests can run; without Chromium they are skipped locally and fail in CI. */
export const haveChromium = existsSync(CHROMIUM);

/** Why the browser tests are skipped, once per file, when they are. */
export function warnIfSkipped(file: string): void {
  if (!haveChromium && !process.env.CI) {
    console.warn(
      `${file}: skipping the browser tests: no Chromium at ${CHROMIUM} (apt-get install chromium). ` +
        'In CI (CI set) they fail instead.',
    );
  }
}

/** What one page load did: console errors, uncaught errors and every request the page made. */
export interface Visit {
  page: Page;
  url: string;
  errors: string[];
  requests: string[];
}

/** Writes the page to `dir/name.html` and opens it in a fresh context, recording errors and requests. */
export async function openPage(browser: Browser, html: string, dir: string, name: string): Promise<Visit> {
  const file = join(dir, `${name}.html`);
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const context = await browser.newContext();
  const page = await context.newPage();
  const visit: Visit = { page, url, errors: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') visit.errors.push(m.text());
  });
  page.on('pageerror', (e) => visit.errors.push(String(e)));
  page.on('request', (r) => visit.requests.push(r.url()));
  await page.goto(url, { waitUntil: 'load' });
  return visit;
}
