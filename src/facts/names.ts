/** Helpers for facts whose value names things: candidates, releases, counts written for a reader. */
import type { DatasetContext } from '../engine/subjects.js';
import type { Release } from '../schema/dataset.js';

/** A candidate's name, or its id when the dataset does not list it. */
export function candidateName(ctx: DatasetContext, id: string): string {
  return ctx.candidates.get(id)?.name ?? id;
}

/** A release as subjects name it: "Test Commission, final as of 2024-05-06 (r1)" (the form subjects use). */
export function releaseLabel(r: Release): string {
  return `${r.authority}, ${r.status}${r.asOf ? ` as of ${r.asOf}` : ''} (${r.id})`;
}
