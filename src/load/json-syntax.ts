/**
 * Words a JSON syntax error for people: where it is, what was found (characters, not a parser's token names) and
 * what was expected there ("expected ',' or '}' after a property value, found a string").
 */
import type { Position } from './json.js';

/** A syntax error: its place (1-based), its message, and how to fix it. */
export interface JsonSyntaxError extends Position {
  message: string;
  hint?: string;
}

/** Thrown inside the scanner at the first error; jsonSyntaxError returns its content. */
class Stop {
  constructor(readonly error: JsonSyntaxError) {}
}

/** An object or array the scanner is inside: its kind and the index of its opening bracket. */
interface Open {
  kind: 'object' | 'array';
  at: number;
}

const CLOSER = { object: '}', array: ']' } as const;
const WORD = /[A-Za-z_$][\w$]*/y;

/**
 * The first syntax error of JSON text (without its byte order mark) under RFC 8259, or null when there is none.
 * It is called once momoa has refused the text, to say why; nesting depth has been checked before (json.ts), so
 * its recursion stays shallow. Like momoa, it lets a control character other than a line break stand in a
 * string: a line break there reads as a string not closed, the usual cause.
 */
export function jsonSyntaxError(text: string): JsonSyntaxError | null {
  try {
    new Scanner(text).document();
    return null;
  } catch (error) {
    if (error instanceof Stop) return error.error;
    throw error;
  }
}

class Scanner {
  private i = 0;
  private readonly open: Open[] = [];

  constructor(private readonly text: string) {}

  document(): void {
    this.space();
    if (this.i >= this.text.length) {
      const empty = this.text.length === 0 ? 'an empty file' : 'a file of white space only';
      this.fail(
        0,
        `expected a JSON value, found ${empty}`,
        "Each of tallycheck's files (a dataset, mapping, rule or baseline) holds one JSON object: { ... }.",
      );
    }
    this.value('a JSON value');
    const end = this.i;
    this.space();
    const c = this.text[this.i];
    if (c === undefined) return;
    const ended = this.place(end - 1);
    if (c === '}' || c === ']') {
      this.fail(
        this.i,
        `'${c}' closes nothing: the JSON value ended before it, at ${ended}`,
        'Remove it, or look before it for a bracket closed too early.',
      );
    }
    this.fail(
      this.i,
      `expected the end of the file after the JSON value (ended at ${ended}), found ${this.found()}`,
      'A JSON file holds one value: remove what follows it, or gather the values in an array [ ... ].',
    );
  }

  /** Reads a value; `expected` words what was expected here, for the error when there is none. */
  private value(expected: string): void {
    const c = this.text[this.i];
    const word = this.word();
    if (c === '{') this.container('object');
    else if (c === '[') this.container('array');
    else if (c === '"') this.string();
    else if (c === '-' || isDigit(c)) this.number();
    else if (word === 'true' || word === 'false' || word === 'null') this.i += word.length;
    else if (c === undefined) this.endOfFile();
    else this.notAValue(c, word, expected);
  }

  private notAValue(c: string, word: string | undefined, expected: string): never {
    if (c === "'") this.singleQuote();
    let hint: string | undefined;
    if (word !== undefined && ['true', 'false', 'null'].includes(word.toLowerCase())) {
      hint = 'JSON writes true, false and null in lower case.';
    } else if (word === 'NaN' || word === 'Infinity' || word === 'undefined') {
      hint = `JSON has no ${word}: write null instead.`;
    } else if (word !== undefined) {
      hint = `Text is written in double quotes: "${word}".`;
    } else if (c === '+') {
      hint = 'JSON numbers take no plus sign: write 1, not +1.';
    } else if (c === '.') {
      hint = 'A number starts with a digit: write 0.5, not .5.';
    } else if (c === ',') {
      hint = 'Remove the extra comma.';
    }
    this.fail(this.i, `expected ${expected}, found ${this.found()}`, hint);
  }

  /** Reads an object or an array, its opening bracket at the current index. */
  private container(kind: Open['kind']): void {
    const close = CLOSER[kind];
    this.open.push({ kind, at: this.i });
    this.i++;
    this.space();
    let after = kind === 'object' ? "'{'" : "'['";
    while (this.text[this.i] !== close) {
      if (kind === 'object') this.property(after);
      else this.value(after === "'['" ? "a value or ']' after '['" : "a value after ','");
      const end = this.i;
      this.space();
      if (this.text[this.i] === close) break;
      if (this.text[this.i] !== ',') this.afterItem(kind, end);
      const comma = this.i++;
      this.space();
      if (this.text[this.i] === close) {
        this.fail(
          comma,
          `a trailing comma before '${close}' is not allowed in JSON`,
          `Remove this comma, or write the ${kind === 'object' ? 'property' : 'element'} that was to follow it.`,
        );
      }
      after = "','";
    }
    this.i++;
    this.open.pop();
  }

