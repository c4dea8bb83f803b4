/**
 * Locators against the source texts: a paragraph a dataset cites must exist, and a figure's printed form must
 * occur in it, matched as the report's quote matches it (findPrinted). Otherwise the report would quote an
 * unrelated sentence, or nothing, as the figure's source.
 */
import type { Dataset } from '../schema/dataset.js';
import type { InputProblem } from './errors.js';
import { findPrinted } from './excerpt.js';
import type { JsonDocument } from './json.js';
import { positionOf } from './zod-problems.js';

/** A locator of the dataset with its JSON pointer, and the printed form of the figure it locates, if any. */
interface Located {
  pointer: string;
  source: string;
  paragraph: number;
  printed?: string;
}

/** Every locator ("at") in a validated dataset: figures, dates, candidates, estimates, claims, changes. */
export function allLocators(data: unknown, pointer = ''): Located[] {
  if (data === null || typeof data !== 'object') return [];
  const o = data as Record<string, unknown>;
  const at = o.at as { source?: unknown; paragraph?: unknown } | undefined;
  const here: Located[] =
    at && typeof at.source === 'string' && typeof at.paragraph === 'number'
      ? [
          {
            pointer: `${pointer}/at`,
            source: at.source,
            paragraph: at.paragraph,
            ...(typeof o.printed === 'string' ? { printed: o.printed } : {}),
          },
        ]
      : [];
  return [
    ...here,
    ...Object.keys(o)
      .filter((k) => k !== 'at')
      .flatMap((k) => allLocators(o[k], `${pointer}/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`)),
  ];
}

/** The problems of a dataset's locators whose source text was read (paragraphs by source id). */
export function checkLocators(
  data: Dataset,
  doc: JsonDocument,
  sourceTexts: ReadonlyMap<string, readonly string[]>,
): InputProblem[] {
  const files = new Map(data.sources.map((s) => [s.id, s.file ?? s.id]));
  const problems: InputProblem[] = [];
  for (const { pointer, source, paragraph, printed } of allLocators(data)) {
    const paras = sourceTexts.get(source);
    if (!paras) continue;
    const where = `source "${source}" (${files.get(source)})`;
    const at = `${pointer}/paragraph`;
    const add = (code: string, message: string, extra: Partial<InputProblem>) =>
      problems.push({ code, file: doc.file, pointer: at, ...positionOf(doc, at), message, ...extra });
    const elsewhere = printed === undefined ? [] : printedIn(paras, printed);
    const hint =
      printed === undefined
        ? undefined
        : elsewhere.length > 0
          ? `"${printed}" is printed in ${paragraphList(elsewhere)} of that text.`
          : `"${printed}" is printed in no paragraph of that text: copy the figure as the source prints it.`;
    if (paragraph > paras.length) {
      add('data-paragraph-missing', `paragraph ${paragraph} of ${where} does not exist`, {
        found: `paragraph ${paragraph}`,
        expected: paras.length === 0 ? 'a text with paragraphs' : `a paragraph from 1 to ${paras.length}`,
        ...(hint ? { hint } : {}),
      });
    } else if (printed !== undefined && findPrinted(paras[paragraph - 1] ?? '', printed) < 0) {
      add(
        'data-printed-not-in-paragraph',
        `"${printed}" is not printed in paragraph ${paragraph} of ${where}`,
        {
          found: `paragraph ${paragraph}: "${clip(paras[paragraph - 1] ?? '')}"`,
          expected: `the paragraph that prints "${printed}" (blank-line separated, counted from 1)`,
          ...(hint ? { hint } : {}),
        },
      );
    }
  }
  return problems;
}

/** The 1-based paragraphs that print the text. */
function printedIn(paras: readonly string[], printed: string): number[] {
  return paras.flatMap((p, i) => (findPrinted(p, printed) >= 0 ? [i + 1] : []));
}

function paragraphList(numbers: number[]): string {
  if (numbers.length === 1) return `paragraph ${numbers[0]}`;
  return `paragraphs ${numbers.slice(0, -1).join(', ')} and ${numbers.at(-1)}`;
}

/** The start of a paragraph, for a message. */
function clip(text: string): string {
  return text.length <= 80 ? text : `${text.slice(0, 77)}...`;
}
