/** Escaping for the HTML report: every dataset or report string goes through here before it is written. */
import { printable, terminalText } from '../printable.js';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function entities(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/**
 * Escapes text for element content and quoted attribute values alike: control characters become visible escapes
 * (printable.ts), so a carriage return, an ANSI escape or a bidirectional override in a name neither reorders the
 * page nor acts on a terminal showing the file; then `& < > " '` become entities, so markup in a candidate name
 * or an excerpt shows as written and cannot leave its attribute.
 */
export function esc(text: string): string {
  return entities(printable(text));
}

/** As {@link esc}, but line feeds and tabs are kept: for text laid out in lines, in a `<pre>`. */
export function escLines(text: string): string {
  return entities(terminalText(text));
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
