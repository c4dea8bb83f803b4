/** Facts on several estimates of one candidate's share: how many, how far apart, and the margin for that. */
import type { SubjectOf } from '../engine/subjects.js';
import { defineFact, type Missing, missing, UNCERTAIN } from './define.js';
import { clean, sourceOf, uncertain } from './figures.js';
import { assumedSize, estimateMargin, MarginParamsSchema } from './sampling.js';

type Entry = SubjectOf<'candidateEstimates'>['entries'][number];

/** The highest and lowest estimates of a candidate, or missing when there are fewer than two. */
export function extremes(subject: SubjectOf<'candidateEstimates'>): { high: Entry; low: Entry } | Missing {
  const { entries } = subject;
  if (entries.length < 2) return missing('notApplicable', 'fewer than 2 estimates for this candidate');
  const high = entries.reduce((best, e) => (e.share.value > best.share.value ? e : best));
  const low = entries.reduce((best, e) => (e.share.value < best.share.value ? e : best));
  return { high, low };
}

const pointerOf = (e: Entry) => `/estimates/${e.estimateIndex}/shares/${e.shareIndex}/share`;

/** The number of estimates of the candidate's share. */
export const pollCount = defineFact({
  id: 'pollCount',
  description: 'Number of estimates (exit polls, quick counts ...) that give a share for the candidate.',
  scopes: ['candidateEstimates'],
  returns: 'number',
  compute({ entries }) {
    return { value: entries.length, detail: { estimates: entries.map((e) => e.estimate.id) } };
  },
});

/** Highest minus lowest estimate, in points, with the rounding of both printed figures. */
export const pollsSpread = defineFact({
  id: 'pollsSpread',
  description: "Highest minus lowest estimate of the candidate's share, in points, as { value, plusMinus }.",
  scopes: ['candidateEstimates'],
  returns: UNCERTAIN,
  compute(subject) {
    const x = extremes(subject);
    if ('missing' in x) return x;
    const high = uncertain(x.high.share);
    const low = uncertain(x.low.share);
    return {
      value: { value: clean(high.value - low.value), plusMinus: clean(high.plusMinus + low.plusMinus) },
      sources: [sourceOf(x.high.share, pointerOf(x.high)), sourceOf(x.low.share, pointerOf(x.low))],
      detail: { highest: x.high.estimate.id, lowest: x.low.estimate.id },
    };
  },
});

/**
 * Margin of error of the difference between the highest and lowest estimates, in points:
 * sqrt(moe_high² + moe_low²), each margin at the rule's confidence level, design effect and sample size.
 */
export const pollsSpreadMargin = defineFact({
  id: 'pollsSpreadMargin',
  description: 'Margin of error of the difference between the highest and lowest estimates, in points.',
  scopes: ['candidateEstimates'],
  returns: 'number',
  params: MarginParamsSchema,
  compute(subject, params) {
    const x = extremes(subject);
    if ('missing' in x) return x;
    const high = estimateMargin(x.high.estimate, x.high.share, params);
    const low = estimateMargin(x.low.estimate, x.low.share, params);
    const sources = [sourceOf(x.high.share, pointerOf(x.high)), sourceOf(x.low.share, pointerOf(x.low))];
    for (const e of [x.high, x.low]) {
      if (e.estimate.sampleSize) {
        sources.push(sourceOf(e.estimate.sampleSize, `/estimates/${e.estimateIndex}/sampleSize`));
      }
    }
    const side = (e: Entry, m: typeof high) => ({
      estimate: e.estimate.id,
      margin: clean(m.margin),
      sampleSize: m.detail.sampleSize,
      sampleSizeAssumed: m.detail.sampleSizeAssumed,
    });
    // Both margins take the rule's one assumedSampleSize.
    const assumed = [x.high, x.low]
      .filter((_, k) => (k === 0 ? high : low).detail.sampleSizeAssumed)
      .map((e) => e.estimate.id);
    return {
      value: clean(Math.hypot(high.margin, low.margin)),
      sources,
      detail: { highest: side(x.high, high), lowest: side(x.low, low), z: high.detail.z, ...params },
      ...(assumed.length > 0 ? { assumption: assumedSize(assumed, params.assumedSampleSize) } : {}),
    };
  },
});
