/**
 * The partial-count and poll rules on the Azerbaijan 2024 dataset (CEC: 93.35% of ballots processed, Aliyev
 * 92.05%; polls 93.9, 92.4, 92.6; win threshold 50, strict), pinned finding by finding against hand-worked numbers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Interval } from '../../src/facts/define.js';
import type { Finding, RuleOutcome } from '../../src/schema/report.js';
import { audit } from '../helpers/audit.js';

const RULES = [
  'partial-count-caveat',
  'partial-count-final-share-interval',
  'partial-count-leader-can-change',
  'partial-count-win-threshold-can-change',
  'exit-poll-gap',
  'exit-poll-gap-exceeds-margin-of-error',
  'exit-poll-outside-reachable-interval',
  'exit-polls-spread-exceeds-margin',
  'exit-polls-err-same-way',
];
const RELEASE = 'release:cec-preliminary';
const ALIYEV = `${RELEASE}/candidate:ilham-aliyev`;
const ORACLE = 'estimate:oracle-advisory-group/candidate:ilham-aliyev';
const SOCIAL = 'estimate:social-research-center/candidate:ilham-aliyev';
const RAY = 'estimate:ray-monitoring-center/candidate:ilham-aliyev';
const POLLS = 'candidate:ilham-aliyev/estimates';
const CLAIM = 'claim:aliyev-leading';
const OTHERS = [
  'zahid-oruj',
  'razi-nurullayev',
  'fazil-mustafa',
  'elshad-musayev',
  'gudrat-hasanguliyev',
  'fuad-aliyev',
];

let findings: Finding[];
let outcomes: RuleOutcome[];
beforeAll(async () => {
  ({ findings, outcomes } = await audit('data/azerbaijan-2024-presidential.json', RULES));
});

const finding = (rule: string, subject: string) => {
  const f = findings.find((x) => x.ruleId === rule && x.subject.id === subject);
  if (!f) throw new Error(`no finding ${rule} on ${subject}`);
  return f;
};
const outcome = (rule: string, subject: string) => {
  const o = outcomes.find((x) => x.ruleId === rule && x.subject.id === subject);
  if (!o) throw new Error(`no outcome ${rule} on ${subject}`);
  return o;
};
interface Values {
  processedShare: number;
  processedUnit: string;
  finalShareInterval: Interval;
  pollGap: { value: number };
  pollGapDirection: string;
  pollMarginOfError: number;
  pollDistanceFromReachable: number;
  pollsSpread: { value: number };
  pollsSpreadMargin: number;
  pollsAboveAuthority: number;
  pollsSignTestP: number;
}
const values = (o: { evidence?: { values: Record<string, unknown> } }) =>
  (o.evidence?.values ?? {}) as unknown as Values;

describe('Azerbaijan 2024: partial count and exit polls', () => {
  it('gives exactly these findings', () => {
    const got = findings.map((f) => `${f.ruleId} ${f.subject.id} ${f.outcome}`).sort();
    const expected = [
      `partial-count-caveat ${RELEASE} failed`,
      `partial-count-final-share-interval ${ALIYEV} failed`,
      ...OTHERS.map((c) => `partial-count-final-share-interval ${RELEASE}/candidate:${c} failed`),
      `exit-poll-gap ${ORACLE} failed`,
      `exit-poll-gap ${SOCIAL} failed`,
      `exit-poll-gap ${RAY} failed`,
      `exit-poll-outside-reachable-interval ${ORACLE} failed`,
      `exit-polls-err-same-way ${POLLS} failed`,
      // No poll publishes its sample size: within the margin of an assumed 1000, no pass can be concluded.
      `exit-poll-gap-exceeds-margin-of-error ${ORACLE} notEvaluated`,
      `exit-poll-gap-exceeds-margin-of-error ${SOCIAL} notEvaluated`,
      `exit-poll-gap-exceeds-margin-of-error ${RAY} notEvaluated`,
      `exit-polls-spread-exceeds-margin ${POLLS} notEvaluated`,
    ].sort();
    expect(got).toEqual(expected);
  });

  it('flags the count as partial: 93.35% of ballots', () => {
    const v = values(finding('partial-count-caveat', RELEASE));
    expect(v.processedShare).toBe(93.35);
    expect(v.processedUnit).toBe('ballots');
  });

  it("puts Aliyev's final share between about 85.92% and 92.58%", () => {
    // low = (92.05 - 0.005) x (93.35 - 0.005) / 100 = 85.9194 (both at the bottom of their rounding);
    // high = 100 - 93.345 x (1 - 0.92055) = 92.5837. Without rounding: 85.929 and 92.579.
    const { finalShareInterval } = values(finding('partial-count-final-share-interval', ALIYEV));
    expect(finalShareInterval.low).toBeCloseTo(85.9194, 4);
    expect(finalShareInterval.high).toBeCloseTo(92.5837, 4);
  });

  it('leaves first place and the absolute majority settled, and checks no call of the race', () => {
    // The claim says only that Aliyev leads: the rules on calling a winner or an outright win are skipped.
    for (const rule of ['partial-count-leader-can-change', 'partial-count-win-threshold-can-change']) {
      expect(outcome(rule, CLAIM).outcome).toBe('skipped');
    }
    // Aliyev's lowest reachable share is above 50% and above the most any other candidate can reach:
    // Fazil Mustafa's "two percent" carries ±0.5, so he, not Zahid Oruj (2.19), can reach the most: 8.99%.
    const aliyev = values(finding('partial-count-final-share-interval', ALIYEV)).finalShareInterval;
    const mustafa = values(
      finding('partial-count-final-share-interval', `${RELEASE}/candidate:fazil-mustafa`),
    ).finalShareInterval;
    expect(aliyev.low).toBeCloseTo(85.9194, 4);
    expect(mustafa.high).toBeCloseTo(8.9886, 4);
    const highs = OTHERS.map(
      (c) =>
        values(finding('partial-count-final-share-interval', `${RELEASE}/candidate:${c}`)).finalShareInterval
          .high,
    );
    expect(Math.max(...highs)).toBe(mustafa.high);
    expect(aliyev.low).toBeGreaterThan(50);
  });

  it('states each poll gap: 1.85, 0.35 and 0.55 points above the CEC', () => {
    for (const [subject, gap] of [
      [ORACLE, 1.85],
      [SOCIAL, 0.35],
      [RAY, 0.55],
    ] as const) {
      const v = values(finding('exit-poll-gap', subject));
      expect(v.pollGap.value).toBeCloseTo(gap, 10);
      expect(v.pollGapDirection).toBe('above');
    }
  });

  it('finds no gap beyond the margin of n = 1000 assumed (design effect 2), and so concludes nothing', () => {
    for (const [subject, margin] of [
      [ORACLE, 2.0978], // 1.96 x sqrt(2 x 0.939 x 0.061 / 1000) x 100
      [SOCIAL, 2.3228],
      [RAY, 2.2945],
    ] as const) {
      const o = outcome('exit-poll-gap-exceeds-margin-of-error', subject);
      expect(o.outcome).toBe('notEvaluated');
      expect(o.reasons).toEqual([
        expect.stringMatching(
          /^pollMarginOfError rests on an assumption \(a sample size of 1000 assumed for /,
        ),
      ]);
      expect(values(o).pollMarginOfError).toBeCloseTo(margin, 4);
      expect(o.evidence?.details.pollMarginOfError).toMatchObject({
        sampleSize: 1000,
        sampleSizeAssumed: true,
      });
    }
  });

  it('puts only the 93.9% poll outside what the count can still reach', () => {
    // 93.85 (93.9 less its rounding) - 92.5837 = 1.2663 points.
    expect(
      values(finding('exit-poll-outside-reachable-interval', ORACLE)).pollDistanceFromReachable,
    ).toBeCloseTo(1.2663, 4);
    // 92.6 printed to one decimal reaches down to 92.55, under the 92.5837 bound: not outside.
    expect(outcome('exit-poll-outside-reachable-interval', RAY).outcome).toBe('passed');
    expect(outcome('exit-poll-outside-reachable-interval', SOCIAL).outcome).toBe('passed');
  });

  it('finds the three polls within their joint margin (assumed: not a pass), but all above the CEC (sign test p = 0.25)', () => {
    const spread = outcome('exit-polls-spread-exceeds-margin', POLLS);
    expect(spread.outcome).toBe('notEvaluated');
    expect(values(spread).pollsSpread.value).toBeCloseTo(1.5, 10);
    expect(values(spread).pollsSpreadMargin).toBeCloseTo(3.1299, 3);
    const same = values(finding('exit-polls-err-same-way', POLLS));
    expect(same.pollsAboveAuthority).toBe(3);
    expect(same.pollsSignTestP).toBe(0.25);
  });
});
