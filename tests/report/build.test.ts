/** buildReport: the order of findings every format keeps. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/build.js';
import { DatasetSchema } from '../../src/schema/dataset.js';
import { fixtureReport } from '../helpers/report-fixture.js';

describe('buildReport', () => {
  it('orders findings by severity, then those counting against the gate, failed before not evaluated', () => {
    const fixture = fixtureReport();
    const dataset = DatasetSchema.parse(
      JSON.parse(readFileSync('tests/report/fixtures/dataset.json', 'utf8')),
    );
    // The fixture's findings in rule-id order, as a run gives them: a warning and an info before three errors.
    const run = { findings: fixture.findings, outcomes: fixture.outcomes };
    const report = buildReport(run, {
      toolVersion: '0.0.0',
      datasetFile: 'dataset.json',
      datasetSha256: '0'.repeat(64),
      dataset,
      rules: [],
      failOn: 'error',
    });
    expect(
      report.findings.map((f) => [f.ruleId, f.severity, f.outcome, f.suppression ? 'accepted' : '']),
    ).toEqual([
      ['release-shares-sum-to-100', 'error', 'failed', ''],
      ['share-matches-votes', 'error', 'notEvaluated', ''],
      ['source-after-polls-closed', 'error', 'failed', 'accepted'],
      ['exit-poll-gap-exceeds-margin-of-error', 'warning', 'failed', ''],
      ['partial-count-caveat', 'info', 'failed', ''],
    ]);
    // The run's own list is left as it was.
    expect(run.findings.map((f) => f.ruleId)[0]).toBe('exit-poll-gap-exceeds-margin-of-error');
  });
});
