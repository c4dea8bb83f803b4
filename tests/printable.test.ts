/** Text from inputs shown without control characters: what a terminal, a CI log or `cat` would act on. */
import { describe, expect, it } from 'vitest';
import { printable, terminalText } from '../src/printable.js';
import { controlsIn } from './helpers/controls.js';

describe('printable', () => {
  it('shows every C0 and C1 control, DEL, bidirectional control and line separator as an escape', () => {
    expect(printable('North\r\u001b[32mgate: pass\u001b[0m')).toBe('North\\r\\u001b[32mgate: pass\\u001b[0m');
    expect(printable('a\nb\tc\u0000d\u0007e\u007ff\u0085g\u009bh')).toBe(
      'a\\nb\\tc\\u0000d\\u0007e\\u007ff\\u0085g\\u009bh',
    );
    expect(printable('x\u202ey\u2066z\u2069\u200e\u200f\u2028\u2029')).toBe(
      'x\\u202ey\\u2066z\\u2069\\u200e\\u200f\\u2028\\u2029',
    );
  });

  it('leaves other text as it is, and is idempotent', () => {
    const plain = 'Région Île-de-France — 92.05% «Ильхам Алиев» 北京 🇦🇿 "quoted" \\u001b';
    expect(printable(plain)).toBe(plain);
    const once = printable('a\r\u001b[2Jb\u202e');
    expect(printable(once)).toBe(once);
    // Every code unit that is left is printable.
    for (let c = 0; c < 0x3000; c++) {
      expect(controlsIn(printable(String.fromCharCode(c)), '')).toEqual([]);
    }
  });
});

describe('terminalText', () => {
  it('keeps line feeds and tabs, and escapes the rest', () => {
    expect(terminalText('line 1\n\tline 2\r\u001b[1A\u202e\n')).toBe(
      'line 1\n\tline 2\\r\\u001b[1A\\u202e\n',
    );
  });
});
