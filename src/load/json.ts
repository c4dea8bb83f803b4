/** Reads a JSON file with positions: syntax errors carry line and column, and every value its JSON pointer. */
import type { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { evaluate, parse } from '@humanwhocodes/momoa';
import { InputError, type InputProblem } from './errors.js';
import { jsonSyntaxError, rawControlInString } from './json-syntax.js';
import { assertText } from './sniff.js';

/** A 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

/** A parsed JSON document, its raw text, and the position of every value by JSON pointer. */
export interface JsonDocument {
  file: string;
  text: string;
  value: unknown;
  positions: Map<string, Position>;
}

/** Keys that could reach an object's prototype if any code copied them naively. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Escapes one reference token of a JSON pointer (RFC 6901). */
export function escapePointerToken(token: string | number): string {
  return String(token).replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Joins reference tokens into a JSON pointer. */
export function toPointer(path: readonly (string | number | symbol)[]): string {
  return path.map((t) => `/${escapePointerToken(String(t))}`).join('');
}

type Node = ReturnType<typeof parse>['body'];

/** Reads and parses a JSON file; throws InputError on a missing file, a syntax error, or a forbidden key. */
export function readJsonFile(file: string): JsonDocument {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError([
      {
        code: code === 'ENOENT' ? 'file-not-found' : 'file-unreadable',
        file,
        message: code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? 'unknown error'})`,
        hint:
          code === 'ENOENT' ? 'Check the path; relative paths start from the current directory.' : undefined,
      },
    ]);
  }
  // A compressed or UTF-16 file is named as such, not reported as a syntax error at its first byte.
  assertText(bytes.subarray(0, 8192), file, JSON_FILE);
  return parseJsonText(file, bytes.toString('utf8'));
}

const JSON_FILE = { code: 'file-not-text', noun: 'file', expected: 'a JSON file in UTF-8 text' };

/**
 * Parses JSON text; see readJsonFile. Well-formed text with no forbidden or repeated key, the usual case, is
 * parsed by JSON.parse, and its positions only when first asked for (a problem to locate): momoa's parse of the
 * bundled rule packs' 100 KB took 25 ms of every audit, JSON.parse's under 1 ms. Anything else takes momoa's
 * path from the start, which finds and places every problem.
 */
export function parseJsonText(file: string, text: string): JsonDocument {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Before any parser: momoa's (and each reader's after it) recursion overflows the stack on deep nesting.
  const deep = tooDeep(body, MAX_JSON_DEPTH);
  if (deep) {
    throw new InputError([
      {
        code: 'json-too-deep',
        file,
        ...deep,
        message: `the JSON nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`,
        expected: `at most ${MAX_JSON_DEPTH} levels of nested arrays and objects`,
        found: `a bracket opening level ${MAX_JSON_DEPTH + 1}`,
        hint: 'No input of tallycheck nests this deep; the file is likely not what was meant to be read.',
      },
    ]);
  }
  const value = plainJson(body);
  if (value === NOT_PLAIN) return parsePositioned(file, text, body);
  let positions: Map<string, Position> | undefined;
  return {
    file,
    text,
    value,
    get positions() {
      positions ??= parsePositioned(file, text, body).positions;
      return positions;
    },
  };
}

/** Deepest nesting of arrays and objects a JSON file may have: far beyond any dataset, mapping or rule. */
export const MAX_JSON_DEPTH = 256;

/**
 * The line and column (1-based) of the first bracket that opens a level beyond `limit`, outside strings, or
 * null when the text nests no deeper. Malformed text is scanned the same way: its depth is checked first.
 */
export function tooDeep(body: string, limit: number): Position | null {
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  const n = body.length;
  for (let i = 0; i < n; i++) {
    const c = body.charCodeAt(i);
    if (c === 0x0a) {
      line++;
      lineStart = i + 1;
    } else if (c === 0x22) {
      // To the closing quote, past escapes (a string holds no raw line break in valid JSON).
      for (i++; i < n; i++) {
        const s = body.charCodeAt(i);
        if (s === 0x5c) i++;
        else if (s === 0x22) break;
        else if (s === 0x0a) {
          line++;
          lineStart = i + 1;
        }
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return { line, column: i - lineStart + 1 };
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return null;
}

const NOT_PLAIN = Symbol('not plain JSON');

/**
 * The value of JSON text that JSON.parse reads and that has no forbidden key and no key twice in one object
 * (which JSON.parse would let through: the last copy wins); NOT_PLAIN otherwise. A repeat is found by counting:
 * in well-formed JSON every string followed by a colon is a key, and the parsed objects hold as many keys as
 * the text has unless some repeat.
 */
function plainJson(body: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return NOT_PLAIN;
  }
  let keys = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const item of node) stack.push(item);
      continue;
    }
    for (const key of Object.keys(node)) {
      if (FORBIDDEN_KEYS.has(key)) return NOT_PLAIN;
      keys++;
      stack.push((node as Record<string, unknown>)[key]);
    }
  }
  return keys === keysInText(body) ? value : NOT_PLAIN;
}

/** The strings followed by a colon in well-formed JSON text: its objects' keys, repeats included. */
function keysInText(body: string): number {
  let keys = 0;
  const n = body.length;
  for (let i = 0; i < n; i++) {
    if (body.charCodeAt(i) !== 0x22) continue;
    // To the closing quote, past escapes.
    for (i++; i < n; i++) {
      const c = body.charCodeAt(i);
      if (c === 0x5c) i++;
      else if (c === 0x22) break;
    }
    let j = i + 1;
    while (j < n && isJsonSpace(body.charCodeAt(j))) j++;
    if (body.charCodeAt(j) === 0x3a) keys++;
  }
  return keys;
}

function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * Parses JSON text (`body`: without its byte order mark) with momoa: every value's position, and every problem
 * in place. parseJsonText gives the same document, or throws the same problems.
 */
export function parsePositioned(file: string, text: string, body: string): JsonDocument {
  let ast: ReturnType<typeof parse>;
  try {
    ast = parse(body, { mode: 'json' });
  } catch (error) {
    // momoa says where, in its token names ("Unexpected token RBrace found."); jsonSyntaxError says what was
    // found there and what was expected, in characters. momoa's own words only if that finds nothing.
    const e = error as Error & { line?: number; column?: number };
    const found = jsonSyntaxError(body) ?? {
      line: e.line,
      column: e.column,
      message: e.message.replace(/\s*\(\d+:\d+\)\s*$/, ''),
      hint: 'Fix the JSON syntax (a missing comma, quote or bracket is the usual cause).',
    };
    throw new InputError([
      { code: 'json-syntax', file, ...found, message: `malformed JSON: ${found.message}` },
    ]);
  }
  const control = rawControlInString(body);
  if (control) {
    throw new InputError([
      { code: 'json-syntax', file, ...control, message: `malformed JSON: ${control.message}` },
    ]);
  }
  const positions = new Map<string, Position>();
  const problems: InputProblem[] = [];
  walk(ast.body, '', positions, problems, file);
  if (problems.length > 0) throw new InputError(problems);
  return { file, text, value: evaluate(ast), positions };
}

function walk(
  node: Node,
  pointer: string,
  positions: Map<string, Position>,
  problems: InputProblem[],
  file: string,
) {
  positions.set(pointer, { line: node.loc.start.line, column: node.loc.start.column });
  if (node.type === 'Object') {
    const seen = new Set<string>();
    for (const member of node.members) {
      const key = member.name.type === 'String' ? member.name.value : member.name.name;
      const child = `${pointer}/${escapePointerToken(key)}`;
      const at = { line: member.name.loc.start.line, column: member.name.loc.start.column };
      if (FORBIDDEN_KEYS.has(key)) {
        problems.push({
          code: 'json-forbidden-key',
          file,
          pointer: child,
          ...at,
          message: `the key "${key}" is not allowed`,
          hint: 'Keys that name object internals are rejected so no input can alter the program; rename it.',
        });
        continue;
      }
      if (seen.has(key)) {
        problems.push({
          code: 'json-duplicate-key',
          file,
          pointer: child,
          ...at,
          message: `the key "${key}" appears twice in the same object`,
          hint: 'JSON readers disagree on which copy wins; keep one.',
        });
      }
      seen.add(key);
      walk(member.value, child, positions, problems, file);
    }
  } else if (node.type === 'Array') {
    node.elements.forEach((element, index) => {
      walk(element.value, `${pointer}/${index}`, positions, problems, file);
    });
  }
}