  /** Reads a property, after `after` ("'{'" or "','"): its name in double quotes, ':', and its value. */
  private property(after: string): void {
    const c = this.text[this.i];
    if (c === undefined) this.endOfFile();
    if (c === "'") this.singleQuote();
    const word = this.word();
    if (word !== undefined) {
      this.fail(
        this.i,
        `a property name without quotes: ${word}`,
        `Property names are written in double quotes: "${word}".`,
      );
    }
    if (c !== '"') {
      this.fail(
        this.i,
        `expected a property name in double quotes${after === "'{'" ? " or '}'" : ''} after ${after}, found ${this.found()}`,
        c === ',' ? 'Remove the extra comma.' : undefined,
      );
    }
    const key = this.string();
    this.space();
    if (this.text[this.i] !== ':') {
      if (this.text[this.i] === undefined) this.endOfFile();
      this.fail(
        this.i,
        `expected ':' after the property name ${key}, found ${this.found()}`,
        `A property is written ${key}: value.`,
      );
    }
    this.i++;
    this.space();
    this.value(`a value for the property ${key} after ':'`);
  }

  /** Fails where a ',' or the closing bracket of `kind` was expected after an item ending at `end`. */
  private afterItem(kind: Open['kind'], end: number): never {
    const c = this.text[this.i];
    if (c === undefined) this.endOfFile();
    const item = kind === 'object' ? 'a property value' : 'an array element';
    const message = `expected ',' or '${CLOSER[kind]}' after ${item}, found ${this.found()}`;
    const open = this.open[this.open.length - 1] as Open;
    if (c === '}' || c === ']') {
      this.fail(
        this.i,
        message,
        `'${c}' closes ${c === '}' ? 'an object' : 'an array'}, but the innermost one open here is the ${kind} ` +
          `opened at ${this.place(open.at)}, which '${CLOSER[kind]}' closes.`,
      );
    }
    const startsValue =
      c === '"' || c === '{' || c === '[' || c === '-' || isDigit(c) || this.word() !== undefined;
    this.fail(
      this.i,
      message,
      startsValue ? `A comma is missing after the value that ends at ${this.place(end - 1)}.` : undefined,
    );
  }

