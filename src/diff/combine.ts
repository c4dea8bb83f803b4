/**
 * The data the time rules judge a change on: the releases of both files in one dataset (or the two releases
 * compared), with a map from each pointer of that combined dataset back to the file and place it came from.
 */
import { type Dataset, DatasetSchema, type Release } from '../schema/dataset.js';

/** Which input a part of the combined dataset came from. */
export type Side = 'old' | 'new';

/** Where an entry of a combined collection came from: its side and its index in that side's file. */
interface Origin {
  side: Side;
  index: number;
}

const COLLECTIONS = ['releases', 'estimates', 'candidates', 'sources'] as const;
type Collection = (typeof COLLECTIONS)[number];

/** A combined dataset and the way back from its pointers to the input files. */
export interface Combined {
  dataset: Dataset;
  /** What was combined, in one sentence for the reader. */
  description: string;
  /** The side and pointer in that side's file of a pointer into the combined dataset. */
  origin(pointer: string): { side: Side; pointer: string };
  /** A release both files give, revised: the old version's id ("<id>-previous") → the release's id. */
  revisions: ReadonlyMap<string, string>;
}

function makeOrigin(origins: Record<Collection, Origin[]>): Combined['origin'] {
  return (pointer) => {
    const m = /^\/([a-z]+)\/(\d+)(\/.*)?$/.exec(pointer);
    const list = m ? origins[m[1] as Collection] : undefined;
    const o = m && list ? list[Number(m[2])] : undefined;
    if (!m || !o) return { side: 'new', pointer };
    return { side: o.side, pointer: `/${m[1]}/${o.index}${m[3] ?? ''}` };
  };
}

/** A release id not used by any of `taken`: "<id>-previous", then "-previous-2" ... */
function freeId(id: string, taken: Set<string>): string {
  let candidate = `${id}-previous`;
  for (let n = 2; taken.has(candidate); n += 1) candidate = `${id}-previous-${n}`;
  return candidate;
}

/**
 * Both files in one dataset: the new file's entries, plus the old file's releases, estimates, candidates and
 * sources it lacks (by id). A release both files give with different content is kept twice: the old version,
 * renamed "<id>-previous" and listed first, so a silent revision shows as a change between two releases.
 */
export function combineFiles(old: Dataset, next: Dataset): Combined {
  const origins: Record<Collection, Origin[]> = { releases: [], estimates: [], candidates: [], sources: [] };
  const merged: Record<Collection, { id: string }[]> = {
    releases: [],
    estimates: [],
    candidates: [],
    sources: [],
  };
  const releaseIds = new Set([...old.releases, ...next.releases].map((r) => r.id));
  const revisions = new Map<string, string>();
  const nextReleases = new Map(next.releases.map((r) => [r.id, r]));
  old.releases.forEach((release, index) => {
    const replacement = nextReleases.get(release.id);
    if (replacement && JSON.stringify(replacement) === JSON.stringify(release)) return;
    const copy: Release = replacement ? { ...release, id: freeId(release.id, releaseIds) } : release;
    if (replacement) revisions.set(copy.id, release.id);
    releaseIds.add(copy.id);
    merged.releases.push(copy);
    origins.releases.push({ side: 'old', index });
  });
  for (const c of COLLECTIONS) {
    const fromNew = next[c] as { id: string }[];
    fromNew.forEach((entry, index) => {
      merged[c].push(entry);
      origins[c].push({ side: 'new', index });
    });
    if (c === 'releases') continue;
    const known = new Set(fromNew.map((e) => e.id));
    (old[c] as { id: string }[]).forEach((entry, index) => {
      if (known.has(entry.id)) return;
      merged[c].push(entry);
      origins[c].push({ side: 'old', index });
    });
  }
  const dataset = DatasetSchema.parse({ ...next, ...merged });
  const kept = merged.releases.length;
  return {
    dataset,
    description: `${kept} release(s): the new file's ${next.releases.length} and the old file's releases it lacks or revises`,
    origin: makeOrigin(origins),
    revisions,
  };
}

/** Two releases of one file as a dataset of their own, the first one listed first; estimates are left out. */
export function combineReleases(data: Dataset, first: number, second: number): Combined {
  const releases = [data.releases[first], data.releases[second]] as Release[];
  const origins: Record<Collection, Origin[]> = {
    releases: [
      { side: 'old', index: first },
      { side: 'new', index: second },
    ],
    estimates: [],
    candidates: data.candidates.map((_, index) => ({ side: 'new', index })),
    sources: data.sources.map((_, index) => ({ side: 'new', index })),
  };
  return {
    dataset: DatasetSchema.parse({ ...data, releases, estimates: [] }),
    description: `the two releases compared (${releases.map((r) => r.id).join(' and ')})`,
    origin: makeOrigin(origins),
    revisions: new Map(),
  };
}
