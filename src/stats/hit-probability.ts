/**
 * The null hit probability of the integer-percentage test, q(x, n) = P(Binomial(n, x/n) is a whole percentage
 * of n), from tables shared by every numerator of one denominator.
 */

/** Natural log of 10^15: each tail left out of a window holds less than e^-this. */
export const TAIL_LOG = Math.log(1e15);

/** Half-width t of the window around x whose tails each hold under 10^-15 (Bernstein; see below). */
export function windowHalfWidth(x: number, n: number): number {
  const p = x / n;
  return TAIL_LOG / 3 + Math.sqrt((TAIL_LOG / 3) ** 2 + 2 * TAIL_LOG * n * p * (1 - p));
}

/**
 * Whether `x` out of `n` is an integer percentage: for some integer k, x is a nearest whole count to k% of n,
 * i.e. |100·x − k·n| ≤ 50 (within half a count). Exact integer arithmetic, no floating-point window.
 */
export function isIntegerPercent(x: number, n: number): boolean {
  const r = (100 * x) % n;
  return Math.min(r, n - r) <= 50;
}

/** Whether y out of n is within half a count of a whole percentage, from r = 100·y mod n. */
function accepted(r: number, n: number): boolean {
  return r <= 50 || n - r <= 50;
}

/**
 * q by walking the binomial pmf from the mode x outwards over the window [x − t, x + t] (t from
 * {@link windowHalfWidth}), by the exact ratio pmf(y + 1)/pmf(y) = (n − y)/(y + 1) · p/(1 − p), and taking the
 * accepted counts' share of the window's mass: no normalising constant, about 280 multiply-adds for the
 * stations of a synthetic national table. The reference for {@link HitTables}, and what it uses for x ≤ 15.
 */
export function walkProbability(x: number, n: number): number {
  if (x === 0 || x === n || n <= 100) return 1;
  const p = x / n;
  const t = windowHalfWidth(x, n);
  const low = Math.max(0, Math.ceil(x - t));
  const high = Math.min(n, Math.floor(x + t));
  const odds = p / (1 - p);
  const start = (100 * x) % n;
  let hit = accepted(start, n) ? 1 : 0;
  let miss = 1 - hit;
  let f = 1;
  let r = start;
  for (let y = x; y < high && f > 0; y++) {
    f *= ((n - y) / (y + 1)) * odds;
    r += 100;
    if (r >= n) r -= n;
    if (accepted(r, n)) hit += f;
    else miss += f;
  }
  f = 1;
  r = start;
  for (let y = x; y > low && f > 0; y--) {
    f *= y / (n - y + 1) / odds;
    r -= 100;
    if (r < 0) r += n;
    if (accepted(r, n)) hit += f;
    else miss += f;
  }
  return hit / (hit + miss);
}

/**
 * Stirling's error log(k!) − [(k + ½)·log k − k + ½·log 2π] for k > 15, by its asymptotic series with as many
 * terms as Loader's dbinom uses (the first term left out is below 1e-17 from k = 16).
 */
function stirlingError(k: number): number {
  const k2 = 1 / (k * k);
  if (k > 500) return (1 / 12 - k2 / 360) / k;
  if (k > 80) return (1 / 12 - (1 / 360 - k2 / 1260) * k2) / k;
  if (k > 35) return (1 / 12 - (1 / 360 - (1 / 1260 - k2 / 1680) * k2) * k2) / k;
  return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - k2 / 1188) * k2) * k2) * k2) / k;
}

/** Numerators up to this use {@link walkProbability} (their windows are short, and Stirling's series needs k > 15). */
const SMALL_X = 15;

/** Most counts between two checkpoints: bounds every product of ratios a segment holds (n^32 < 2^1023 for n < 2^31). */
const MAX_SEGMENT = 32;

