/**
 * Every rule of the bundled pack against its fixtures: tests/rules/<rule-id>/pass.json (the rule holds, and is
 * evaluated on at least one subject) and fail.json (exactly the findings in fail.expected.json).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit, bundledRules } from '../helpers/audit.js';

interface ExpectedFinding {
  subject: string;
  outcome: 'failed' | 'notEvaluated';
  message: string;
  values?: Record<string, unknown>;
}

const rules = bundledRules().map((r) => r.rule.id);

describe.each(rules)('rule %s', (id) => {
  const dir = join('tests', 'rules', id);

  it('has a pass fixture, a fail fixture and the expected findings', () => {
    expect(existsSync(join(dir, 'pass.json')), `${dir}/pass.json`).toBe(true);
    expect(existsSync(join(dir, 'fail.json')), `${dir}/fail.json`).toBe(true);
    expect(existsSync(join(dir, 'fail.expected.json')), `${dir}/fail.expected.json`).toBe(true);
  });

  it('speaks to its reader: no reference to the project issues in its title, rationale or message', () => {
    const rule = bundledRules().find((r) => r.rule.id === id)?.rule;
    for (const text of [rule?.meta.title, rule?.meta.rationale, rule?.meta.message]) {
      expect(text ?? '').not.toMatch(/\bissue \d|\bissue's\b/i);
    }
  });

  it('holds on pass.json: evaluated, and no finding', async () => {
    const { outcomes, findings } = await audit(join(dir, 'pass.json'), [id]);
    expect(findings).toEqual([]);
    expect(outcomes.filter((o) => o.outcome === 'passed').length).toBeGreaterThan(0);
  });

  it('breaks on fail.json with exactly the expected findings', async () => {
    const expected = JSON.parse(readFileSync(join(dir, 'fail.expected.json'), 'utf8')) as ExpectedFinding[];
    const { findings } = await audit(join(dir, 'fail.json'), [id]);
    expect(findings.map((f) => ({ subject: f.subject.id, outcome: f.outcome, message: f.message }))).toEqual(
      expected.map(({ subject, outcome, message }) => ({ subject, outcome, message })),
    );
    findings.forEach((f, i) => {
      const values = expected[i]?.values;
      if (values) expect(f.evidence.values).toMatchObject(values);
    });
  });
});
