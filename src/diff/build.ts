/** Builds the diff document: figures and releases compared, and the time rules' findings mapped to their files. */
import type { RunResult } from '../engine/run.js';
import type { LoadedDataset } from '../load/dataset.js';
import type { LoadedRule } from '../load/rules.js';
import { positionOf } from '../load/zod-problems.js';
import { atOrAbove } from '../report/types.js';
import type { Release } from '../schema/dataset.js';
import { DIFF_VERSION, type Diff, type ReleaseChange, type Verdict } from '../schema/diff.js';
import type { FailOn } from '../schema/report.js';
import type { Combined } from './combine.js';
import { compareFigures, type KeyedFigure, keyedFigures } from './figures.js';

/** What is compared: two files, or two releases (by index) of one file. */
export type DiffInput =
  | { mode: 'files'; old: LoadedDataset; new: LoadedDataset }
  | { mode: 'releases'; file: LoadedDataset; first: number; second: number };

/** What the diff records about the run besides its results. */
export interface DiffContext {
  toolVersion: string;
  rules: LoadedRule[];
  failOn: FailOn;
  combined: Combined;
  run: RunResult;
  generatedAt?: string;
}

function side(d: LoadedDataset, release?: Release) {
  return {
    file: d.file.split('\\').join('/'),
    sha256: d.sha256,
    dataset: d.data.id,
    ...(release ? { release: release.id } : {}),
  };
}

function releaseState(r: Release, index: number) {
  return { status: r.status, ...(r.asOf ? { asOf: r.asOf } : {}), pointer: `/releases/${index}` };
}

function causesOf(r: Release, index: number): ReleaseChange['recordedCauses'] {
  return (r.changes ?? []).map((c, j) => ({
    kind: c.kind,
    description: c.description,
    pointer: `/releases/${index}/changes/${j}`,
  }));
}

/** Release mode: the new release against the old one, with the causes the new one records. */
function releasePair(releases: Release[], first: number, second: number): ReleaseChange {
  const a = releases[first] as Release;
  const b = releases[second] as Release;
  return {
    release: b.id,
    change: 'changed',
    old: releaseState(a, first),
    new: releaseState(b, second),
    recordedCauses: causesOf(b, second),
  };
}

/** Releases by id in both files: added, removed, changed (any figure, status, as-of time or cause) or unchanged. */
function compareReleases(old: LoadedDataset, next: LoadedDataset, changedIds: Set<string>): ReleaseChange[] {
  const before = new Map(old.data.releases.map((r, i) => [r.id, { r, i }]));
  const out: ReleaseChange[] = next.data.releases.map((r, i) => {
    const o = before.get(r.id);
    const differs =
      !o ||
      changedIds.has(r.id) ||
      o.r.status !== r.status ||
      o.r.asOf !== r.asOf ||
      JSON.stringify(o.r.changes ?? []) !== JSON.stringify(r.changes ?? []);
    return {
      release: r.id,
      change: !o ? 'added' : differs ? 'changed' : 'unchanged',
      ...(o ? { old: releaseState(o.r, o.i) } : {}),
      new: releaseState(r, i),
      recordedCauses: causesOf(r, i),
    };
  });
  const ids = new Set(next.data.releases.map((r) => r.id));
  old.data.releases.forEach((r, i) => {
    if (!ids.has(r.id))
      out.push({ release: r.id, change: 'removed', old: releaseState(r, i), recordedCauses: [] });
  });
  return out;
}

/** The findings of the run as verdicts, each place mapped back to the file it came from. */
function verdicts(run: RunResult, combined: Combined, files: Record<'old' | 'new', string>): Verdict[] {
  return run.findings.map((f) => {
    const seen = new Set<string>();
    const locations = [f.subject.pointer, ...f.sources.map((s) => s.pointer)].flatMap((p) => {
      const o = combined.origin(p);
      const key = `${o.side}${o.pointer}`;
      if (seen.has(key)) return [];
      seen.add(key);
      return [{ side: o.side, file: files[o.side], pointer: o.pointer }];
    });
    return {
      fingerprint: f.fingerprint,
      ruleId: f.ruleId,
      severity: f.severity,
      outcome: f.outcome,
      subject: { kind: f.subject.kind, id: f.subject.id, label: f.subject.label },
      message: f.message,
      locations,
    };
  });
}

