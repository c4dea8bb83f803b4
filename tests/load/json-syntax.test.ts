/**
 * JSON syntax errors in words: the place, what was found (characters, not momoa's token names) and what was
 * expected there; and an error for every text momoa refuses.
 */
import { parse } from '@humanwhocodes/momoa';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError, type InputProblem } from '../../src/load/errors.js';
import { parseJsonText } from '../../src/load/json.js';
import { jsonSyntaxError } from '../../src/load/json-syntax.js';

function problems(text: string): InputProblem[] {
  try {
    parseJsonText('f.json', text);
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
  return [];
}

const MISSING = 'A comma is missing after the value that ends at';
const TRAILING = 'Remove this comma, or write the property that was to follow it.';
const UNCLOSED_LINE = `Close it with '"'; a line break inside a string is written \\n.`;
const SINGLE = `Write "text", not 'text'.`;
const COMMENT = 'Remove it, from "//" to the end of the line, or from "/*" to "*/".';
const EMPTY =
  "Each of tallycheck's files (a dataset, mapping, rule or baseline) holds one JSON object: { ... }.";

// [case, text, line, column, message after "malformed JSON: ", hint]
const cases: [string, string, number, number, string, string | undefined][] = [
  [
    'a missing comma between properties',
    '{\n  "a": 1,\n  "b": "x" "c": 2\n}',
    3,
    12,
    "expected ',' or '}' after a property value, found a string",
    `${MISSING} line 3, column 10.`,
  ],
  [
    'a missing comma at the end of a line',
    '{\n  "a": 1\n  "b": 2\n}',
    3,
    3,
    "expected ',' or '}' after a property value, found a string",
    `${MISSING} line 2, column 8.`,
  ],
  [
    'a missing comma between elements',
    '[1 2]',
    1,
    4,
    "expected ',' or ']' after an array element, found a number",
    `${MISSING} line 1, column 2.`,
  ],
  [
    'a trailing comma in an object',
    '{\n  "a": 1,\n  "b": 2,\n}\n',
    3,
    9,
    "a trailing comma before '}' is not allowed in JSON",
    TRAILING,
  ],
  [
    'a trailing comma in an array',
    '[1, 2,]',
    1,
    6,
    "a trailing comma before ']' is not allowed in JSON",
    'Remove this comma, or write the element that was to follow it.',
  ],
  [
    'a string not closed on its line',
    '{\n  "id": "abc,\n  "title": "x"\n}',
    2,
    9,
    'the string that starts here is not closed on its line',
    UNCLOSED_LINE,
  ],
  [
    'a string not closed at the end of the file',
    '{"a": "abc',
    1,
    7,
    'the string that starts here is not closed before the end of the file',
    `Close it with '"'.`,
  ],
  [
    'an object not closed at the end of the file',
    '{\n  "a": 1\n',
    2,
    9,
    'the file ends before the object opened at line 1, column 1 is closed',
    "Close it with '}'.",
  ],
  [
    'an array not closed, inside an object',
    '{\n  "a": [1, {"b": 2}\n\n',
    2,
    20,
    'the file ends before the array opened at line 2, column 8 is closed',
    "Close it with ']', then what it is in with '}'.",
  ],
  [
    'the file ends after a comma',
    '[1,',
    1,
    4,
    'the file ends before the array opened at line 1, column 1 is closed',
    "Close it with ']'.",
  ],
  [
    'a property name in single quotes',
    "{'a': 1}",
    1,
    2,
    'a string in single quotes: JSON strings take double quotes',
    SINGLE,
  ],
  [
    'a value in single quotes',
    '{"a": \'x\'}',
    1,
    7,
    'a string in single quotes: JSON strings take double quotes',
    SINGLE,
  ],
  ['a line comment', '{\n  // note\n  "a": 1\n}', 2, 3, 'a comment (//): JSON has no comments', COMMENT],
  [
    'a comment after a value',
    '{\n  "a": 1 // note\n}',
    2,
    10,
    'a comment (//): JSON has no comments',
    COMMENT,
  ],
  ['a block comment', '{ /* x */ "a": 1}', 1, 3, 'a comment (/*): JSON has no comments', COMMENT],
  ['an empty file', '', 1, 1, 'expected a JSON value, found an empty file', EMPTY],
  ['a file of white space', ' \n\n', 1, 1, 'expected a JSON value, found a file of white space only', EMPTY],
  [
    'a property name without quotes',
    '{a: 1}',
    1,
    2,
    'a property name without quotes: a',
    'Property names are written in double quotes: "a".',
  ],
  [
    'a missing colon',
    '{"a" 1}',
    1,
    6,
    `expected ':' after the property name "a", found a number`,
    'A property is written "a": value.',
  ],
  [
    'a missing value',
    '{"a": }',
    1,
    7,
    `expected a value for the property "a" after ':', found '}'`,
    undefined,
  ],
  [
    'a literal in capitals',
    '{"a": True}',
    1,
    7,
    `expected a value for the property "a" after ':', found 'True'`,
    'JSON writes true, false and null in lower case.',
  ],
  [
    'a word without quotes',
    '{"a": yes}',
    1,
    7,
    `expected a value for the property "a" after ':', found 'yes'`,
    'Text is written in double quotes: "yes".',
  ],
  [
    'NaN',
    '[NaN]',
    1,
    2,
    "expected a value or ']' after '[', found 'NaN'",
    'JSON has no NaN: write null instead.',
  ],
  [
    'a closing bracket of the wrong kind',
    '[1, 2}',
    1,
    6,
    "expected ',' or ']' after an array element, found '}'",
    "'}' closes an object, but the innermost one open here is the array opened at line 1, column 1, which ']' closes.",
  ],
  [
    'a bracket that closes nothing',
    '{"a": {"b": 1}}}',
    1,
    16,
    "'}' closes nothing: the JSON value ended before it, at line 1, column 15",
    'Remove it, or look before it for a bracket closed too early.',
  ],
  [
    'a second value',
    '{} {}',
    1,
    4,
    "expected the end of the file after the JSON value (ended at line 1, column 2), found '{'",
    'A JSON file holds one value: remove what follows it, or gather the values in an array [ ... ].',
  ],
  ['a double comma', '[1,,2]', 1, 4, "expected a value after ',', found ','", 'Remove the extra comma.'],
  [
    'a leading zero',
    '[01]',
    1,
    2,
    'a number with a leading zero: 01',
    'Write 7, not 07; a code whose zeros matter is text: "07".',
  ],
  [
    'a number ending in a point',
    '[1.]',
    1,
    4,
    "expected a digit after the decimal point, found ']'",
    'Write 1.0 or 1, not 1.',
  ],
  [
    'a Windows path in a string',
    '{"path": "C:\\data"}',
    1,
    13,
    "unknown escape '\\d' in a string",
    'JSON knows \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX; a backslash itself is written \\\\.',
  ],
  [
    'a no-break space',
    '[\u00a0]',
    1,
    2,
    "expected a value or ']' after '[', found the character U+00A0",
    undefined,
  ],
];

// Control characters written as themselves inside a string: momoa reads them, JSON.parse (and jq, Python) refuse.
const controls: [string, string, number, number, string, string][] = [
  ['a line break in a string', '{"a": "x\ny"}', 1, 9, 'a line break (U+000A)', '\\n'],
  ['a tab in a string', '{\n  "a": ["ok", "x\ty"]\n}', 2, 17, 'a tab (U+0009)', '\\t'],
  ['U+0001 in a key', '{"a\u0001b": 1}', 1, 4, 'the control character U+0001', '\\u0001'],
];

describe('control characters in strings', () => {
  it.each(controls)('%s', (_name, text, line, column, what, escaped) => {
    expect(problems(text)).toEqual([
      {
        code: 'json-syntax',
        file: 'f.json',
        line,
        column,
        message: `malformed JSON: found ${what} written as itself inside a string, where JSON expects it escaped`,
        hint: `Write it escaped, as ${escaped}, or remove it: JSON allows no raw control character in a string.`,
      },
    ]);
  });

  it('accepts them escaped', () => {
    expect(problems('{"a": "x\\ny\\t\\u0001"}')).toEqual([]);
  });
});

describe('JSON syntax errors', () => {
  it.each(cases)('%s', (_name, text, line, column, message, hint) => {
    expect(problems(text)).toEqual([
      {
        code: 'json-syntax',
        file: 'f.json',
        line,
        column,
        message: `malformed JSON: ${message}`,
        ...(hint !== undefined ? { hint } : {}),
      },
    ]);
  });

  it('places errors after a byte order mark as in the text without it', () => {
    expect(problems('\uFEFF{"a": 1,}')[0]).toMatchObject({ line: 1, column: 8 });
  });

  // Damaged documents: a character dropped, or one of JSON's own inserted, anywhere.
  const damaged = fc
    .tuple(
      fc.jsonValue({ maxDepth: 3 }),
      fc.constantFrom(undefined, 2),
      fc.nat(),
      fc.option(fc.constantFrom(',', ':', '{', '}', '[', ']', '"', "'", '/', ' ', 'x', '0', '\n')),
    )
    .map(([value, indent, at, insert]) => {
      const text = JSON.stringify(value, null, indent);
      const i = at % (text.length + 1);
      return insert === null
        ? text.slice(0, i) + text.slice(i + 1)
        : text.slice(0, i) + insert + text.slice(i);
    });

  it('finds an error in every text momoa refuses, and none in any JSON.parse reads', () => {
    fc.assert(
      fc.property(damaged, (text) => {
        let momoaRefuses = false;
        try {
          parse(text, { mode: 'json' });
        } catch {
          momoaRefuses = true;
        }
        let jsonReads = true;
        try {
          JSON.parse(text);
        } catch {
          jsonReads = false;
        }
        const error = jsonSyntaxError(text);
        if (momoaRefuses) expect(error, text).not.toBeNull();
        if (jsonReads) expect(error, text).toBeNull();
        // What a file may hold is what JSON.parse reads: no syntax problem for it, one for anything else.
        const syntax = problems(text).some((p) => p.code === 'json-syntax');
        expect(syntax, text).toBe(!jsonReads);
      }),
      { numRuns: 2000 },
    );
  });

  it("never words an error in momoa's token names", () => {
    fc.assert(
      fc.property(damaged, (text) => {
        for (const p of problems(text).filter((p) => p.code === 'json-syntax')) {
          expect(p.message, text).not.toMatch(
            /Unexpected|\b(String|Number|[LR]Brace|[LR]Bracket|Comma|Colon)\b/,
          );
          expect(p.line, text).toBeGreaterThan(0);
          expect(p.column, text).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
