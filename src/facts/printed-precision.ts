/** The precisions a release's percentages (its shares and turnout) are printed at. */
import type { SubjectOf } from '../engine/subjects.js';
import type { Figure } from '../schema/dataset.js';
import { precisionLabel, readPrinted } from '../schema/printed.js';
import { defineFact, type Measured, type Missing, missing } from './define.js';
import { sourceOf } from './figures.js';

interface Group {
  precision: string;
  printed: string[];
}

/** The release's percentages grouped by printed precision, in order of first appearance. */
function groups(subject: SubjectOf<'release'>): { groups: Group[]; m: Measured } | Missing {
  const { release, pointer } = subject;
  const figures: { figure: Figure; pointer: string }[] = [];
  const add = (figure: Figure | undefined, at: string) => {
    if (figure) figures.push({ figure, pointer: `${pointer}/${at}` });
  };
  // The share processed is left out: it measures the count's progress, not the vote, and is often printed
  // whole ("30", "100") beside shares to one decimal without either being retold or rounded by the source.
  add(release.turnout, 'turnout');
  release.results.forEach((r, i) => add(r.share, `results/${i}/share`));
  if (figures.length === 0) return missing('notApplicable', 'the release prints no percentage');
  const byLabel = new Map<string, Group>();
  const unread: string[] = [];
  for (const { figure } of figures) {
    const reading = readPrinted(figure.printed, figure.value);
    if (!reading) {
      unread.push(figure.printed);
      continue;
    }
    const label = precisionLabel(reading);
    const group = byLabel.get(label) ?? { precision: label, printed: [] };
    group.printed.push(figure.printed);
    byLabel.set(label, group);
  }
  if (byLabel.size === 0) {
    return missing('unknown', `no printed percentage of the release states a number: ${unread.join(', ')}`);
  }
  const found = [...byLabel.values()];
  return {
    groups: found,
    m: {
      value: null,
      sources: figures.map((f) => sourceOf(f.figure, f.pointer)),
      detail: { groups: found, ...(unread.length > 0 ? { unread } : {}) },
    },
  };
}

/** How many different precisions the release's percentages are printed at ("92.05", "0.8" and "two percent": 3). */
export const printedPrecisionCount = defineFact({
  id: 'printedPrecisionCount',
  description: "Number of distinct printed precisions among the release's percentages.",
  scopes: ['release'],
  returns: 'number',
  compute(subject) {
    const g = groups(subject);
    if ('missing' in g) return g;
    return { ...g.m, value: g.groups.length };
  },
});

/** The release's percentages by printed precision, for a reader: ['2 decimals ("92.05", "2.19")', 'words ("two")']. */
export const printedPrecisions = defineFact({
  id: 'printedPrecisions',
  description: "The release's percentages grouped by printed precision, one text per precision.",
  scopes: ['release'],
  returns: { list: 'text' },
  compute(subject) {
    const g = groups(subject);
    if ('missing' in g) return g;
    // The groups are the value itself here; the count fact carries them as detail.
    return {
      sources: g.m.sources,
      value: g.groups.map((x) => `${x.precision} (${x.printed.map((p) => JSON.stringify(p)).join(', ')})`),
    };
  },
});
