/** Text forms of fact values, shared by messages and every report format. */

/**
 * Keys whose numbers are rounding half-widths: what a comparison allows on top of a value (a printed figure's
 * rounding, or the sum of several). They are exact decimals by construction (0.005, 0.055, 0.575) and are shown
 * as held, never at two decimals: 0.575 read "0.57" and 0.055 "0.06", a tolerance the rule did not use.
 */
const HALF_WIDTH_KEYS: ReadonlySet<string> = new Set(['plusMinus', 'tolerance']);

/**
 * Whether a key names a p- or q-value: pValue, qValue, and fact ids and members ending in PValue
 * (turnoutMomentsPValue, skewnessPValue). Their numbers are shown by formatProbability.
 */
export function isProbabilityKey(key: string): boolean {
  return /^[pq]Value$|PValue$/.test(key);
}

/**
 * A p- or q-value as text: from 1e-4 up as formatNumber shows it (0.0014, 0.25), below that in scientific
 * notation with two significant digits (2.4e-5, 1.1e-18), and 0, which the tests give only where the value is
 * below the smallest positive double (about 5e-324; a q-value up to the regions' count times that), as
 * "< 1e-300": never "0" for a positive probability.
 */
export function formatProbability(p: number): string {
  if (p === 0) return '< 1e-300';
  if (p > 0 && p < 1e-4) {
    const [mantissa = '', exponent = ''] = p.toExponential(1).split('e');
    return `${mantissa.replace(/\.0$/, '')}e${exponent}`;
  }
  return formatNumber(p);
}

/**
 * Formats a value for text: numbers to at most two decimals (as `number` formats them), { value, plusMinus } as
 * "v ± h" and intervals as "a to b"; a rounding half-width (plusMinus, tolerance) exactly, as formatExact; a
 * member that is a p- or q-value (isProbabilityKey) as formatProbability, unless every number is shown exactly.
 */
export function formatValue(x: unknown, number: (n: number) => string = formatNumber): string {
  if (typeof x === 'number') return number(x);
  if (x === null || x === undefined) return 'n/a';
  if (typeof x === 'string') return x;
  if (typeof x === 'boolean') return x ? 'yes' : 'no';
  if (Array.isArray(x)) return x.map((item) => formatValue(item, number)).join(', ');
  if (typeof x === 'object') {
    const o = x as Record<string, unknown>;
    if (typeof o.value === 'number' && typeof o.plusMinus === 'number') {
      return o.plusMinus === 0 ? number(o.value) : `${number(o.value)} ± ${formatExact(o.plusMinus)}`;
    }
    if (typeof o.low === 'number' && typeof o.high === 'number')
      return `${number(o.low)} to ${number(o.high)}`;
    return Object.keys(o)
      .map((k) => {
        const v = o[k];
        if (typeof v === 'number' && HALF_WIDTH_KEYS.has(k)) return `${k}: ${formatExact(v)}`;
        if (typeof v === 'number' && number === formatNumber && isProbabilityKey(k))
          return `${k}: ${formatProbability(v)}`;
        const text = formatValue(v, number);
        return `${k}: ${isPlainRecord(v) ? `{ ${text} }` : Array.isArray(v) ? `[${text}]` : text}`;
      })
      .join('; ');
  }
  return String(x);
}

/**
 * A fact's value or a member of it, by its key (the fact id, or the member's name), as a message placeholder
 * ({shareSum.plusMinus}) and the reports' value lists print it: a rounding half-width exactly, a p- or q-value as
 * formatProbability, anything else as formatValue.
 */
export function formatMember(value: unknown, key: string | undefined): string {
  if (typeof value === 'number' && key !== undefined) {
    if (HALF_WIDTH_KEYS.has(key)) return formatExact(value);
    if (isProbabilityKey(key)) return formatProbability(value);
  }
  return formatValue(value);
}

/**
 * What a rule holds (a compared constant, a fact's parameters) as text: formatValue with every number exact, so
 * a threshold of 0.055 reads 0.055, as in the rule file.
 */
export function formatHeld(x: unknown): string {
  return formatValue(x, formatExact);
}

/**
 * A number exactly: the shortest decimal that reads back as it (String's digits, never an exponent), whole
 * numbers of five digits or more grouped as formatNumber groups them, and "-0" shown as "0".
 */
export function formatExact(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n) && Math.abs(n) >= 10000) return groupThousands(n);
  if (Object.is(n, -0)) return '0';
  const text = String(n);
  const e = text.indexOf('e-');
  if (e < 0) return text;
  // 1.5e-7: the mantissa's digits behind the zeros the exponent stands for.
  const sign = n < 0 ? '-' : '';
  const digits = text.slice(sign.length, e).replace('.', '');
  return `${sign}0.${'0'.repeat(Number(text.slice(e + 2)) - 1)}${digits}`;
}

/**
 * A number with thousands separators: 1,234,567, decimals kept as they are (1,050.5). The digits are String's,
 * the shortest decimal that reads back as the number, written in full from 1e21 (1,000,000,000,000,000,000,000):
 * for whole numbers, what toLocaleString('en-US') writes, without ICU's number formats, whose first use took about
 * 26 ms of every audit.
 */
export function groupThousands(n: number): string {
  let text = String(Math.abs(n));
  const e = text.indexOf('e+');
  if (e >= 0) {
    const mantissa = text.slice(0, e);
    const point = mantissa.indexOf('.');
    const whole = (point < 0 ? mantissa.length : point) + Number(text.slice(e + 2));
    text = mantissa.replace('.', '').padEnd(whole, '0');
  }
  const [whole = '', fraction] = text.split('.');
  return `${n < 0 ? '-' : ''}${whole.replace(/\B(?=(\d{3})+$)/g, ',')}${fraction ? `.${fraction}` : ''}`;
}

/** A number with up to two decimals (two significant digits below 0.01), trailing zeros dropped, and "-0" shown as "0". */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  // Small quantities (p-values, tolerances) keep two significant digits instead of showing as 0.
  if (n !== 0 && Math.abs(n) < 0.01) return String(Number(n.toPrecision(2)));
  // Whole counts of five digits or more are grouped (166,858), so they read as counts, not codes or years.
  if (Number.isInteger(n) && Math.abs(n) >= 10000) return groupThousands(n);
  const rounded = Math.round(n * 100) / 100;
  return (Object.is(rounded, -0) ? 0 : rounded).toFixed(2).replace(/\.?0+$/, '');
}

/** An object other than { value, plusMinus } or { low, high }, which print in braces when nested. */
function isPlainRecord(x: unknown): boolean {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return false;
  const o = x as Record<string, unknown>;
  return (
    !(typeof o.value === 'number' && typeof o.plusMinus === 'number') &&
    !(typeof o.low === 'number' && typeof o.high === 'number')
  );
}
