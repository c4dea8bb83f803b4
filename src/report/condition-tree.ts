/**
 * A subject's condition results in the rule's all/any/not tree, rebuilt from the JSON pointers the evidence
 * records (`/conditions/all/1/any/0`), so the reports show which results an "all" joins and which an "any".
 */
import type { ConditionEvidence } from '../schema/report.js';

export type Group = 'all' | 'any';

/** A group's result as the runner reads it (Kleene logic): a leaf that could not be compared is unknown (null). */
export function groupResult(group: Group, results: readonly (boolean | null)[]): boolean | null {
  if (group === 'all') return results.includes(false) ? false : results.includes(null) ? null : true;
  return results.includes(true) ? true : results.includes(null) ? null : false;
}

/** A result in words, as explain and the reports give it. */
export function resultWords(result: boolean | null): string {
  return result === null ? 'not evaluated' : result ? 'holds' : 'does not hold';
}

/** One row of the tree, in the rule's order: a group ("all of", "any of", "not") or a leaf condition. */
export interface TreeRow {
  /** Its place in the tree as an outline number ("2.1"); '' for the root. */
  outline: string;
  depth: number;
  group?: 'all of' | 'any of' | 'not';
  leaf?: ConditionEvidence;
  result: boolean | null;
}

interface Node {
  kind: Group | 'not' | 'leaf';
  children: Map<number, Node>;
  leaf?: ConditionEvidence;
}

/** The steps of a leaf's pointer below /conditions: ["all", 1], ["not"] ... (undefined if it reads otherwise). */
function steps(pointer: string): (Group | 'not' | number)[] | undefined {
  const parts = pointer.split('/').slice(2);
  if (pointer.split('/')[1] !== 'conditions') return undefined;
  const out: (Group | 'not' | number)[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p === 'not') out.push('not', 0);
    else if ((p === 'all' || p === 'any') && /^\d+$/.test(parts[i + 1] ?? '')) {
      out.push(p, Number(parts[i + 1]));
      i++;
    } else return undefined;
  }
  return out;
}

/**
 * The rows of the tree, depth-first. An all/any of a single condition is that condition, as explain's "Finding
 * when" block has it. Undefined when the conditions make no tree (one leaf only, or a pointer not read).
 */
export function treeRows(conditions: readonly ConditionEvidence[]): TreeRow[] | undefined {
  if (conditions.length < 2) return undefined;
  const root: Node = { kind: 'leaf', children: new Map() };
  for (const c of conditions) {
    const path = steps(c.pointer);
    if (!path || path.length === 0) return undefined;
    let node = root;
    for (let i = 0; i < path.length; i += 2) {
      const kind = path[i] as Group | 'not';
      if (node.kind === 'leaf' && node.children.size === 0 && !node.leaf) node.kind = kind;
      else if (node.kind !== kind) return undefined;
      const index = path[i + 1] as number;
      let child = node.children.get(index);
      if (!child) {
        child = { kind: 'leaf', children: new Map() };
        node.children.set(index, child);
      }
      node = child;
    }
    if (node.leaf || node.children.size > 0) return undefined;
    node.leaf = c;
  }
  const rows: TreeRow[] = [];
  walk(root, '', 0, rows);
  return rows;
}

function walk(node: Node, outline: string, depth: number, rows: TreeRow[]): boolean | null {
  if (node.leaf) {
    rows.push({ outline, depth, leaf: node.leaf, result: node.leaf.result });
    return node.leaf.result;
  }
  const children = [...node.children.entries()].sort(([a], [b]) => a - b).map(([, n]) => n);
  if (node.kind !== 'not' && children.length === 1) return walk(children[0] as Node, outline, depth, rows);
  const head: TreeRow = {
    outline,
    depth,
    group: node.kind === 'all' ? 'all of' : node.kind === 'any' ? 'any of' : 'not',
    result: null,
  };
  rows.push(head);
  const results = children.map((c, i) =>
    walk(c, outline ? `${outline}.${i + 1}` : String(i + 1), depth + 1, rows),
  );
  head.result =
    node.kind === 'not'
      ? results[0] === null || results[0] === undefined
        ? null
        : !results[0]
      : groupResult(node.kind as Group, results);
  return head.result;
}
