/** Whether two successive releases are ordered: by as-of times, or by the date of the earlier release's source. */
import { describe, expect, it } from 'vitest';
import { releaseOrderBasis, releaseOrderEstablished } from '../../src/facts/sequence-order.js';
import { dataset, measure, release } from '../helpers/fact-measure.js';

/** r1 without an as-of time, then r2 as of `laterAsOf`; their source dated `sourceDate` (or undated). */
function pair(laterAsOf: string, sourceDate?: string) {
  const data = dataset({
    releases: [
      release('r1', 'preliminary', { a: '60' }),
      { ...release('r2', 'final', { a: '60' }), asOf: laterAsOf },
    ],
  });
  return { ...data, sources: [{ id: 's', publisher: 'p', ...(sourceDate ? { date: sourceDate } : {}) }] };
}

function order(data: ReturnType<typeof pair>) {
  const established = measure(releaseOrderEstablished, data, 'releasePair', 'release:r1/next:r2');
  const basis = measure(releaseOrderBasis, data, 'releasePair', 'release:r1/next:r2');
  return {
    established: 'value' in established ? established.value : established,
    words: 'value' in basis ? basis.value : basis,
    sources: 'sources' in basis ? basis.sources : undefined,
  };
}

describe('releaseOrderEstablished, releaseOrderBasis', () => {
  it('orders a release without an as-of time by its source, dated before the next as-of time', () => {
    expect(order(pair('2024-05-07', '2024-05-06'))).toEqual({
      established: true,
      words: "r1 gives no as-of time, but its source is dated 2024-05-06, before r2's as-of time 2024-05-07",
      sources: [
        { pointer: '/releases/0' },
        { pointer: '/sources/0/date', printed: '2024-05-06' },
        { pointer: '/releases/1/asOf', printed: '2024-05-07' },
      ],
    });
  });

  it('does not when the source date is the day of the next as-of time, or the source gives no date', () => {
    expect(order(pair('2024-05-06T10:00Z', '2024-05-06'))).toMatchObject({
      established: false,
      words:
        "r1 gives no as-of time, but its source is dated 2024-05-06, which is not before r2's as-of time " +
        '2024-05-06T10:00Z, so the order rests on file order',
    });
    expect(order(pair('2024-05-07'))).toEqual({
      established: false,
      words: 'r1 gives no usable as-of time and its source no date, so the order rests on file order',
      sources: [{ pointer: '/releases/0' }, { pointer: '/releases/1/asOf', printed: '2024-05-07' }],
    });
  });
});
