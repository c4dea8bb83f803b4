/** The statistical screens (rules/screen) as a pack: insufficient data reads "not evaluated", params stay in step. */
import { describe, expect, it } from 'vitest';
import type { Condition } from '../../src/schema/rule.js';
import { audit, bundledRules } from '../helpers/audit.js';

const screens = bundledRules().filter((r) => r.rule.meta.scope === 'unitScreen');

/** Every fact use of a rule (conditions, values that are facts, evidence) with its parameters. */
function factUses(rule: (typeof screens)[number]['rule']): { fact: string; params: unknown }[] {
  const out: { fact: string; params: unknown }[] = rule.meta.evidence.map((e) => ({
    fact: e.fact,
    params: e.params,
  }));
  const walk = (c: Condition): void => {
    if ('all' in c) c.all.forEach(walk);
    else if ('any' in c) c.any.forEach(walk);
    else if ('not' in c) walk(c.not);
    else {
      out.push({ fact: c.fact, params: c.params });
      if (c.value !== null && typeof c.value === 'object' && !Array.isArray(c.value))
        out.push({ fact: c.value.fact, params: c.value.params });
    }
  };
  walk(rule.conditions as Condition);
  return out;
}

describe('screening rules', () => {
  it('are there', () => {
    expect(screens.map((r) => r.rule.id).sort()).toEqual([
      'last-digits-uniform',
      'leader-share-distribution-near-normal-shape',
      'leader-share-integer-percentages-not-in-excess',
      'second-digits-follow-benford',
      'turnout-distribution-near-normal-shape',
      'turnout-independent-of-leader-share',
      'turnout-integer-percentages-not-in-excess',
    ]);
  });

  it.each(screens.map((r) => [r.rule.id, r.rule] as const))(
    '%s gives every fact of a test the same parameters, so the message shows the numbers judged',
    (_id, rule) => {
      const uses = factUses(rule);
      // A test's facts share the prefix of its judged fact, <prefix>PValue.
      const prefixes = uses.filter((u) => u.fact.endsWith('PValue')).map((u) => u.fact.slice(0, -6));
      expect(prefixes.length).toBeGreaterThan(0);
      for (const prefix of new Set(prefixes)) {
        const params = uses
          .filter((u) => u.fact.startsWith(prefix))
          .map((u) => JSON.stringify(u.params ?? {}));
        expect(new Set(params).size, `${prefix}: ${[...new Set(params)].join(' vs ')}`).toBe(1);
      }
    },
  );

  it.each(screens.map((r) => [r.rule.id, r.rule] as const))(
    '%s says "anomaly consistent with", never "fraud", and cites its sources',
    (_id, rule) => {
      expect(rule.meta.message).toMatch(/^Anomaly consistent with /);
      expect(rule.meta.message).not.toMatch(/fraud/i);
      expect(rule.meta.references.length).toBeGreaterThan(0);
      expect(rule.meta.rationale).toMatch(/Limits:/);
    },
  );

  it('reads a table below every minimum as not evaluated (insufficient data), never as passed', async () => {
    const { outcomes, findings } = await audit(
      'tests/fixtures/screen/insufficient.json',
      screens.map((r) => r.rule.id),
    );
    // The whole table and its two regions, for each of the seven rules.
    expect(outcomes).toHaveLength(screens.length * 3);
    expect(outcomes.every((o) => o.outcome === 'notEvaluated')).toBe(true);
    expect(findings).toHaveLength(outcomes.length);
    for (const f of findings)
      expect(f.message).toMatch(
        /^Not evaluated for (all units|region R0[12]) of stations: (.*; )?\w+PValue: insufficient data: /,
      );
  });
});
