/**
 * Every fact gives values of the kind it declares (`returns`), which loading a rule checks the rule against:
 * each fact is measured, through an audit with every bundled pack, on the bundled datasets and the rules'
 * fixtures, and every value it gives must conform.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { conforms, type ValueShape } from '../../src/facts/define.js';
import { facts } from '../../src/facts/index.js';

const seen = new Map<string, { values: number; wrong: unknown[] }>();
const restore: (() => void)[] = [];
for (const fact of facts) {
  const compute = fact.compute;
  restore.push(() => {
    fact.compute = compute;
  });
  fact.compute = (subject, params, ctx) => {
    const m = compute(subject, params, ctx);
    if (!('missing' in m)) {
      const s = seen.get(fact.id) ?? { values: 0, wrong: [] };
      s.values += 1;
      if (!conforms(fact.returns as ValueShape, m.value) && s.wrong.length < 3) s.wrong.push(m.value);
      seen.set(fact.id, s);
    }
    return m;
  };
}
afterAll(() => {
  for (const r of restore) r();
});

function datasets(): string[] {
  const out = ['data/azerbaijan-2024-presidential.json', 'data/albania-2013-parliament.json'];
  for (const d of readdirSync('tests/rules', { withFileTypes: true })) {
    if (!d.isDirectory()) continue;
    for (const f of readdirSync(join('tests/rules', d.name)).sort()) {
      if (f.endsWith('.json') && !f.endsWith('.expected.json') && !f.includes('mapping'))
        out.push(join('tests/rules', d.name, f));
    }
  }
  return out;
}

describe('facts keep to the kind of value they declare', () => {
  it('on the bundled datasets and the rules fixtures', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tallycheck-returns-'));
    const io = { out: () => {}, err: () => {} };
    for (const file of datasets()) {
      await main(
        ['audit', file, '--allow-read', '../shared', '--allow-read', 'tests', '--out', out, '-q'],
        io,
      );
    }
    const wrong = [...seen].filter(([, s]) => s.wrong.length > 0).map(([id, s]) => [id, s.wrong]);
    expect(wrong).toEqual([]);
    // Every fact declares its kind, and nearly all gave a value here: one Spearman companion is never asked, and
    // no bundled rule names leaderCandidate since the leader rules judge claims (a text, like the other names).
    expect(facts.filter((f) => !f.returns).map((f) => f.id)).toEqual([]);
    expect(facts.filter((f) => !seen.has(f.id)).map((f) => f.id)).toEqual([
      'leaderCandidate',
      'turnoutShareSpearman',
    ]);
  }, 120_000);
});
