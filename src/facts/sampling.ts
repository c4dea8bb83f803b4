/** Helpers for poll facts: sampling parameters a rule sets, the margin of error, and poll/authority lookups. */

import { z } from 'zod';
import type { DatasetContext } from '../engine/subjects.js';
import type { Estimate, Figure } from '../schema/dataset.js';
import { lazy } from '../stats/lazy.js';
import type { FigureSource, Missing, Uncertain } from './define.js';
import { missing } from './define.js';
import { sourceOf, uncertain } from './figures.js';
import { resultFor } from './reachable.js';

const quantile = lazy<typeof import('@stdlib/stats-base-dists-normal-quantile')>(
  '@stdlib/stats-base-dists-normal-quantile',
);

/**
 * Sampling parameters of a margin of error. Defaults: 95% confidence (the AAPOR convention), design effect 2
 * (clustered exit polls; Kish 1965), and 1000 respondents when the dataset gives no sample size.
 */
export const MarginParamsSchema = z.strictObject({
  confidenceLevel: z.number().gt(0).lt(1).default(0.95).describe('Two-sided confidence level, e.g. 0.95.'),
  designEffect: z.number().gt(0).max(20).default(2).describe('Variance inflation of the design (Kish deff).'),
  assumedSampleSize: z
    .number()
    .int()
    .positive()
    .default(1000)
    .describe(
      'Sample size used when the dataset gives none: a breach found with it stands, a pass is not evaluated.',
    ),
});
export type MarginParams = z.infer<typeof MarginParamsSchema>;

/** The sample size of an estimate, or the assumed one. */
export function sampleSize(estimate: Estimate, params: MarginParams): { n: number; assumed: boolean } {
  const n = estimate.sampleSize?.value;
  return n !== undefined && n > 0 ? { n, assumed: false } : { n: params.assumedSampleSize, assumed: true };
}

/** The assumption behind a margin whose estimates publish no sample size (Measured.assumption). */
export function assumedSize(estimates: readonly string[], n: number): string {
  const which = estimates.join(' and for ');
  return `a sample size of ${n} assumed for ${which}, which publish${estimates.length > 1 ? '' : 'es'} none`;
}

/** The critical value z of a two-sided interval at a confidence level (1.96 at 0.95). */
export function criticalZ(confidenceLevel: number): number {
  return quantile()(1 - (1 - confidenceLevel) / 2, 0, 1);
}

/** Margin of error of a share, in points: z·sqrt(deff·p(1-p)/n)·100, with p the share as a proportion. */
export function marginOfError(sharePercent: number, n: number, params: MarginParams): number {
  const p = Math.min(1, Math.max(0, sharePercent / 100));
  return criticalZ(params.confidenceLevel) * Math.sqrt((params.designEffect * p * (1 - p)) / n) * 100;
}

/** The margin of error of one estimate's share, with what it rests on. */
export function estimateMargin(estimate: Estimate, share: Figure, params: MarginParams) {
  const { n, assumed } = sampleSize(estimate, params);
  return {
    margin: marginOfError(share.value, n, params),
    detail: {
      sampleSize: n,
      sampleSizeAssumed: assumed,
      z: criticalZ(params.confidenceLevel),
      ...params,
    },
  };
}

/** The reference release's share for a candidate, with its rounding and provenance. */
export function authorityFigure(
  ctx: DatasetContext,
  candidate: string,
): { share: Uncertain; source: FigureSource; figure: Figure } | Missing {
  const release = ctx.referenceRelease;
  if (!release) return missing('notApplicable', 'the dataset has no release to compare estimates with');
  const found = resultFor(release, candidate);
  if (!found) return missing('unknown', `${release.id} gives no result for ${candidate}`);
  const figure = found.result.share;
  if (!figure) return missing('unknown', `${release.id} gives no share for ${candidate}`);
  const pointer = `/releases/${ctx.dataset.releases.indexOf(release)}/results/${found.index}/share`;
  return { share: uncertain(figure), source: sourceOf(figure, pointer), figure };
}
