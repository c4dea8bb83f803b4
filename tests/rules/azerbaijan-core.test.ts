/** The core checks on the Azerbaijan 2024 sample: one info finding (mixed printed precision), nothing else. */
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../src/schema/report.js';
import { audit } from '../helpers/audit.js';

const DATASET = 'data/azerbaijan-2024-presidential.json';

/** Each core rule with the outcomes it should have on the sample, by count. */
const EXPECTED: [string, Partial<Record<Outcome, number>>][] = [
  ['candidate-count-matches-claim', { passed: 1 }],
  ['candidate-listed-once', { passed: 1 }],
  ['candidate-names-distinct', { passed: 1 }],
  // Two counts: 20 observers and the "Seven" candidates of the claim.
  ['count-whole-non-negative', { passed: 2 }],
  ['observation-covers-election-day', { passed: 1 }],
  ['release-after-polls-closed', { passed: 1 }],
  ['release-printed-precision-mixed', { failed: 1 }],
  // The release gives shares but no votes: nothing to compare.
  ['share-denominator-is-valid-ballots', { skipped: 7 }],
  ['share-matches-votes', { skipped: 7 }],
  // The share processed, seven candidate shares and three exit-poll shares.
  ['share-within-0-100', { passed: 11 }],
  ['source-after-polls-closed', { passed: 1 }],
  ['stated-leader-leads', { passed: 1 }],
];

const RULES = EXPECTED.map(([id]) => id);

describe('core rules on the Azerbaijan 2024 sample', () => {
  it('report only the mixed printed precision of the CEC release, at info', async () => {
    const { findings } = await audit(DATASET, RULES);
    expect(
      findings.map((f) => ({
        rule: f.ruleId,
        severity: f.severity,
        outcome: f.outcome,
        subject: f.subject.id,
      })),
    ).toEqual([
      {
        rule: 'release-printed-precision-mixed',
        severity: 'info',
        outcome: 'failed',
        subject: 'release:cec-preliminary',
      },
    ]);
    expect(findings[0]?.message).toBe(
      'The percentages of Central Election Commission (CEC) of Azerbaijan, preliminary (cec-preliminary) are ' +
        'printed at 3 precisions: 2 decimals ("92.05", "2.19", "0.67", "1.76", "0.53"), ' +
        '1 decimal ("0.8"), words ("two percent").',
    );
    expect(findings[0]?.evidence.values).toMatchObject({ printedPrecisionCount: 3 });
  });

  it.each(EXPECTED)('%s: %o', async (id, counts) => {
    const { outcomes } = await audit(DATASET, [id]);
    const found: Partial<Record<Outcome, number>> = {};
    for (const o of outcomes) found[o.outcome] = (found[o.outcome] ?? 0) + 1;
    expect(found).toEqual(counts);
  });
});