/**
 * q(x, n) for the numerators of one denominator n at a time. The walk of {@link walkProbability} costs a
 * multiply-add per count of the window (some 280 for stations of 200 to 3,000 voters), while only about one
 * count in n/100 is a whole percentage. Here the window is crossed in steps between checkpoints: the counts
 * of the minority class (accepted counts, or rejected ones where those are fewer, as for n < 200), plus a filler
 * every 32 counts. For each n, `prepare` stores the products of the ratios (n − y)/(y + 1) over each segment
 * between checkpoints and from every count to its neighbouring checkpoints; for each x, `at` multiplies them
 * with powers of the odds x/(n − x), a few multiplications per checkpoint (about 0.15 µs per x at 1,000 voters,
 * against 0.7 µs for the walk). The walk's normalisation by the window's mass is replaced by the exact pmf at the
 * mode, pmf(x) = √(n / 2πx(n − x)) · exp(δ(n) − δ(x) − δ(n − x)), δ Stirling's error (Loader 2000; the
 * deviance terms vanish at the mode): q is within 1e-15 of the walk (6e-16 the largest difference over the
 * 578,602 pairs of the 1M-row synthetic table), exactly 1 when the window holds no rejected count, and below 1
 * otherwise (where rejected counts are the checkpoints, q = 1 − their mass).
 * Source: Loader, "Fast and accurate computation of binomial probabilities", 2000.
 */
export class HitTables {
  private n = -1;
  /** The first count the tables cover, and the (folded) numerators they serve. */
  private from = 0;
  private lo = 0;
  private hi = -1;
  /** Whether the checkpoints are the rejected counts (q = 1 − their mass). */
  private rejects = false;
  /** Per count from `from`: rejected counts so far (inclusive), the first checkpoint at or above it. */
  private rejectedSoFar = new Int32Array(0);
  private nextCheckpoint = new Int32Array(0);
  /** Per count y: product of the ratios from y up to its next checkpoint, and from its last checkpoint below up to y. */
  private toNext = new Float64Array(0);
  private fromLast = new Float64Array(0);
  /** Per checkpoint: its count, weight (1, or 0 for a filler), and the product and length of the segment to the next. */
  private at_ = new Int32Array(0);
  private weight = new Float64Array(0);
  private segment = new Float64Array(0);
  private segmentInverse = new Float64Array(0);
  private length = new Int32Array(0);
  private checkpoints = 0;
  private longest = 0;
  /** odds^s and odds^-s for s = 0..MAX_SEGMENT, filled per x up to the longest segment. */
  private powers = new Float64Array(MAX_SEGMENT + 1).fill(1);
  private inversePowers = new Float64Array(MAX_SEGMENT + 1).fill(1);

  /** Whether `at` serves min(x, n − x) = xc for this n without a new `prepare`. */
  covers(n: number, xc: number): boolean {
    return n === this.n && xc >= this.lo && xc <= this.hi;
  }

  /** Builds the tables for denominator n and folded numerators lo..hi (0 ≤ lo ≤ hi ≤ n/2). */
  prepare(n: number, lo: number, hi: number): void {
    this.n = n;
    this.lo = lo;
    this.hi = hi;
    if (n <= 100 || hi <= SMALL_X) return;
    // Windows grow with x up to n/2, so [lo − t(hi), hi + t(hi)] holds every window of lo..hi.
    const t = windowHalfWidth(hi, n);
    const from = Math.max(0, Math.floor(Math.max(lo, SMALL_X + 1) - t) - 1);
    const to = Math.min(n, Math.ceil(hi + t) + 1);
    this.from = from;
    const m = to - from + 1;
    if (this.toNext.length < m) this.grow(m);
    const { rejectedSoFar, nextCheckpoint, toNext, fromLast, at_, weight, segment, segmentInverse, length } =
      this;
    // Which counts are checkpoints depends on n and the count only (never on the prepared range), so that q
    // is the same number whichever numerators the tables were built for: the rejected counts below 200 voters
    // (there they are the fewer), else the accepted ones; and every 32nd count where gaps can be longer.
    const rejects = n < 200;
    const fillers = rejects || n > 3000;
    this.rejects = rejects;
    let r = (100 * from) % n;
    let rejected = 0;
    let count = 0;
    let product = 1;
    for (let j = 0; j < m; j++) {
      const y = from + j;
      const isAccepted = accepted(r, n);
      if (!isAccepted) rejected++;
      rejectedSoFar[j] = rejected;
      // The product of the ratios (n − y)/(y + 1) from the last checkpoint below y up to y.
      fromLast[j] = product;
      const isCheckpoint = isAccepted !== rejects;
      if (isCheckpoint || (fillers && y % MAX_SEGMENT === 0)) {
        at_[count] = y;
        weight[count] = isCheckpoint ? 1 : 0;
        count++;
        product = 1;
      }
      product *= (n - y) / (y + 1);
      r += 100;
      if (r >= n) r -= n;
    }
    this.checkpoints = count;
    // Backward: the product from y up to its next checkpoint, and which checkpoint that is.
    let next = count;
    product = 1;
    for (let j = m - 1; j >= 0; j--) {
      const y = from + j;
      if (next > 0 && at_[next - 1] === y) {
        next--;
        product = 1;
      } else product *= (n - y) / (y + 1);
      toNext[j] = product;
      nextCheckpoint[j] = next;
    }
    // Counts before the first checkpoint and past the last are reached from it too.
    let longest = count > 0 ? Math.max((at_[0] as number) - from, to - (at_[count - 1] as number)) : 0;
    for (let i = 0; i + 1 < count; i++) {
      const s = fromLast[(at_[i + 1] as number) - from] as number;
      segment[i] = s;
      segmentInverse[i] = 1 / s;
      const len = (at_[i + 1] as number) - (at_[i] as number);
      length[i] = len;
      if (len > longest) longest = len;
    }
    this.longest = longest;
  }

