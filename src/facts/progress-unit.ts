/** Facts on what a processed share counts: the share against the ratios of ballots and of stations processed. */
import type { SubjectOf } from '../engine/subjects.js';
import type { Figure, ProgressTally, ProgressUnit } from '../schema/dataset.js';
import {
  defineFact,
  type FigureSource,
  type Measurement,
  type Missing,
  missing,
  UNCERTAIN,
  type Uncertain,
} from './define.js';
import { sourceOf, uncertain } from './figures.js';
import { countUncertain, percentOf } from './sequence-helpers.js';

type Unit = 'ballots' | 'stations';

const UNIT_WORDS: Record<Unit, string> = { ballots: 'ballots', stations: 'polling stations' };

interface Ratio {
  value: Uncertain;
  sources: FigureSource[];
  printed: string;
}

/** The unit a processed share says it counts: ballots, stations (protocols: one per station), or neither. */
function countedUnit(counts: ProgressUnit): Unit | null {
  if (counts === 'ballots') return 'ballots';
  return counts === 'pollingStations' || counts === 'protocols' ? 'stations' : null;
}

interface Tally {
  processed: Figure;
  total: Figure;
  processedAt: string;
  totalAt: string;
}

/** The tally of a unit: given apart, or the numerator and denominator when the share counts that unit. */
function tally(subject: SubjectOf<'release'>, unit: Unit): Tally | null {
  const progress = subject.release.progress;
  if (!progress) return null;
  const p = `${subject.pointer}/progress`;
  const apart: ProgressTally | undefined = progress[unit];
  if (apart) {
    return { ...apart, processedAt: `${p}/${unit}/processed`, totalAt: `${p}/${unit}/total` };
  }
  if (countedUnit(progress.counts) === unit && progress.numerator && progress.denominator) {
    const { numerator, denominator } = progress;
    return {
      processed: numerator,
      total: denominator,
      processedAt: `${p}/numerator`,
      totalAt: `${p}/denominator`,
    };
  }
  return null;
}

type Ratios = { stated: Unit; other: Unit; ratio: Record<Unit, Ratio> };

/** The unit the share says it counts and the other one, with both ratios; missing unless both are given. */
function ratios(subject: SubjectOf<'release'>): Ratios | Missing {
  const { release } = subject;
  const progress = release.progress;
  if (!progress) return missing('notApplicable', `${release.id} gives no share processed`);
  const stated = countedUnit(progress.counts);
  if (!stated) return missing('notApplicable', `${release.id} does not say what its share processed counts`);
  const ratio = {} as Record<Unit, Ratio>;
  for (const unit of ['ballots', 'stations'] as const) {
    const t = tally(subject, unit);
    if (!t)
      return missing('notApplicable', `${release.id} does not give both ballots and stations processed`);
    const value = percentOf(countUncertain(t.processed), countUncertain(t.total));
    if (!value) return missing('unknown', `${release.id} gives no ${UNIT_WORDS[unit]} in all`);
    ratio[unit] = {
      value,
      sources: [sourceOf(t.processed, t.processedAt), sourceOf(t.total, t.totalAt)],
      printed: `${t.processed.printed} of ${t.total.printed}`,
    };
  }
  return { stated, other: stated === 'ballots' ? 'stations' : 'ballots', ratio };
}

function measure(subject: SubjectOf<'release'>, pick: (r: Ratios) => Measurement): Measurement {
  const r = ratios(subject);
  return 'missing' in r ? r : pick(r);
}

/** The printed share processed, in percent, as { value, plusMinus }, when both tallies are given. */
export const processedShareFigure = defineFact({
  id: 'processedShareFigure',
  description:
    'The printed share processed, in percent, as { value, plusMinus } (when ballots and stations are both given).',
  scopes: ['release'],
  returns: UNCERTAIN,
  compute: (subject) =>
    measure(subject, () => {
      const share = subject.release.progress?.share as Figure;
      return { value: uncertain(share), sources: [sourceOf(share, `${subject.pointer}/progress/share`)] };
    }),
});

/** Processed over all units of the unit the share says it counts, in percent, as { value, plusMinus }. */
export const statedUnitProcessedRatio = defineFact({
  id: 'statedUnitProcessedRatio',
  description: 'Units processed over all units, in percent, for the unit the share processed says it counts.',
  scopes: ['release'],
  returns: UNCERTAIN,
  compute: (subject) =>
    measure(subject, (r) => ({
      ...r.ratio[r.stated],
      detail: { unit: r.stated, printed: r.ratio[r.stated].printed },
    })),
});

/** Processed over all units of the other unit (stations when the share counts ballots, and the reverse). */
export const otherUnitProcessedRatio = defineFact({
  id: 'otherUnitProcessedRatio',
  description:
    'Units processed over all units, in percent, for the unit the share processed does not say it counts.',
  scopes: ['release'],
  returns: UNCERTAIN,
  compute: (subject) =>
    measure(subject, (r) => ({
      ...r.ratio[r.other],
      detail: { unit: r.other, printed: r.ratio[r.other].printed },
    })),
});

/** The unit the share says it counts, in words: "ballots" or "polling stations". */
export const statedProgressUnit = defineFact({
  id: 'statedProgressUnit',
  description: 'The unit the share processed says it counts, in words ("ballots", "polling stations").',
  scopes: ['release'],
  returns: 'text',
  compute: (subject) => measure(subject, (r) => ({ value: UNIT_WORDS[r.stated] })),
});

/** The other unit, in words: "polling stations" when the share counts ballots, and the reverse. */
export const otherProgressUnit = defineFact({
  id: 'otherProgressUnit',
  description: 'The unit the share processed does not say it counts, in words.',
  scopes: ['release'],
  returns: 'text',
  compute: (subject) => measure(subject, (r) => ({ value: UNIT_WORDS[r.other] })),
});
