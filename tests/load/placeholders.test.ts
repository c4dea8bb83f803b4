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

  describe('in a rule naming an unknown fact', () => {
    // The condition's fact was renamed by mistake; the message still prints the real one.
    const RENAMED = { all: [{ fact: 'shareSums', operator: 'differsBeyondRounding', value: 100 }] };
    const renamed = (message: string) =>
      problemsOf(pack(RENAMED, { scope: 'release', message })).map(({ code, message, expected, hint }) => ({
        code,
        message,
        expected,
        hint,
      }));
    const UNKNOWN_FACT = {
      code: 'rule-unknown-fact',
      message: 'unknown fact "shareSums"',
      expected: undefined,
      hint: expect.stringMatching(/^Known facts with a similar name: "shareSum"\. /),
    };

    it('a placeholder naming the fact the unknown one was likely meant to be adds no problem', () => {
      expect(renamed('The shares sum to {shareSum}%.')).toEqual([UNKNOWN_FACT]);
    });

    it('a placeholder naming the unknown fact itself adds no problem', () => {
      expect(renamed('The shares sum to {shareSums}%.')).toEqual([UNKNOWN_FACT]);
      expect(renamed('The shares sum to {shareSums.value}%.')).toEqual([UNKNOWN_FACT]);
    });

    it('other placeholders are checked, and the unknown fact is never offered', () => {
      expect(renamed('{shareSum.valeu} {turnoutRatio} {releaseId}')).toEqual([
        UNKNOWN_FACT,
        {
          code: 'rule-unknown-placeholder',
          message: 'placeholder "{shareSum.valeu}": the value of fact "shareSum" has no member "valeu"',
          expected: '{shareSum} or one of its members "value", "plusMinus"',
          hint: 'Known members with a similar name: "value".',
        },
        {
          code: 'rule-unknown-placeholder',
          message: 'unknown placeholder "{turnoutRatio}"',
          expected: 'one of {release}, {authority}, {subject}',
          hint: 'The rule does not use fact "turnoutRatio": add { "fact": "turnoutRatio" } to meta.evidence to print it.',
        },
        {
          code: 'rule-unknown-placeholder',
          message: 'unknown placeholder "{releaseId}"',
          expected: 'one of {release}, {authority}, {subject}',
          hint:
            'Known placeholders with a similar name: "release". A placeholder names a fact the rule uses (add it ' +
            'to meta.evidence if it is not compared) or a subject name.',
        },
      ]);
    });
  });
});
