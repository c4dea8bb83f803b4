/** The hand-made report that feeds every formatter's tests and goldens, validated against the report schema. */
import { readFileSync } from 'node:fs';
import { type Report, ReportSchema } from '../../src/schema/report.js';

/** The fixture report; its dataset is tests/report/fixtures/dataset.json, and its positions are that file's. */
export const FIXTURE_REPORT = 'tests/report/fixtures/report.json';

/** The hostile string the fixture carries in labels, messages and publishers. */
export const HOSTILE = '<script>alert(1)</script> & "quotes" , : %';

/** A fresh, validated copy of the fixture report (tests may change it). */
export function fixtureReport(): Report {
  return ReportSchema.parse(JSON.parse(readFileSync(FIXTURE_REPORT, 'utf8')));
}
