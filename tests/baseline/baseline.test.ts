/** Baseline logic without the CLI: the canonical hash, expiry boundaries, matching and updating. */
import { describe, expect, it } from 'vitest';
import { canonicalJson, evidenceHash } from '../../src/baseline/hash.js';
import { applyBaseline, isExpired } from '../../src/baseline/match.js';
import { UNJUSTIFIED, updateBaseline } from '../../src/baseline/update.js';
import type { Finding } from '../../src/schema/report.js';

function finding(
  ruleId: string,
  subject: string,
  values: Record<string, unknown>,
  severity = 'warning',
): Finding {
  return {
    fingerprint: `${ruleId}/${subject}`,
    ruleId,
    severity: severity as Finding['severity'],
    outcome: 'failed',
    subject: { kind: 'release', id: subject, label: subject, pointer: '' },
    message: `${ruleId} on ${subject}`,
    evidence: { conditions: [], values, details: {} },
    sources: [],
    rule: { file: `${ruleId}.json`, pointer: '/conditions' },
  };
}

const entryFor = (f: Finding, extra: Record<string, unknown> = {}) => ({
  ruleId: f.ruleId,
  subject: f.subject.id,
  evidenceHash: evidenceHash(f),
  justification: 'ok',
  acceptedBy: 'me',
  pointer: '/entries/0',
  ...extra,
});

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: [2, { d: 3, c: undefined }] }, '{"a":[2,{"d":3}],"b":1}'],
    [0.1 + 0.2, '0.3'],
    [92.05, '92.05'],
    [-0, '0'],
    [Number.NaN, 'null'],
    ['text', '"text"'],
    [null, 'null'],
  ])('%j -> %s', (value, text) => {
    expect(canonicalJson(value)).toBe(text);
  });

  it('a changed value changes the hash; key order does not', () => {
    const a = finding('r', 's', { x: 1, y: { value: 92.05, plusMinus: 0.005 } });
    const b = finding('r', 's', { y: { plusMinus: 0.005, value: 92.05 }, x: 1 });
    const c = finding('r', 's', { x: 1, y: { value: 92.06, plusMinus: 0.005 } });
    expect(evidenceHash(a)).toBe(evidenceHash(b));
    expect(evidenceHash(a)).not.toBe(evidenceHash(c));
  });
});

describe('isExpired', () => {
  it.each([
    [undefined, false],
    ['2025-03-09', true],
    ['2025-03-10', false],
    ['2025-03-11', false],
  ])('expires %s on 2025-03-10 -> %s', (expires, expired) => {
    expect(isExpired({ expires }, '2025-03-10')).toBe(expired);
  });
});

describe('applyBaseline', () => {
  it('marks, keeps order, and sorts entries into matched, stale and expired', () => {
    const f1 = finding('a', 's1', { v: 1 });
    const f2 = finding('b', 's2', { v: 2 });
    const changed = finding('b', 's2', { v: 3 });
    const { findings, section } = applyBaseline(
      [f1, f2],
      [
        entryFor(f1, { expires: '2030-01-01' }),
        { ...entryFor(changed), pointer: '/entries/1' },
        { ...entryFor(f2, { expires: '2020-01-01' }), pointer: '/entries/2' },
      ],
      { file: 'b.json', today: '2025-01-01', ruleIds: new Set(['a', 'b']) },
    );
    expect(findings.map((f) => f.ruleId)).toEqual(['a', 'b']);
    expect(findings[0]?.suppression).toEqual({
      baseline: 'b.json',
      justification: 'ok',
      acceptedBy: 'me',
      expires: '2030-01-01',
    });
    expect(findings[1]?.suppression).toBeUndefined();
    expect(section.matched).toBe(1);
    expect(section.stale.map((e) => e.pointer)).toEqual(['/entries/1']);
    expect(section.expired).toEqual([
      expect.objectContaining({ pointer: '/entries/2', matchesFinding: true }),
    ]);
    expect(section.notChecked).toEqual([]);
  });

  it('an entry of a rule the run did not load is not checked: neither stale nor expired', () => {
    const f1 = finding('a', 's1', { v: 1 });
    const other = finding('screen', 's1', { v: 9 });
    const gone = finding('a', 'gone', { v: 1 });
    const { findings, section } = applyBaseline(
      [f1],
      [
        entryFor(f1),
        { ...entryFor(other), pointer: '/entries/1' },
        { ...entryFor(other, { expires: '2020-01-01' }), subject: 's2', pointer: '/entries/2' },
        { ...entryFor(gone), pointer: '/entries/3' },
      ],
      { file: 'b.json', today: '2025-01-01', ruleIds: new Set(['a']) },
    );
    expect(findings[0]?.suppression).toBeDefined();
    expect(section.entries).toBe(4);
    expect(section.matched).toBe(1);
    expect(section.notChecked?.map((e) => e.pointer)).toEqual(['/entries/1', '/entries/2']);
    expect(section.expired).toEqual([]);
    // The rule ran and its subject is gone: that entry is stale, as before.
    expect(section.stale.map((e) => e.pointer)).toEqual(['/entries/3']);
  });
});

describe('updateBaseline', () => {
  it('keeps matching entries, adds findings at the level, drops stale ones, sorts', () => {
    const kept = finding('b', 's1', { v: 1 }, 'info');
    const added = finding('a', 's2', { v: 2 }, 'warning');
    const below = finding('c', 's3', { v: 3 }, 'info');
    const { pointer: _, ...reviewed } = entryFor(kept, { justification: 'reviewed', expires: '2020-01-01' });
    const stale = { ...reviewed, subject: 'gone' };
    const update = updateBaseline(
      [kept, added, below],
      { baselineVersion: 1, entries: [reviewed, stale] },
      {
        include: (f) => f.severity !== 'info',
        acceptedBy: 'new',
        today: '2025-01-01',
        ruleIds: new Set(['a', 'b', 'c']),
      },
    );
    expect(update).toMatchObject({ kept: 1, added: 1, dropped: 1, notChecked: 0, expiredKept: 1 });
    expect(update.baseline.entries).toEqual([
      {
        ruleId: 'a',
        subject: 's2',
        evidenceHash: evidenceHash(added),
        justification: UNJUSTIFIED,
        acceptedBy: 'new',
        message: 'a on s2',
      },
      { ...reviewed, message: 'b on s1' },
    ]);
  });

  it('keeps, unchanged, the entries of rules the run did not load; drops stale ones of rules that ran', () => {
    const kept = finding('b', 's1', { v: 1 });
    const { pointer: _, ...reviewed } = entryFor(kept, { justification: 'reviewed' });
    const { pointer: __, ...otherPack } = entryFor(finding('screen', 's9', { v: 9 }), {
      justification: 'a screen we looked at',
      acceptedBy: 'someone',
      expires: '2020-01-01',
      message: 'as accepted',
    });
    const gone = { ...reviewed, subject: 'gone' };
    const update = updateBaseline(
      [kept],
      { baselineVersion: 1, entries: [otherPack, gone, reviewed] },
      { include: () => true, acceptedBy: 'new', today: '2025-01-01', ruleIds: new Set(['b']) },
    );
    expect(update).toMatchObject({ kept: 1, added: 0, dropped: 1, notChecked: 1, expiredKept: 0 });
    expect(update.baseline.entries).toEqual([{ ...reviewed, message: 'b on s1' }, otherPack]);
  });
});
