/** Control characters a terminal acts on, found by code point (independently of src/printable.ts's pattern). */

/** The control characters in `text` (C0 but line feed and tab, DEL, C1, bidirectional controls), as code points. */
export function controlsIn(text: string, keep = '\n\t'): number[] {
  const found: number[] = [];
  for (const c of text) {
    const k = c.codePointAt(0) as number;
    const control =
      (k < 0x20 && !keep.includes(c)) ||
      (k >= 0x7f && k <= 0x9f) ||
      k === 0x200e ||
      k === 0x200f ||
      k === 0x2028 ||
      k === 0x2029 ||
      (k >= 0x202a && k <= 0x202e) ||
      (k >= 0x2066 && k <= 0x2069);
    if (control) found.push(k);
  }
  return found;
}
