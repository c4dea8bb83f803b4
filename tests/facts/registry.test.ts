/** The fact registry: ids are unique (a later fact must never silently replace an earlier one) and documented. */
import { describe, expect, it } from 'vitest';
import { facts, factsById } from '../../src/facts/index.js';

describe('fact registry', () => {
  it('has unique ids', () => {
    const ids = facts.map((f) => f.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(factsById.size).toBe(facts.length);
  });

  it.each(facts.map((f) => [f.id, f] as const))('%s is camelCase, documented and scoped', (id, fact) => {
    expect(id).toMatch(/^[a-z][A-Za-z0-9]*$/);
    expect(fact.description.length).toBeGreaterThan(10);
    expect(fact.scopes.length).toBeGreaterThan(0);
  });
});