  /** q(x, n) for the prepared n; x or n − x must lie in the prepared range. */
  at(x: number): number {
    const n = this.n;
    const xc = Math.min(x, n - x);
    if (xc === 0 || n <= 100) return 1;
    if (xc <= SMALL_X) return walkProbability(xc, n);
    const t = windowHalfWidth(xc, n);
    const low = Math.max(0, Math.ceil(xc - t));
    const high = Math.min(n, Math.floor(xc + t));
    const from = this.from;
    const { rejectedSoFar, nextCheckpoint, toNext, fromLast, at_, weight, segment, segmentInverse, length } =
      this;
    const rejected =
      (rejectedSoFar[high - from] as number) - (low > from ? (rejectedSoFar[low - 1 - from] as number) : 0);
    if (rejected === 0) return 1;
    const odds = xc / (n - xc);
    const inverse = (n - xc) / xc;
    const powers = this.powers;
    const inversePowers = this.inversePowers;
    let pw = 1;
    let ipw = 1;
    for (let s = 1; s <= this.longest; s++) {
      pw *= odds;
      ipw *= inverse;
      powers[s] = pw;
      inversePowers[s] = ipw;
    }
    const count = this.checkpoints;
    const j = xc - from;
    let sum = 0;
    // Upwards from x: pmf(c)/pmf(x) at each checkpoint c up to the window's top.
    let i = nextCheckpoint[j] as number;
    if (i < count) {
      let f = (toNext[j] as number) * (powers[(at_[i] as number) - xc] as number);
      for (; i < count && (at_[i] as number) <= high; i++) {
        sum += f * (weight[i] as number);
        f *= (segment[i] as number) * (powers[length[i] as number] as number);
      }
    }
    // Downwards from the last checkpoint below x.
    i = (nextCheckpoint[j] as number) - 1;
    if (i >= 0 && (at_[i] as number) >= low) {
      let f = 1 / ((fromLast[j] as number) * (powers[xc - (at_[i] as number)] as number));
      for (; i >= 0 && (at_[i] as number) >= low; i--) {
        sum += f * (weight[i] as number);
        if (i > 0)
          f *= (segmentInverse[i - 1] as number) * (inversePowers[length[i - 1] as number] as number);
      }
    }
    const mode =
      Math.sqrt(n / (2 * Math.PI * xc * (n - xc))) *
      Math.exp(stirlingError(n) - stirlingError(xc) - stirlingError(n - xc));
    const mass = mode * sum;
    return this.rejects ? 1 - mass : mass;
  }

  private grow(m: number): void {
    const size = Math.max(m, 2 * this.toNext.length);
    this.rejectedSoFar = new Int32Array(size);
    this.nextCheckpoint = new Int32Array(size);
    this.toNext = new Float64Array(size);
    this.fromLast = new Float64Array(size);
    this.at_ = new Int32Array(size);
    this.weight = new Float64Array(size);
    this.segment = new Float64Array(size);
    this.segmentInverse = new Float64Array(size);
    this.length = new Int32Array(size);
  }
}
