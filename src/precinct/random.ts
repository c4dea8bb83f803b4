/** A seeded PRNG (xoshiro128**) and the draws the synthetic tables need: normal, gamma, beta, binomial. */

/** Small-integer log-factorials, exact to double precision; larger ones use Stirling's series. */
const LOG_FACTORIAL: number[] = [0];
for (let k = 1; k < 256; k++) LOG_FACTORIAL.push((LOG_FACTORIAL[k - 1] as number) + Math.log(k));

/** ln(k!) for a whole k ≥ 0. */
export function logFactorial(k: number): number {
  if (k < 256) return LOG_FACTORIAL[k] as number;
  const x = k + 1;
  // Stirling's series for ln Γ(x); at x ≥ 257 the omitted terms are below 1e-17.
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x ** 3);
}

/**
 * xoshiro128** (Blackman and Vigna), seeded through splitmix32: fast, 2^128 - 1 period, and the same
 * sequence on every platform, which is what a seeded report needs. Never Math.random.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare: number | undefined;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A whole number in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** A standard normal draw (Marsaglia's polar method). */
  normal(): number {
    if (this.spare !== undefined) {
      const v = this.spare;
      this.spare = undefined;
      return v;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    return u * f;
  }

  /** A Gamma(shape, 1) draw (Marsaglia and Tsang; shape < 1 boosted by U^(1/shape)). */
  gamma(shape: number): number {
    if (shape < 1) return this.gamma(shape + 1) * this.uniform() ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** A Beta draw with the given mean and concentration (a + b). */
  beta(mean: number, concentration: number): number {
    const x = this.gamma(mean * concentration);
    const y = this.gamma((1 - mean) * concentration);
    return x / (x + y);
  }

  /** A Dirichlet draw around `shares` (summing to 1) with the given concentration, into `out`. */
  dirichlet(shares: ArrayLike<number>, concentration: number, out: Float64Array): Float64Array {
    let total = 0;
    for (let i = 0; i < shares.length; i++) {
      const g = this.gamma(Math.max((shares[i] as number) * concentration, 1e-3));
      out[i] = g;
      total += g;
    }
    for (let i = 0; i < shares.length; i++) out[i] = (out[i] as number) / total;
    return out;
  }

  /**
   * An exact Binomial(n, p) draw by inversion, searching outwards from the mode: about one step per
   * standard deviation, and every value gets exactly its probability (no normal approximation, which would
   * distort the digit and integer-percent tests this data exists for).
   */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    const q = 1 - p;
    const mode = Math.min(n, Math.floor((n + 1) * p));
    const logPmf =
      logFactorial(n) -
      logFactorial(mode) -
      logFactorial(n - mode) +
      mode * Math.log(p) +
      (n - mode) * Math.log(q);
    const pMode = Math.exp(logPmf);
    let u = this.uniform() - pMode;
    if (u <= 0) return mode;
    const up = p / q;
    const down = q / p;
    let hi = mode;
    let lo = mode;
    let pHi = pMode;
    let pLo = pMode;
    while (hi < n || lo > 0) {
      if (hi < n) {
        pHi *= ((n - hi) / (hi + 1)) * up;
        hi++;
        u -= pHi;
        if (u <= 0) return hi;
      }
      if (lo > 0) {
        pLo *= (lo / (n - lo + 1)) * down;
        lo--;
        u -= pLo;
        if (u <= 0) return lo;
      }
    }
    return mode; // Only rounding error is left, at most a few ulps of probability.
  }

  /** A Multinomial(n, shares) draw into `out`, by conditional binomials. */
  multinomial(n: number, shares: ArrayLike<number>, out: Float64Array): Float64Array {
    let left = n;
    let mass = 1;
    for (let i = 0; i < shares.length; i++) {
      const share = shares[i] as number;
      const k =
        i === shares.length - 1 ? left : this.binomial(left, mass > 0 ? Math.min(1, share / mass) : 0);
      out[i] = k;
      left -= k;
      mass -= share;
    }
    return out;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
