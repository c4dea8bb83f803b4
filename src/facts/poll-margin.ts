/** Facts on an estimate's sampling error: its sample size and its margin of error at the rule's confidence. */
import { defineFact } from './define.js';
import { clean, sourceOf } from './figures.js';
import { assumedSize, estimateMargin, MarginParamsSchema, sampleSize } from './sampling.js';

/** The respondents an estimate rests on: as published, else the rule's assumed sample size. */
export const pollSampleSize = defineFact({
  id: 'pollSampleSize',
  description: "The estimate's sample size; the rule's assumedSampleSize when the dataset gives none.",
  scopes: ['estimateShare'],
  returns: 'number',
  params: MarginParamsSchema.pick({ assumedSampleSize: true }),
  compute({ estimate, estimateIndex }, params) {
    const { n, assumed } = sampleSize(estimate, { ...MarginParamsSchema.parse({}), ...params });
    const figure = estimate.sampleSize;
    return {
      value: n,
      sources: figure && !assumed ? [sourceOf(figure, `/estimates/${estimateIndex}/sampleSize`)] : [],
      detail: { assumed },
    };
  },
});

/** Whether the sample size was published or assumed by the rule, in words. */
export const pollSampleSizeBasis = defineFact({
  id: 'pollSampleSizeBasis',
  description:
    'Where the sample size comes from, in words: "published" or "assumed: the dataset gives none".',
  scopes: ['estimateShare'],
  returns: 'text',
  compute({ estimate }) {
    const n = estimate.sampleSize?.value;
    return { value: n !== undefined && n > 0 ? 'published' : 'assumed: the dataset gives none' };
  },
});

/**
 * Margin of error of the estimate's share, in points: z·sqrt(deff·p(1-p)/n)·100 at the rule's confidence
 * level and design effect, p being the estimate's share as a proportion.
 */
export const pollMarginOfError = defineFact({
  id: 'pollMarginOfError',
  description: "Margin of error of the estimate's share at the rule's confidence level, in points.",
  scopes: ['estimateShare'],
  returns: 'number',
  params: MarginParamsSchema,
  compute({ estimate, estimateIndex, share, pointer }, params) {
    const { margin, detail } = estimateMargin(estimate, share, params);
    const sources = [sourceOf(share, `${pointer}/share`)];
    if (estimate.sampleSize && !detail.sampleSizeAssumed) {
      sources.push(sourceOf(estimate.sampleSize, `/estimates/${estimateIndex}/sampleSize`));
    }
    return {
      value: clean(margin),
      sources,
      detail,
      ...(detail.sampleSizeAssumed ? { assumption: assumedSize([estimate.id], detail.sampleSize) } : {}),
    };
  },
});
