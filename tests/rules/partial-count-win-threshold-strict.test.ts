/**
 * partial-count-win-threshold-can-change at the edges of the reachable interval, strict versus inclusive, on a claim
 * that the candidate has won outright or fallen short.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../helpers/audit.js';

const RULE = 'partial-count-win-threshold-can-change';
const dir = mkdtempSync(join(tmpdir(), 'tallycheck-threshold-'));
const at = { source: 's', paragraph: 1 };
const fig = (printed: string) => ({ value: Number(printed), printed, at });

/** A at 55.5% and B at 44.5% of 80% of ballots: A can reach 44.08275 to 64.66225. A source calls the outcome. */
function datasetFile(share: number | null, strict: boolean, outcome = 'winsOutright'): string {
  const file = join(dir, `t-${share}-${strict}-${outcome}.json`);
  const winThreshold = share === null ? {} : { winThreshold: { share, strict } };
  const data = {
    schemaVersion: 1,
    id: 'threshold-edge',
    election: { country: 'T', office: 'P', date: '2024-01-01', kind: 'regular', ...winThreshold },
    sources: [{ id: 's', publisher: 'p' }],
    candidates: [
      { id: 'a', name: 'A' },
      { id: 'b', name: 'B' },
    ],
    releases: [
      {
        id: 'r',
        authority: 'C',
        source: 's',
        status: 'preliminary',
        progress: { share: fig('80'), counts: 'ballots' },
        results: [
          { candidate: 'a', share: fig('55.5') },
          { candidate: 'b', share: fig('44.5') },
        ],
      },
    ],
    claims: [{ id: 'c', kind: 'leader', candidate: 'a', release: 'r', outcome, at }],
  };
  writeFileSync(file, JSON.stringify(data));
  return file;
}

describe(RULE, () => {
  it.each([
    // At the low end: "more than t" may still fail (can change); "at least t" is already won.
    [44.08275, true, 'failed'],
    [44.08275, false, 'passed'],
    // At the high end: "more than t" can no longer be won; "at least t" still can.
    [64.66225, true, 'passed'],
    [64.66225, false, 'failed'],
    [70, true, 'passed'],
    [40, false, 'passed'],
  ])('threshold %s, strict %s: %s', async (share, strict, expected) => {
    for (const outcome of ['winsOutright', 'fallsShort']) {
      const { outcomes } = await audit(datasetFile(share, strict, outcome), [RULE]);
      expect(outcomes.map((o) => o.outcome)).toEqual([expected]);
    }
  });

  it.each([
    ['leads', 'skipped'],
    ['wins', 'passed'],
  ])('on a claim that the candidate %s, with the threshold open: %s', async (outcome, expected) => {
    const { outcomes } = await audit(datasetFile(50, true, outcome), [RULE]);
    expect(outcomes.map((o) => o.outcome)).toEqual([expected]);
  });

  it('is skipped without a threshold', async () => {
    const { outcomes } = await audit(datasetFile(null, true), [RULE]);
    expect(outcomes.map((o) => o.outcome)).toEqual(['skipped']);
  });
});
