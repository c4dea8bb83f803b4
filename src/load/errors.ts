/** Input errors as data: a stable code, where, what was found and what was expected. */
import { printable } from '../printable.js';

/** Where an input problem sits: a file, and a JSON pointer and/or a 1-based line and column. */
export interface InputLocation {
  file: string;
  pointer?: string;
  line?: number;
  column?: number;
}

/** One problem with an input file (dataset, rule, option). Codes are kebab-case and stable. */
export interface InputProblem extends InputLocation {
  code: string;
  message: string;
  found?: string;
  expected?: string;
  hint?: string;
}

/** Thrown when inputs are unusable; carries every problem found, not just the first. */
export class InputError extends Error {
  readonly problems: InputProblem[];
  constructor(problems: InputProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'InputError';
    this.problems = problems;
  }
}

/** Thrown for wrong command-line usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Renders a problem as one or two lines of plain text for the terminal. */
export function formatProblem(problem: InputProblem): string {
  // Each field is one line, whatever the input it quotes holds (line breaks, escapes: printable.ts).
  const p = {
    ...problem,
    file: printable(problem.file),
    message: printable(problem.message),
    ...(problem.found !== undefined ? { found: printable(problem.found) } : {}),
    ...(problem.expected !== undefined ? { expected: printable(problem.expected) } : {}),
    ...(problem.hint !== undefined ? { hint: printable(problem.hint) } : {}),
  };
  let where = p.file;
  if (p.line !== undefined) where += `:${p.line}${p.column !== undefined ? `:${p.column}` : ''}`;
  if (p.pointer !== undefined) where += ` at ${p.pointer === '' ? '(root)' : p.pointer}`;
  const parts = [`${where}: ${p.message} [${p.code}]`];
  const detail: string[] = [];
  if (p.expected !== undefined) detail.push(`expected ${p.expected}`);
  if (p.found !== undefined) detail.push(`found ${p.found}`);
  if (detail.length > 0) parts.push(`  ${detail.join(', ')}.`);
  if (p.hint !== undefined) parts.push(`  ${p.hint}`);
  return parts.join('\n');
}

/** A short, safe rendering of an input value for messages (truncated, JSON-quoted). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    // A number beyond a double's range (1e999 in a file) reads as Infinity, which JSON would write as null.
    text =
      typeof value === 'number' && !Number.isFinite(value)
        ? String(value)
        : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  if (text.length > 60) text = `${text.slice(0, 57)}...`;
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return `${type} ${text}`;
}
