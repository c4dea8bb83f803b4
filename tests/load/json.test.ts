/** JSON documents: JSON.parse for plain text, momoa's positions when asked for, and the same problems either way. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/load/errors.js';
import { type JsonDocument, parseJsonText, parsePositioned } from '../../src/load/json.js';

/**
 * What a parse gives: the value, or the problems thrown. Not the positions: the fast path takes momoa's when
 * they are asked for, so comparing them would compare momoa with itself (a test below checks they are there).
 */
function outcome(parse: () => JsonDocument) {
  let doc: JsonDocument;
  try {
    doc = parse();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { problems: error.problems };
  }
  return { value: doc.value };
}

const both = (text: string) => ({
  fast: outcome(() => parseJsonText('f.json', text)),
  momoa: outcome(() => parsePositioned('f.json', text, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)),
});

describe('parseJsonText', () => {
  it('gives the value momoa gives, for any JSON document, however laid out', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2, '\t'), (value, indent) => {
        const { fast, momoa } = both(JSON.stringify(value, null, indent));
        expect(fast).toEqual(momoa);
      }),
      { numRuns: 300 },
    );
  });

  it('throws the problems momoa finds: repeated and forbidden keys, syntax errors', () => {
    const texts = [
      '{"a": 1, "a": 2}',
      '{"x": [{"k": 1}, {"k": 2, "k" : 3}]}',
      '{"a\\"b": 1, "a\\"b": 2}',
      '{"s": "a\\":", "s2": ":"}',
      '{"__proto__": {"polluted": true}}',
      '[{"ok": 1}, {"constructor": 1}]',
      '{"prototype": 1, "b": {"b": 1}}',
      '{"a": 1,}',
      '{"a": 1',
      '\uFEFF{"a": "x", "a": "y"}',
      '"text"',
      '',
    ];
    for (const text of texts) {
      const { fast, momoa } = both(text);
      expect(fast, text).toEqual(momoa);
    }
    expect(both('{"a": 1, "a": 2}').fast.problems?.[0]?.code).toBe('json-duplicate-key');
    expect(both('{"__proto__": {}}').fast.problems?.[0]?.code).toBe('json-forbidden-key');
    // A colon inside a string is not a key's: no repeat here.
    expect(both('{"s": "a\\":", "t": "b :"}').fast.value).toEqual({ s: 'a":', t: 'b :' });
  });

  it('gives the positions momoa gives when they are asked for', () => {
    const doc = parseJsonText('f.json', '{\n  "a": [1,\n    {"b": 2}]\n}');
    expect(doc.value).toEqual({ a: [1, { b: 2 }] });
    expect(doc.positions.get('/a/1/b')).toEqual({ line: 3, column: 11 });
  });
});
