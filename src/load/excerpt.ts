/** Provenance for reports: the publisher of a figure's source and the sentence that prints it. */
import type { SourceRef } from '../schema/report.js';
import type { LoadedDataset } from './dataset.js';

const MAX_EXCERPT = 400;

/** Splits a paragraph into sentences (a full stop, question or exclamation mark followed by a capital or quote). */
export function sentences(paragraph: string): string[] {
  return paragraph.split(/(?<=[.!?]["”’]?)\s+(?=["“‘]?[A-Z0-9])/);
}

/**
 * Where the printed text occurs in a text, or -1: as printed, but any run of white space (a line break, a
 * no-break space) matches any other, and as a whole number or word (not inside a longer one). The loader checks
 * each figure's paragraph with it (src/load/locators.ts), so the sentence quoted is the one that prints the figure.
 */
export function findPrinted(text: string, printed: string): number {
  const parts = printed
    .trim()
    .split(/\s+/)
    .filter((p) => p.length > 0);
  if (parts.length === 0) return -1;
  // ("-" needs no escape outside a class, and may not have one in a 'u' pattern.)
  const body = parts.map((p) => p.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')).join('\\s+');
  // Whole numbers and words only: "20" is not printed in "2024" nor in "12.20", "two" not in "network" nor in
  // "twenty-two".
  const first = parts[0]?.[0] ?? '';
  const last = parts.at(-1)?.at(-1) ?? '';
  const before = /\d/.test(first) ? '(?<!\\d)(?<!\\d[.,])' : /\p{L}/u.test(first) ? '(?<![\\p{L}\\-])' : '';
  const after = /\d/.test(last) ? '(?!\\d)(?![.,]\\d)' : /\p{L}/u.test(last) ? '(?![\\p{L}\\-])' : '';
  return text.search(new RegExp(`${before}${body}${after}`, 'u'));
}

/** The sentence of a paragraph that contains the printed text, or the paragraph cut around it. */
export function excerptFor(paragraph: string, printed: string | undefined): string {
  const hit = printed ? sentences(paragraph).find((s) => findPrinted(s, printed) >= 0) : undefined;
  const text = hit ?? paragraph;
  if (text.length <= MAX_EXCERPT) return text;
  const at = printed ? Math.max(0, findPrinted(text, printed)) : 0;
  const start = Math.max(0, at - MAX_EXCERPT / 2);
  return `${start > 0 ? '…' : ''}${text.slice(start, start + MAX_EXCERPT)}…`;
}

/** Returns a function that adds publisher and excerpt to a figure's source reference, where the text is at hand. */
export function sourceDecorator(dataset: LoadedDataset): (ref: SourceRef) => SourceRef {
  const publishers = new Map(dataset.data.sources.map((s) => [s.id, s.publisher]));
  return (ref) => {
    if (!ref.at) return { ...ref };
    const paragraph = dataset.sourceTexts.get(ref.at.source)?.[ref.at.paragraph - 1];
    const publisher = publishers.get(ref.at.source);
    return {
      ...ref,
      ...(publisher ? { publisher } : {}),
      ...(paragraph ? { excerpt: excerptFor(paragraph, ref.printed) } : {}),
    };
  };
}
