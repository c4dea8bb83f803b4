/**
 * Every text format shows a rounding half-width and what a rule holds (a compared constant, fact parameters) as
 * held: 0.575 and 99.995 were "0.57" and "100", two decimals that changed the tolerance and the threshold.
 */
import { describe, expect, it } from 'vitest';
import { chartData } from '../../src/report/html-chart-data.js';
import { candidateSpec } from '../../src/report/html-charts.js';
import { formatters } from '../../src/report/index.js';
import type { Report } from '../../src/report/types.js';
import { fixtureReport } from '../helpers/report-fixture.js';

function heldReport() {
  const report = fixtureReport();
  const finding = report.findings[0];
  if (!finding) throw new Error('the fixture has no finding');
  finding.evidence.conditions = [
    {
      pointer: '/conditions/all/0',
      fact: 'shareSum',
      operator: 'greaterThanBeyondRounding',
      params: { confidenceLevel: 0.9995 },
      factValue: { value: 100.01, plusMinus: 0.575 },
      value: 99.995,
      result: true,
    },
  ];
  return report;
}

describe('held values in the text formats', () => {
  it.each([
    [
      'md',
      '| `shareSum confidenceLevel: 0.9995` | 100.01 ± 0.575 | `greaterThanBeyondRounding` | 99.995 | holds |',
    ],
    [
      'junit',
      '  - shareSum confidenceLevel: 0.9995 = 100.01 ± 0.575; greaterThanBeyondRounding 99.995: holds',
    ],
    ['html', '<span class="muted">confidenceLevel: 0.9995</span></td><td class="num">100.01 ± 0.575</td>'],
    ['html', '<td class="num">99.995</td>'],
  ])('%s', async (format, line) => {
    const formatter = [...formatters.values()].find((f) => f.extension.split('.')[0] === format);
    expect(await formatter?.format(heldReport())).toContain(line);
  });

  it("the HTML charts: the authority's rounding as held, a computed margin of error at two decimals", () => {
    const spec = JSON.stringify(
      candidateSpec({
        candidateId: 'a',
        name: 'A',
        authority: { label: 'CEC', share: { value: 92.05, plusMinus: 0.055 } },
        polls: [
          { estimateId: 'e', label: 'Poll', share: { value: 93.9, plusMinus: 0.05 }, margin: 2.0977841633 },
        ],
        gaps: [],
      }),
    );
    expect(spec).toContain('"text":"92.05% ± 0.055"');
    expect(spec).toContain('"text":"93.9% ± 2.1"');
  });

  it("the HTML charts: a margin's confidence level as the rule's parameter holds it", () => {
    const outcome = {
      ruleId: 'exit-poll-gap-exceeds-margin-of-error',
      subject: { kind: 'estimateShare', id: 'estimate:e/candidate:a', label: 'A in Poll' },
      outcome: 'passed',
      evidence: {
        conditions: [],
        values: { pollShare: { value: 93.9, plusMinus: 0.05 }, pollMarginOfError: 2.0977841633 },
        details: { pollMarginOfError: { confidenceLevel: 0.9995, sampleSize: 1200 } },
      },
    };
    const report = fixtureReport();
    report.outcomes.push(outcome as unknown as Report['outcomes'][number]);
    const polls = chartData(report).candidates.flatMap((c) => c.polls);
    // Rounded to a tenth of a percent, it read "100% confidence".
    expect(polls.find((p) => p.estimateId === 'e')?.marginBasis).toBe('99.95% confidence, sample size 1200');
  });
});
