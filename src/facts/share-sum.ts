/** Sum of the candidates' shares in a release, with the rounding tolerance their printed precision allows. */
import { defineFact, missing, UNCERTAIN } from './define.js';
import { clean, sourceOf, uncertain } from './figures.js';

/**
 * The sum of all shares of a release, in percent, as { value, plusMinus }: n figures printed to k decimals
 * add n x 0.5 x 10^-k of rounding; a figure printed in words adds 0.5 on its own.
 */
export const shareSum = defineFact({
  id: 'shareSum',
  description: "Sum of the candidates' shares in the release (percent), with its rounding half-width.",
  scopes: ['release'],
  returns: UNCERTAIN,
  compute({ release, pointer }) {
    const withShare = release.results.filter((r) => r.share);
    if (withShare.length === 0) return missing('notApplicable', 'the release gives no shares');
    if (withShare.length < release.results.length) {
      return missing(
        'unknown',
        `${release.results.length - withShare.length} result(s) of the release give no share`,
      );
    }
    let value = 0;
    let plusMinus = 0;
    const sources = [];
    for (const [i, r] of release.results.entries()) {
      if (!r.share) continue;
      const u = uncertain(r.share);
      value += u.value;
      plusMinus += u.plusMinus;
      sources.push(sourceOf(r.share, `${pointer}/results/${i}/share`));
    }
    return {
      value: { value: clean(value), plusMinus: clean(plusMinus) },
      sources,
      detail: { figures: withShare.length },
    };
  },
});
