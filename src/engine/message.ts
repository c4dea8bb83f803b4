/** Renders a rule's message template from a finding's values: {fact}, {fact.path}, {candidate}, {subject} ... */

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

/** Follows a dotted path through own properties. */
function pick(value: unknown, path: string[]): unknown {
  let node = value;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Fills a template. Unknown names are left as written (the rule loader rejects them beforehand). */
export function renderMessage(
  template: string,
  names: Record<string, string>,
  values: Record<string, unknown>,
): string {
  return template.replace(/\{([A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*)\}/g, (whole, ref: string) => {
    const [head = '', ...rest] = ref.split('.');
    if (rest.length === 0 && Object.hasOwn(names, head)) return names[head] as string;
    if (Object.hasOwn(values, head)) return formatValue(pick(values[head], rest));
    return whole;
  });
}
