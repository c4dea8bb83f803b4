/** Candidate entries of a dataset whose names coincide once case and spacing are set aside. */
import type { DatasetContext } from '../engine/subjects.js';
import type { Candidate } from '../schema/dataset.js';
import { defineFact, type Measured } from './define.js';

/** A name compared without case or spacing: Unicode NFKC, spaces collapsed and trimmed, lower-cased. */
export function normaliseName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
}

interface Clash {
  name: string;
  entries: { candidate: Candidate; index: number }[];
}

/** Names borne by candidate entries with two or more different ids, in order of first appearance. */
function clashes(ctx: DatasetContext): Clash[] {
  const byName = new Map<string, Clash>();
  ctx.dataset.candidates.forEach((candidate, index) => {
    const key = normaliseName(candidate.name);
    const clash = byName.get(key) ?? { name: key, entries: [] };
    clash.entries.push({ candidate, index });
    byName.set(key, clash);
  });
  return [...byName.values()].filter((c) => new Set(c.entries.map((e) => e.candidate.id)).size > 1);
}

function measured(ctx: DatasetContext, value: (found: Clash[]) => unknown, withDetail: boolean): Measured {
  const found = clashes(ctx);
  return {
    value: value(found),
    sources: found.flatMap((c) =>
      c.entries.map((e) => ({ pointer: `/candidates/${e.index}/name`, printed: e.candidate.name })),
    ),
    ...(withDetail
      ? {
          detail: {
            clashes: found.map((c) => ({ name: c.name, candidates: c.entries.map((e) => e.candidate.id) })),
          },
        }
      : {}),
  };
}

/** How many names (compared without case or spacing) are borne by two or more candidate ids; 0 when none. */
export const candidateNameClashes = defineFact({
  id: 'candidateNameClashes',
  description: 'Number of names, ignoring case and spacing, shared by candidate entries with different ids.',
  scopes: ['dataset'],
  returns: 'number',
  compute: (_subject, _params, ctx) => measured(ctx, (found) => found.length, true),
});

/** The clashing entries for a reader, one item per shared name: 'a ("Anna Smith") and b ("anna smith")'. */
export const candidateNameClashList = defineFact({
  id: 'candidateNameClashList',
  description: 'The candidate entries sharing a name (ignoring case and spacing), one text per name.',
  scopes: ['dataset'],
  returns: { list: 'text' },
  compute: (_subject, _params, ctx) =>
    measured(
      ctx,
      (found) =>
        found.map((c) => {
          const items = c.entries.map((e) => `${e.candidate.id} (${JSON.stringify(e.candidate.name)})`);
          return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
        }),
      false,
    ),
});
