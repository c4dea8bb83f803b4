/** Loads a rule pack: every rule file checked with zod, then every fact, operator, parameter and placeholder. */
import { createHash } from 'node:crypto';
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { shapeWords } from '../facts/define.js';
import { factsById } from '../facts/index.js';
import { operatorsByName } from '../operators/index.js';
import { compareText } from '../order.js';
import {
  type Condition,
  type LeafCondition,
  type RuleFile,
  RuleFileSchema,
  type SubjectKind,
} from '../schema/rule.js';
import { aScope, SUBJECT_NAMES } from '../schema/subject-names.js';
import { closestNames, suggestion } from './closest.js';
import { InputError, type InputProblem } from './errors.js';
import { type JsonDocument, readJsonFile } from './json.js';
import { shapeAt, typeProblems } from './rule-types.js';
import { positionOf, zodProblems } from './zod-problems.js';

/** A validated rule and where it came from. */
export interface LoadedRule {
  file: string;
  sha256: string;
  rule: RuleFile;
}

/** A fact named by a rule, with its parameters, at a JSON pointer of the rule file. */
export interface FactUse {
  fact: string;
  params: Record<string, unknown> | undefined;
  path: string | undefined;
  pointer: string;
}

/**
 * Lists the rule files under a directory, recursively, in a stable order. Symbolic links are followed (a pack
 * may link to another's files or folders), each directory once.
 */
export function ruleFiles(dir: string): string[] {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(dir);
  } catch {
    throw new InputError([{ code: 'rules-not-found', file: dir, message: 'rules directory not found' }]);
  }
  if (stat.isFile()) return [dir];
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (d: string) => {
    const real = realpathSync(d);
    if (seen.has(real)) return;
    seen.add(real);
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => compareText(a.name, b.name))) {
      const path = join(d, entry.name);
      let kind: { isDirectory(): boolean; isFile(): boolean } = entry;
      if (entry.isSymbolicLink()) {
        try {
          kind = statSync(path);
        } catch {
          continue; // a dangling link: nothing to read
        }
      }
      if (kind.isDirectory()) visit(path);
      else if (kind.isFile() && entry.name.endsWith('.json')) out.push(path);
    }
  };
  visit(dir);
  if (out.length === 0) {
    throw new InputError([
      { code: 'rules-empty', file: dir, message: 'no rule files (*.json) in this directory' },
    ]);
  }
  return out;
}

/**
 * Loads and checks every rule file under one directory, or under several (packs combined: a rule id may
 * appear once across them, and a file reached twice is read once); throws InputError listing every problem
 * found.
 */
