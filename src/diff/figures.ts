/** Figures of a dataset under stable keys (array entries named by id or candidate), and how two sets differ. */
import type { Uncertain } from '../facts/define.js';
import { clean, uncertain } from '../facts/figures.js';
import { countUncertain } from '../facts/sequence-helpers.js';
import { allFigures } from '../load/dataset.js';
import type { Figure } from '../schema/dataset.js';
import type { FigureChange, FigureState } from '../schema/diff.js';

/** A figure with the key that finds it again in another version of the data, and what it belongs to. */
export interface KeyedFigure {
  key: string;
  pointer: string;
  figure: Figure;
  release?: string;
  estimate?: string;
  candidate?: string;
  field: string;
}

/**
 * Every figure under `root` (a JSON value and its pointer), keyed by path with array entries named by their
 * `id` or `candidate` ("releases[r2]/results[a]/votes"), so reordering entries changes no key. A second entry
 * with the same name gets "#2".
 */
export function keyedFigures(root: unknown, rootPointer = ''): KeyedFigure[] {
  const seen = new Map<string, number>();
  return allFigures(root, rootPointer).map(({ figure, pointer }) => {
    const tokens = pointer.slice(rootPointer.length).split('/').slice(1);
    const parts: string[] = [];
    const out: Omit<KeyedFigure, 'key' | 'field' | 'pointer' | 'figure'> = {};
    let fieldStart = 0;
    let node: unknown = root;
    for (const [i, token] of tokens.entries()) {
      if (Array.isArray(node)) {
        const entry = node[Number(token)] as Record<string, unknown> | undefined;
        const name =
          typeof entry?.id === 'string'
            ? entry.id
            : typeof entry?.candidate === 'string'
              ? entry.candidate
              : token;
        const parent = parts.pop() ?? '';
        parts.push(`${parent}[${name}]`);
        if (parent === 'releases' && typeof entry?.id === 'string') out.release = entry.id;
        if (parent === 'estimates' && typeof entry?.id === 'string') out.estimate = entry.id;
        if (typeof entry?.candidate === 'string') out.candidate = entry.candidate;
        fieldStart = i + 1;
        node = entry;
      } else {
        parts.push(token);
        node =
          node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[token] : undefined;
      }
    }
    const field = parts.slice(parts.length - (tokens.length - fieldStart)).join('/');
    let key = parts.join('/');
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n > 1) key = `${key}#${n}`;
    return { key, pointer, figure, field, ...out };
  });
}

/** Where a figure sits in its file, for the diff. */
export type Locate = (pointer: string) => { line: number; column: number } | undefined;

function state(k: KeyedFigure, locate: Locate): FigureState {
  return { value: k.figure.value, printed: k.figure.printed, pointer: k.pointer, ...locate(k.pointer) };
}

/** Figures that count something (the last part of their field): exact when printed in full digits. */
const COUNTS = new Set([
  'votes',
  'registeredVoters',
  'ballotsCast',
  'validBallots',
  'invalidBallots',
  'processed',
  'total',
  'numerator',
  'denominator',
  'sampleSize',
  'stations',
  'districts',
  'observers',
  'count',
]);

/** A figure with its rounding: counts as the time rules read them (sequence-helpers.ts), others as printed. */
function withRounding(k: KeyedFigure): Uncertain {
  return COUNTS.has(k.field.split('/').at(-1) ?? '') ? countUncertain(k.figure) : uncertain(k.figure);
}

/** New minus old, with the rounding both printed figures allow, and whether the change exceeds it. */
function change(
  o: KeyedFigure,
  k: KeyedFigure,
): Pick<FigureChange, 'delta' | 'plusMinus' | 'withinRounding'> {
  const delta = clean(k.figure.value - o.figure.value);
  const plusMinus = clean(withRounding(o).plusMinus + withRounding(k).plusMinus);
  return { delta, plusMinus, withinRounding: Math.abs(delta) <= plusMinus };
}

/** What differs between two sets of keyed figures: new order first, then figures only the old set has. */
export function compareFigures(
  before: KeyedFigure[],
  after: KeyedFigure[],
  locateOld: Locate,
  locateNew: Locate,
): { changes: FigureChange[]; unchanged: number } {
  const old = new Map(before.map((k) => [k.key, k]));
  const keys = new Set(after.map((k) => k.key));
  const changes: FigureChange[] = [];
  let unchanged = 0;
  const about = (k: KeyedFigure) => ({
    key: k.key,
    ...(k.release ? { release: k.release } : {}),
    ...(k.estimate ? { estimate: k.estimate } : {}),
    ...(k.candidate ? { candidate: k.candidate } : {}),
    field: k.field,
  });
  for (const k of after) {
    const o = old.get(k.key);
    if (!o) {
      changes.push({ change: 'added', ...about(k), new: state(k, locateNew) });
    } else if (o.figure.value !== k.figure.value || o.figure.printed !== k.figure.printed) {
      changes.push({
        change: 'changed',
        ...about(k),
        old: state(o, locateOld),
        new: state(k, locateNew),
        ...change(o, k),
      });
    } else {
      unchanged += 1;
    }
  }
  for (const o of before) {
    if (!keys.has(o.key)) changes.push({ change: 'removed', ...about(o), old: state(o, locateOld) });
  }
  return { changes, unchanged };
}
