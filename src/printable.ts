/**
 * Text from inputs made safe to show: control characters become visible escapes that no terminal acts on.
 *
 * Why: a level name, unit id, column name or rule message is data, and data can hold a carriage return and
 * ANSI escapes ("North\r\u001b[32mgate: pass"), which a terminal, a CI log or `cat` of a Markdown report would
 * carry out: rewriting the line, colouring it, faking the gate. Bidirectional controls (the "Trojan Source"
 * characters) reorder what is shown without being seen. Shown escaped, such text reads as what it is.
 */

/** C0 controls, DEL, C1 controls, the bidirectional marks, embeddings, overrides and isolates, U+2028/9. */
const UNSAFE = '\\u0000-\\u001f\\u007f-\\u009f\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
const ANY_UNSAFE = new RegExp(`[${UNSAFE}]`, 'g');
/** The same but line feeds and tabs, for text laid out in lines. */
const UNSAFE_BUT_LINES = new RegExp(`(?![\\n\\t])[${UNSAFE}]`, 'g');

const SHORT: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function shown(c: string): string {
  return SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * One line of text with every control character shown as an escape: `\n`, `\r`, `\t`, else `\u` and four hex
 * digits (`\u001b`, `\u202e`). Other text, Unicode letters included, is unchanged; so is text already made
 * printable.
 */
export function printable(text: string): string {
  return text.replace(ANY_UNSAFE, shown);
}

/** Text for a terminal, laid out in lines: as {@link printable}, but line feeds and tabs are kept. */
export function terminalText(text: string): string {
  return text.replace(UNSAFE_BUT_LINES, shown);
}
