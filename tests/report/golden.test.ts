/** Every registered format, rendered from the fixture report, matches its reviewed golden file. */
import { describe, expect, it } from 'vitest';
import { formatters } from '../../src/report/index.js';
import { fixtureReport } from '../helpers/report-fixture.js';

// A format without a committed golden fails in CI, where vitest writes no new snapshots.
describe('golden reports', () => {
  for (const formatter of formatters.values()) {
    it(`${formatter.name} matches golden/report.${formatter.extension}`, async () => {
      const text = await formatter.format(fixtureReport());
      await expect(text).toMatchFileSnapshot(`golden/report.${formatter.extension}`);
    });
  }

  it('formats are pure: the same text twice, and the report left as it was', async () => {
    const report = fixtureReport();
    for (const formatter of formatters.values()) {
      const first = await formatter.format(report);
      expect(await formatter.format(report), formatter.name).toBe(first);
      expect(report, formatter.name).toEqual(fixtureReport());
    }
  });
});
