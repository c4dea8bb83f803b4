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

/** Fills a template. Unknown names are left as written (the rule loader rejects them beforehand). */
export function renderMessage(
  template: string,
  names: Record<string, string>,
  values: Record<string, unknown>,
  knownNames: ReadonlySet<string> = new Set(),
): string {
  return template.replace(/\{([A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*)\}/g, (whole, ref: string) => {
    const [head = '', ...rest] = ref.split('.');
    if (rest.length === 0 && Object.hasOwn(names, head)) return names[head] as string;
    if (Object.hasOwn(values, head)) return formatMember(pick(values[head], rest), rest.at(-1));
    // A fact that could not be measured (the finding stood on other conditions) reads "unknown".
    return knownNames.has(head) ? 'unknown' : whole;
  });
}
