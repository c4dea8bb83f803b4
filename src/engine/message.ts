/** Renders a rule's message template from a finding's values: {fact}, {fact.path}, {candidate}, {subject} ... */
import { formatMember } from '../schema/values.js';

/** Follows a dotted path through own properties. */
function pick(value: unknown, path: string[]): unknown {
  let node = value;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * Fills a template. Unknown names are left as written (the rule loader rejects them beforehand). A value printed
 * as a bound ("< 1e-300", a p-value below the smallest positive double) takes the place of an "= " before it:
 * "p = {x}" reads "p < 1e-300".
 */
export function renderMessage(
  template: string,
  names: Record<string, string>,
  values: Record<string, unknown>,
  knownNames: ReadonlySet<string> = new Set(),
): string {
  return template.replace(
    /(= )?\{([A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*)\}/g,
    (whole, equals: string | undefined, ref: string) => {
      const [head = '', ...rest] = ref.split('.');
      const before = equals ?? '';
      if (rest.length === 0 && Object.hasOwn(names, head)) return before + (names[head] as string);
      if (Object.hasOwn(values, head)) {
        const text = formatMember(pick(values[head], rest), rest.at(-1) ?? head);
        return text.startsWith('< ') ? text : before + text;
      }
      // A fact that could not be measured (the finding stood on other conditions) reads "unknown".
      return knownNames.has(head) ? `${before}unknown` : whole;
    },
  );
}