  /** Reads a string and returns it as written, quotes included (shortened past 40 characters). */
  private string(): string {
    const start = this.i;
    const text = this.text;
    for (this.i++; ; this.i++) {
      const c = text[this.i];
      if (c === undefined) {
        this.fail(
          start,
          'the string that starts here is not closed before the end of the file',
          `Close it with '"'.`,
        );
      }
      if (c === '\n' || c === '\r') {
        this.fail(
          start,
          'the string that starts here is not closed on its line',
          `Close it with '"'; a line break inside a string is written \\n.`,
        );
      }
      if (c === '"') break;
      if (c === '\\') {
        const next = text[this.i + 1];
        if (next !== undefined && '"\\/bfnrt'.includes(next)) {
          this.i++;
        } else if (next === 'u') {
          if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(this.i + 2, this.i + 6))) {
            this.fail(this.i, "'\\u' in a string takes four hexadecimal digits (\\u00e9 for é)");
          }
          this.i += 5;
        } else {
          this.fail(
            this.i,
            `unknown escape '\\${next ?? ''}' in a string`,
            'JSON knows \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX; a backslash itself is written \\\\.',
          );
        }
      }
    }
    this.i++;
    const written = text.slice(start, this.i);
    return written.length > 40 ? `${written.slice(0, 36)}..."` : written;
  }

  private number(): void {
    const text = this.text;
    const start = this.i;
    if (text[this.i] === '-') this.i++;
    if (!isDigit(text[this.i])) this.fail(this.i, `expected a digit after '-', found ${this.found()}`);
    if (text[this.i] === '0' && isDigit(text[this.i + 1])) {
      while (isDigit(text[this.i])) this.i++;
      this.fail(
        start,
        `a number with a leading zero: ${text.slice(start, this.i)}`,
        'Write 7, not 07; a code whose zeros matter is text: "07".',
      );
    }
    while (isDigit(text[this.i])) this.i++;
    if (text[this.i] === '.') {
      this.i++;
      if (!isDigit(text[this.i])) {
        this.fail(
          this.i,
          `expected a digit after the decimal point, found ${this.found()}`,
          'Write 1.0 or 1, not 1.',
        );
      }
      while (isDigit(text[this.i])) this.i++;
    }
    if (text[this.i] === 'e' || text[this.i] === 'E') {
      this.i++;
      if (text[this.i] === '+' || text[this.i] === '-') this.i++;
      if (!isDigit(text[this.i])) {
        this.fail(this.i, `expected a digit in the number's exponent, found ${this.found()}`);
      }
      while (isDigit(text[this.i])) this.i++;
    }
  }

  /** Skips JSON whitespace; a comment is an error. */
  private space(): void {
    const text = this.text;
    for (;;) {
      const c = text[this.i];
      if (c === ' ' || c === '\n' || c === '\r' || c === '\t') this.i++;
      else if (c === '/' && (text[this.i + 1] === '/' || text[this.i + 1] === '*')) {
        this.fail(
          this.i,
          `a comment (${text[this.i + 1] === '/' ? '//' : '/*'}): JSON has no comments`,
          'Remove it, from "//" to the end of the line, or from "/*" to "*/".',
        );
      } else return;
    }
  }

  private singleQuote(): never {
    this.fail(
      this.i,
      'a string in single quotes: JSON strings take double quotes',
      `Write "text", not 'text'.`,
    );
  }

  /** Fails at the end of the file inside an object or array (an empty file is the document's). */
  private endOfFile(): never {
    let end = this.text.length;
    while (end > 0 && /\s/.test(this.text[end - 1] as string)) end--;
    const open = this.open[this.open.length - 1];
    if (open === undefined) this.fail(end, 'expected a JSON value, found the end of the file');
    // The brackets still open around it, innermost first: "}" or "]}".
    const around = this.open
      .slice(0, -1)
      .reverse()
      .map((o) => CLOSER[o.kind])
      .join('');
    this.fail(
      end,
      `the file ends before the ${open.kind} opened at ${this.place(open.at)} is closed`,
      `Close it with '${CLOSER[open.kind]}'${around ? `, then what it is in with '${around}'` : ''}.`,
    );
  }

  /** The word (letters, digits, _ and $, not starting with a digit) at the current index, if any. */
  private word(): string | undefined {
    WORD.lastIndex = this.i;
    return WORD.exec(this.text)?.[0];
  }

  /** What is at the current index, in words: "a string", "a number", "'}'", "'True'", "the end of the file". */
  private found(): string {
    const c = this.text[this.i];
    if (c === undefined) return 'the end of the file';
    if (c === '"') return 'a string';
    if (c === '-' || isDigit(c)) return 'a number';
    const word = this.word();
    if (word !== undefined) return `'${word.length > 20 ? `${word.slice(0, 20)}...` : word}'`;
    const code = this.text.codePointAt(this.i) as number;
    if (code > 0x20 && code < 0x7f) return `'${c}'`;
    return `the character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }

  /** "line 3, column 12" for an index. */
  private place(index: number): string {
    const { line, column } = positionAt(this.text, index);
    return `line ${line}, column ${column}`;
  }

  private fail(index: number, message: string, hint?: string): never {
    throw new Stop({ ...positionAt(this.text, index), message, ...(hint !== undefined ? { hint } : {}) });
  }
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

const CONTROL_NAMES: Record<number, string> = { 9: 'a tab', 10: 'a line break', 13: 'a carriage return' };
const ESCAPES: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };

/**
 * The first control character (U+0000 to U+001F) standing unescaped inside a string of JSON text that momoa has
 * accepted, or null: RFC 8259 allows none there and JSON.parse (like jq or Python) refuses the file, but momoa
 * reads a line break or a tab in a string as itself, so such a file would validate here and fail elsewhere.
 */
export function rawControlInString(text: string): JsonSyntaxError | null {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!inString) {
      if (c === 0x22) inString = true;
      continue;
    }
    if (c === 0x5c) i++;
    else if (c === 0x22) inString = false;
    else if (c < 0x20) {
      const code = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
      const name = CONTROL_NAMES[c] ? `${CONTROL_NAMES[c]} (${code})` : `the control character ${code}`;
      const escaped = ESCAPES[c] ?? `\\u${c.toString(16).padStart(4, '0')}`;
      return {
        ...positionAt(text, i),
        message: `found ${name} written as itself inside a string, where JSON expects it escaped`,
        hint: `Write it escaped, as ${escaped}, or remove it: JSON allows no raw control character in a string.`,
      };
    }
  }
  return null;
}

/** The 1-based line and column (in UTF-16 code units, as momoa's and tooDeep's) of an index in the text. */
export function positionAt(text: string, index: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: index - lineStart + 1 };
}
