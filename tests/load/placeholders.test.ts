/**
 * A message placeholder must print something: a name the rule offers (with the closest known one when it is
 * misspelt), and a sub-path only into a fact whose value has that member. A typo printed "n/a", and a
 * subject name with a path printed the placeholder as written.
 */
import { describe, expect, it } from 'vitest';
import { pack, problemsOf } from '../helpers/rule-pack.js';

const SUM = { all: [{ fact: 'shareSum', operator: 'differsBeyondRounding', value: 100 }] };
const problems = (message: string) =>
  problemsOf(pack(SUM, { scope: 'release', message })).map(({ code, message, found, expected, hint }) => ({
    code,
    message,
    found,
    expected,
    hint,
  }));

describe('message placeholders', () => {
  it('a sub-path into a fact value must name a member of it', () => {
    expect(problems('{shareSum.lenght}')).toEqual([
      {
        code: 'rule-unknown-placeholder',
        message: 'placeholder "{shareSum.lenght}": the value of fact "shareSum" has no member "lenght"',
        found: '{shareSum.lenght}',
        expected: '{shareSum} or one of its members "value", "plusMinus"',
        hint: undefined,
      },
    ]);
    expect(problems('{shareSum.valeu}')[0]?.hint).toBe('Known members with a similar name: "value".');
    expect(problems('{shareSum.value.x}')[0]?.expected).toBe('{shareSum.value}: it is a number');
    expect(problems('{shareSum.constructor} {shareSum.toString}')).toHaveLength(2);
    expect(problems('{shareSum.value} and {shareSum.plusMinus} in {release} by {authority}')).toEqual([]);
  });

  it('a subject name has no sub-path', () => {
    expect(problems('{release.length}')).toEqual([
      {
        code: 'rule-unknown-placeholder',
        message: 'placeholder "{release.length}": the subject name {release} has no members',
        found: '{release.length}',
        expected: '{release}',
        hint: undefined,
      },
    ]);
  });

  it('an unknown name, with the closest known name, or how to print a fact the rule does not use', () => {
    const [typo] = problems('{relase}');
    expect(typo?.hint).toMatch(/^Known placeholders with a similar name: "release"\. A placeholder names/);
    const [unused] = problems('{turnoutRatio}');
    expect(unused?.hint).toBe(
      'The rule does not use fact "turnoutRatio": add { "fact": "turnoutRatio" } to meta.evidence to print it.',
    );
  });
});
