/** Escaping for the HTML report: every dataset or report string goes through here before it is written. */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for element content and quoted attribute values alike: `& < > " '` become entities, so
 * markup in a candidate name or an excerpt shows as written and cannot leave its attribute.
 */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** Elements without an end tag. */
const VOID = new Set(['br', 'input', 'link', 'meta']);

/** An HTML element with escaped attribute values; `inner` is already-safe HTML (escape text with `esc`). */
export function el(
  tag: string,
  attrs: Record<string, string | number | boolean | undefined>,
  inner = '',
): string {
  const parts = [tag];
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    parts.push(value === true ? name : `${name}="${esc(String(value))}"`);
  }
  return VOID.has(tag) ? `<${parts.join(' ')}>` : `<${parts.join(' ')}>${inner}</${tag}>`;
}
