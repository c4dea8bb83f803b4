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
    return JSON.stringify(x);
  }
  return String(x);
}

/** A number with up to two decimals, trailing zeros dropped, and "-0" shown as "0". */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const rounded = Math.round(n * 100) / 100;
  return (Object.is(rounded, -0) ? 0 : rounded).toFixed(2).replace(/\.?0+$/, '');
}