export function loadRules(dirs: string | readonly string[]): LoadedRule[] {
  const files: string[] = [];
  const reached = new Set<string>();
  for (const dir of typeof dirs === 'string' ? [dirs] : dirs) {
    for (const path of ruleFiles(dir)) {
      const real = realpathSync(path);
      if (reached.has(real)) continue;
      reached.add(real);
      files.push(path);
    }
  }
  const problems: InputProblem[] = [];
  const loaded: LoadedRule[] = [];
  const ids = new Map<string, string>();
  for (const path of files) {
    const file = relative(process.cwd(), path) || path;
    let doc: JsonDocument;
    try {
      doc = readJsonFile(file);
    } catch (error) {
      if (error instanceof InputError) {
        problems.push(...error.problems);
        continue;
      }
      throw error;
    }
    // Before the schema: its ConditionSchema recurses once per level and overflowed the stack at 2,000.
    const deep = deepCondition(doc.value);
    if (deep !== null) {
      problems.push(
        at(
          doc,
          deep,
          'rule-too-deep',
          `the conditions nest deeper than ${MAX_CONDITION_DEPTH} levels of all, any and not`,
          {
            expected: `at most ${MAX_CONDITION_DEPTH} levels of conditions`,
            found: `a condition at level ${MAX_CONDITION_DEPTH + 1}`,
            hint: 'Flatten them: "not" of "not" is the condition itself, and an "all" directly in an "all" is one "all".',
          },
        ),
      );
      continue;
    }
    const parsed = RuleFileSchema.safeParse(doc.value);
    if (!parsed.success) {
      problems.push(...zodProblems(parsed.error, doc, 'rule'));
      continue;
    }
    const rule = parsed.data;
    const before = problems.length;
    checkRule(rule, doc, problems);
    const expectedId = basename(file, '.json');
    if (rule.id !== expectedId) {
      problems.push(
        at(doc, '/id', 'rule-id-mismatch', `the rule id "${rule.id}" differs from the file name`, {
          expected: `"${expectedId}" (file name = rule id)`,
        }),
      );
    }
    const other = ids.get(rule.id);
    if (other)
      problems.push(at(doc, '/id', 'rule-duplicate-id', `rule id "${rule.id}" is also used by ${other}`));
    ids.set(rule.id, file);
    if (problems.length === before) {
      loaded.push({ file, sha256: createHash('sha256').update(doc.text).digest('hex'), rule });
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  return loaded.sort((a, b) => compareText(a.rule.id, b.rule.id));
}

/** Deepest nesting of a rule's conditions (the top one is level 1); the JSON file's own limit is larger. */
export const MAX_CONDITION_DEPTH = 64;

/**
 * The JSON pointer of the first condition (in file order) at a level beyond MAX_CONDITION_DEPTH, or null.
 * Walked without recursion, on the file's value before the schema checks it: any shape is tolerated.
 */
function deepCondition(value: unknown): string | null {
  const top = (value as { conditions?: unknown } | null)?.conditions;
  if (top === undefined || value === null || typeof value !== 'object') return null;
  const stack: { node: unknown; pointer: string; level: number }[] = [
    { node: top, pointer: '/conditions', level: 1 },
  ];
  while (stack.length > 0) {
    const { node, pointer, level } = stack.pop() as (typeof stack)[number];
    if (node === null || typeof node !== 'object' || Array.isArray(node)) continue;
    if (level > MAX_CONDITION_DEPTH) return pointer;
    const o = node as Record<string, unknown>;
    const children: { node: unknown; pointer: string; level: number }[] = [];
    for (const key of ['all', 'any'] as const) {
      const list = o[key];
      if (Array.isArray(list)) {
        list.forEach((c, i) => {
          children.push({ node: c, pointer: `${pointer}/${key}/${i}`, level: level + 1 });
        });
      }
    }
    if (Object.hasOwn(o, 'not')) children.push({ node: o.not, pointer: `${pointer}/not`, level: level + 1 });
    // Reversed onto the stack, so the first child is visited first.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as (typeof children)[number]);
  }
  return null;
}

function at(
  doc: JsonDocument,
  pointer: string,
  code: string,
  message: string,
  extra: Partial<InputProblem> = {},
): InputProblem {
  return { code, file: doc.file, pointer, ...positionOf(doc, pointer), message, ...extra };
}

/** Every fact a rule names (in conditions, as compared values, and as extra evidence), in order. */
export function factUses(rule: RuleFile): FactUse[] {
  const uses: FactUse[] = [];
  const visit = (c: Condition, pointer: string) => {
    if ('all' in c) c.all.forEach((x, i) => visit(x, `${pointer}/all/${i}`));
    else if ('any' in c) c.any.forEach((x, i) => visit(x, `${pointer}/any/${i}`));
    else if ('not' in c) visit(c.not, `${pointer}/not`);
    else {
      uses.push({ fact: c.fact, params: c.params, path: c.path, pointer });
      const v = c.value;
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        uses.push({ fact: v.fact, params: v.params, path: v.path, pointer: `${pointer}/value` });
      }
    }
  };
  visit(rule.conditions as Condition, '/conditions');
  rule.meta.evidence.forEach((e, i) => {
    uses.push({ fact: e.fact, params: e.params, path: e.path, pointer: `/meta/evidence/${i}` });
  });
  return uses;
}

/** Every leaf condition of a rule with its pointer. */
export function leafConditions(rule: RuleFile): { leaf: LeafCondition; pointer: string }[] {
  const out: { leaf: LeafCondition; pointer: string }[] = [];
  const visit = (c: Condition, pointer: string) => {
    if ('all' in c) c.all.forEach((x, i) => visit(x, `${pointer}/all/${i}`));
    else if ('any' in c) c.any.forEach((x, i) => visit(x, `${pointer}/any/${i}`));
    else if ('not' in c) visit(c.not, `${pointer}/not`);
    else out.push({ leaf: c, pointer });
  };
  visit(rule.conditions as Condition, '/conditions');
  return out;
}

function checkRule(rule: RuleFile, doc: JsonDocument, problems: InputProblem[]) {
  const scope = rule.meta.scope;
  for (const use of factUses(rule)) {
    const fact = factsById.get(use.fact);
    if (!fact) {
      problems.push(
        at(doc, `${use.pointer}/fact`, 'rule-unknown-fact', `unknown fact "${use.fact}"`, {
          hint: unknownFactHint(use.fact, scope),
        }),
      );
      continue;
    }
    if (!fact.scopes.includes(scope)) {
      problems.push(
        at(
          doc,
          `${use.pointer}/fact`,
          'rule-fact-scope',
          `fact "${use.fact}" does not measure ${aScope(scope)}`,
          {
            expected: `a rule scope among ${fact.scopes.join(', ')}`,
            found: `scope "${scope}"`,
          },
        ),
      );
    }
    if (fact.params) {
      const result = fact.params.safeParse(use.params ?? {});
      if (!result.success) {
        for (const issue of result.error.issues) {
          const key = issue.code === 'unrecognized_keys' ? issue.keys.join('", "') : issue.path.join('/');
          problems.push(
            at(
              doc,
              `${use.pointer}/params${key && issue.code !== 'unrecognized_keys' ? `/${key}` : ''}`,
              'rule-invalid-params',
              `invalid parameter${key ? ` "${key}"` : ''} of fact "${use.fact}": ${issue.message}`,
            ),
          );
        }
      }
    } else if (use.params && Object.keys(use.params).length > 0) {
      problems.push(
        at(doc, `${use.pointer}/params`, 'rule-invalid-params', `fact "${use.fact}" takes no parameters`),
      );
    }
  }
  const operatorNames = [...operatorsByName.keys()];
  for (const { leaf, pointer } of leafConditions(rule)) {
    // json-rules-engine evaluates one priority at a time and stops at the first that fails; a unit rule runs
    // on every row through generated code (engine/codegen.ts) that evaluates every condition, as the engine
    // does within one priority. Refused rather than counted differently from the rows' explanations.
    if (scope === 'unit' && leaf.priority !== undefined) {
      problems.push(
        at(doc, `${pointer}/priority`, 'rule-unit-priority', 'a condition priority in a unit rule', {
          found: `priority ${leaf.priority}`,
          expected: 'no priority: the conditions of a unit rule are all evaluated on every row',
        }),
      );
    }
    if (!operatorsByName.has(leaf.operator)) {
      problems.push(
        at(doc, `${pointer}/operator`, 'rule-unknown-operator', `unknown operator "${leaf.operator}"`, {
          hint: suggestion(leaf.operator, operatorNames, 'operator'),
        }),
      );
    }
  }
  for (const p of typeProblems(rule)) {
    const { pointer, code, message, ...extra } = p;
    problems.push(at(doc, pointer, code, message, extra));
  }
  const subjectNames = new Set([...SUBJECT_NAMES[scope], 'subject']);
  const used = factUses(rule).map((u) => u.fact);
  // Placeholders may name the known facts the rule uses: an unknown one is offered nowhere, not even as "expected".
  const names = new Set([...used.filter((f) => factsById.has(f)), ...subjectNames]);
  // A placeholder naming an unknown fact the rule uses, or a fact its rule-unknown-fact problem suggests instead
  // ({shareSum} when the condition says "shareSums"), is settled by fixing that name: a second problem about it
  // would only send the reader the wrong way.
  const unknownUsed = new Set(used.filter((f) => !factsById.has(f)));
  const suggested = new Set([...unknownUsed].flatMap((f) => closestNames(f, factsById.keys())));
  for (const match of rule.meta.message.matchAll(/\{([^{}]*)\}/g)) {
    const ref = match[1] ?? '';
    const [name = '', ...rest] = ref.split('.');
    const placeholder = `placeholder "{${ref}}"`;
    const wellFormed = /^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*$/.test(ref);
    // Its value's members are unknown with it.
    if (wellFormed && unknownUsed.has(name)) continue;
    if (!wellFormed || !(names.has(name) || suggested.has(name))) {
      problems.push(
        at(doc, '/meta/message', 'rule-unknown-placeholder', `unknown ${placeholder}`, {
          expected: `one of ${[...names].map((n) => `{${n}}`).join(', ')}`,
          hint: factsById.has(name)
            ? `The rule does not use fact "${name}": add { "fact": "${name}" } to meta.evidence to print it.`
            : `${closestNames(name, names).length > 0 ? `${suggestion(name, [...names], 'placeholder')} ` : ''}A placeholder names a fact the rule uses (add it to meta.evidence if it is not compared) or a subject name.`,
        }),
      );
      continue;
    }
    if (rest.length === 0) continue;
    // A sub-path: a subject name has none (it is printed as written), a fact's must be in its value.
    const declared = factsById.get(name)?.returns;
    if (subjectNames.has(name) && !factsById.has(name)) {
      problems.push(
        at(
          doc,
          '/meta/message',
          'rule-unknown-placeholder',
          `${placeholder}: the subject name {${name}} has no members`,
          {
            expected: `{${name}}`,
            found: `{${ref}}`,
          },
        ),
      );
    } else if (declared) {
      const end = shapeAt(declared, rest.join('.'));
      if ('shape' in end) continue;
      problems.push(
        at(
          doc,
          '/meta/message',
          'rule-unknown-placeholder',
          `${placeholder}: the value of fact "${name}" has no member "${end.lacks}"`,
          {
            expected:
              end.known.length > 0
                ? `{${[name, ...rest.slice(0, rest.indexOf(end.lacks))].join('.')}} or one of its members ${end.known.map((k) => `"${k}"`).join(', ')}`
                : `{${[name, ...rest.slice(0, rest.indexOf(end.lacks))].join('.')}}: it is ${shapeWords(end.on)}`,
            found: `{${ref}}`,
            ...(closestNames(end.lacks, end.known).length > 0
              ? { hint: suggestion(end.lacks, end.known, 'member') }
              : {}),
          },
        ),
      );
    }
  }
}

/** Most facts of the rule's scope an unknown-fact hint lists (the unitScreen scope has over forty). */
const SCOPE_FACTS_LISTED = 24;

/**
 * The hint for an unknown fact: the known facts with the closest names, then the facts that measure the rule's
 * scope, and the command that lists them with what they measure.
 */
function unknownFactHint(name: string, scope: SubjectKind): string {
  const close = closestNames(name, factsById.keys());
  const onScope = [...factsById.values()]
    .filter((f) => f.scopes.includes(scope) && !close.includes(f.id))
    .map((f) => f.id);
  const listed = onScope.slice(0, SCOPE_FACTS_LISTED).join(', ');
  const more = onScope.length > SCOPE_FACTS_LISTED ? ` ... (${onScope.length} in all)` : '';
  return [
    close.length > 0 ? `Known facts with a similar name: ${close.map((c) => `"${c}"`).join(', ')}.` : '',
    onScope.length > 0
      ? `${close.length > 0 ? 'Other facts' : 'Facts'} that measure ${aScope(scope)}: ${listed}${more}.`
      : '',
    `\`tallycheck rules facts --scope ${scope}\` lists each with what it measures.`,
  ]
    .filter((s) => s !== '')
    .join(' ');
}
