/** Turns zod issues into input problems with JSON pointers, positions, what was found and what was expected. */
import type { z } from 'zod';
import { describeValue, type InputProblem } from './errors.js';
import type { JsonDocument, Position } from './json.js';
import { toPointer } from './json.js';

/** The value at a path inside a parsed document (own properties only). */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    if (!Object.hasOwn(node, key)) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** The position of a pointer, or of its nearest ancestor present in the document. */
export function positionOf(doc: JsonDocument, pointer: string): Position | undefined {
  let p = pointer;
  for (;;) {
    const pos = doc.positions.get(p);
    if (pos || p === '') return pos;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}

function expectedOf(issue: z.core.$ZodIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'number' || issue.expected === 'int'
        ? `a JSON number${issue.expected === 'int' ? ' (whole)' : ''}, not text`
        : `${issue.expected}`;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'array' ? `at least ${issue.minimum} item(s)` : `a value >= ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array' ? `at most ${issue.maximum} item(s)` : `a value <= ${issue.maximum}`;
    case 'invalid_format':
      return issue.message.replace(/^Invalid string: must match pattern .*$/, 'the documented format');
    case 'unrecognized_keys':
      return 'only the keys the schema documents';
    case 'invalid_union':
      return 'one of the documented shapes';
    default:
      return undefined;
  }
}

/** Converts a zod error over a parsed document into problems, one per issue. */
export function zodProblems(error: z.ZodError, doc: JsonDocument, code: string): InputProblem[] {
  const problems: InputProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        const pointer = toPointer(path);
        problems.push({
          code: `${code}-unknown-key`,
          file: doc.file,
          pointer,
          ...positionOf(doc, pointer),
          message: `unknown key "${key}"`,
          expected: expectedOf(issue),
          hint: 'Remove it or check its spelling against the schema in schemas/.',
        });
      }
      continue;
    }
    const pointer = toPointer(issue.path);
    const found = valueAt(doc.value, issue.path);
    if (typeof found === 'number' && !Number.isFinite(found)) {
      // JSON has no Infinity: the file holds a number too large for a double (1e999), which reads as one.
      problems.push({
        code: `${code}-invalid`,
        file: doc.file,
        pointer,
        ...positionOf(doc, pointer),
        message: 'the number is too large to read: beyond about 1.8e308 it reads as Infinity',
        found: 'a number beyond 1.8e308',
        expected: 'a number of ordinary size',
      });
      continue;
    }
    problems.push({
      code: `${code}-invalid`,
      file: doc.file,
      pointer,
      ...positionOf(doc, pointer),
      message:
        issue.code === 'invalid_type' && found === undefined ? 'required value is missing' : issue.message,
      found: describeValue(found),
      expected: expectedOf(issue),
    });
  }
  return problems;
}