/** Builds the diff. The gate fails on a verdict at or above --fail-on, as the audit's does. */
export function buildDiff(input: DiffInput, ctx: DiffContext): Diff {
  let oldFigures: KeyedFigure[];
  let newFigures: KeyedFigure[];
  let oldFile: LoadedDataset;
  let newFile: LoadedDataset;
  let sides: Pick<Diff, 'old' | 'new'>;
  if (input.mode === 'files') {
    oldFile = input.old;
    newFile = input.new;
    oldFigures = keyedFigures(input.old.data);
    newFigures = keyedFigures(input.new.data);
    sides = { old: side(input.old), new: side(input.new) };
  } else {
    oldFile = input.file;
    newFile = input.file;
    const a = input.file.data.releases[input.first] as Release;
    const b = input.file.data.releases[input.second] as Release;
    oldFigures = keyedFigures(a, `/releases/${input.first}`);
    newFigures = keyedFigures(b, `/releases/${input.second}`);
    sides = { old: side(input.file, a), new: side(input.file, b) };
  }
  const { changes, unchanged } = compareFigures(
    oldFigures,
    newFigures,
    (p) => positionOf(oldFile.doc, p),
    (p) => positionOf(newFile.doc, p),
  );
  const count = (list: { change: string }[], extra = 0) => ({
    added: list.filter((c) => c.change === 'added').length,
    removed: list.filter((c) => c.change === 'removed').length,
    changed: list.filter((c) => c.change === 'changed').length,
    unchanged: list.filter((c) => c.change === 'unchanged').length + extra,
  });
  const releases =
    input.mode === 'files'
      ? compareReleases(input.old, input.new, new Set(changes.flatMap((c) => (c.release ? [c.release] : []))))
      : [releasePair(input.file.data.releases, input.first, input.second)];
  const findings = { error: 0, warning: 0, info: 0 };
  const notEvaluated = { error: 0, warning: 0, info: 0 };
  for (const f of ctx.run.findings) (f.outcome === 'failed' ? findings : notEvaluated)[f.severity] += 1;
  const empty = () => ({ passed: 0, failed: 0, notEvaluated: 0, skipped: 0 });
  const outcomes = empty();
  const perRule = new Map(ctx.rules.map((r) => [r.rule.id, empty()]));
  for (const o of ctx.run.outcomes) {
    outcomes[o.outcome] += 1;
    const counts = perRule.get(o.ruleId);
    if (counts) counts[o.outcome] += 1;
  }
  return {
    diffVersion: DIFF_VERSION,
    tool: { name: 'tallycheck', version: ctx.toolVersion },
    ...(ctx.generatedAt ? { generatedAt: ctx.generatedAt } : {}),
    mode: input.mode,
    ...sides,
    summary: {
      figures: count(changes, unchanged),
      releases: count(releases),
      failOn: ctx.failOn,
      gate: ctx.run.findings.some((f) => atOrAbove(f.severity, ctx.failOn)) ? 'fail' : 'pass',
      findings,
      notEvaluated,
      outcomes,
    },
    releases,
    figures: changes,
    verdicts: {
      rules: ctx.rules.map((r) => ({
        id: r.rule.id,
        file: r.file,
        sha256: r.sha256,
        counts: perRule.get(r.rule.id) ?? empty(),
      })),
      combined: ctx.combined.description,
      findings: verdicts(ctx.run, ctx.combined, { old: sides.old.file, new: sides.new.file }),
    },
  };
}
