/** Text forms of fact values, shared by messages and every report format. */

/** Formats a value for text: numbers to at most two decimals, { value, plusMinus } as "v ± h", intervals as "a to b". */
export function formatValue(x: unknown): string {
  if (typeof x === 'number') return formatNumber(x);
  if (x === null || x === undefined) return 'n/a';
  if (typeof x === 'string') return x;
  if (typeof x === 'boolean') return x ? 'yes' : 'no';
  if (Array.isArray(x)) return x.map(formatValue).join(', ');
  if (typeof x === 'object') {
    const o = x as Record<string, unknown>;
    if (typeof o.value === 'number' && typeof o.plusMinus === 'number') {
      return o.plusMinus === 0
        ? formatNumber(o.value)
        : `${formatNumber(o.value)} ± ${formatNumber(o.plusMinus)}`;
    }
    if (typeof o.low === 'number' && typeof o.high === 'number')
      return `${formatNumber(o.low)} to ${formatNumber(o.high)}`;
    return Object.keys(o)
      .map(
        (k) =>
          `${k}: ${isPlainRecord(o[k]) ? `{ ${formatValue(o[k])} }` : Array.isArray(o[k]) ? `[${formatValue(o[k])}]` : formatValue(o[k])}`,
      )
      .join('; ');
  }
  return String(x);
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
