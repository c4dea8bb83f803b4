/**
 * Generates the functions that evaluate a set of rules on a subject, or on each row of a batch, with
 * straight-line code and the same three-valued reading as the engine path (evaluate.ts) and compileRule
 * (compile.ts, built on this).
 *
 * Why generated: the table pass runs every unit rule on every precinct row. A tree of closures per rule sends
 * every leaf of every rule through the same few call sites (one `definition.compute`, one `op.accepts`), so
 * V8's inline caches there see every fact and operator, go megamorphic, and nothing is inlined (issue 6:
 * ~0.55 s of a 2.4 s audit of 1M rows, even with facts reduced to bare values). Here each fact use and each
 * operator call is a call site of its own in the source, monomorphic and inlinable, and outcomes are counted
 * without a dispatch per rule.
 *
 * Two functions come from the same rules: one over a subject (`run`, also compileRule's), and one over every
 * row of a batch of a table's units (`runBatch`, the table pass). In the batch one, a fact with `rows`
 * (FactDefinition.rows) is measured for the whole batch before the row loop, in a tight loop over the batch's
 * typed arrays, and each row reads its status and value from there: no subject and no `{ value, detail }`
 * object per row (issue 6: about 0.3 s of CPU of a 1M-row audit). A fact without `rows`, or one read through a
 * path, is computed on the row's unit as `run` does.
 *
 * SECURITY: rule files are untrusted data. The generated source contains NO string or number taken from a
 * rule file: only identifiers and integer indices chosen here, and the fixed literals in FIXED_LITERALS.
 * Facts, their parameters (parsed once, defaults applied), operators, the constant values compared with and
 * the keys of paths are passed to the factory in arrays (F, P, O, K; R holds the batch values of each fact) and
 * read into locals (`fact3`, `param3`, `R3`, `op1`, `val2`) before the functions are returned.
 * `assertSafeSource` checks the source's characters and words before it is compiled, so a mistake here fails
 * loudly instead of letting a rule file write code.
 */
import type { FactDefinition } from '../facts/define.js';
import { factsById } from '../facts/index.js';
import { ROW_NOT_APPLICABLE, ROW_VALUE, RowValues } from '../facts/rows.js';
import { type OperatorDefinition, operatorsByName } from '../operators/index.js';
import type { UnitBatch } from '../precinct/batch.js';
import type { Outcome } from '../schema/report.js';
import type { Condition, LeafCondition, RuleFile } from '../schema/rule.js';
import { stableJson } from './evaluate.js';
import type { DatasetContext, Subject, SubjectOf } from './subjects.js';

/** Outcome codes of a rule-set function, by outcome. */
export const OUTCOME_CODE = { passed: 0, failed: 1, notEvaluated: 2, skipped: 3 } as const;
/** Outcomes by code (the inverse of OUTCOME_CODE). */
export const OUTCOMES: readonly Outcome[] = ['passed', 'failed', 'notEvaluated', 'skipped'];

/**
 * Evaluates every rule of the set on the subject: `out[r]` gets rule r's outcome code (OUTCOME_CODE) and
 * `counts[4 * r + code]` is incremented. Returns how many rules failed or could not be decided.
 */
export type RuleSetFunction = (
  subject: Subject,
  ctx: DatasetContext,
  out: Uint8Array,
  counts: Float64Array,
) => number;

/** The unit subject a batch's rows are loaded into, one after another (engine/unit-view.ts). */
export type RowView = SubjectOf<'unit'> & { load(batch: UnitBatch, i: number): RowView };

/**
 * Evaluates every rule of the set on every row of a batch of a table's units: `counts[4 * r + code]` is
 * incremented per row, and `flags[i]` set to 1 (and left 0 otherwise) for each row on which some rule failed
 * or could not be decided, for the caller to explain with `run`. `view` is loaded with a row only where a
 * rule needs a unit subject (a fact without `rows`, or one read through a path). `flags` must hold
 * `batch.size` entries. Returns how many rows were flagged.
 */
export type RuleSetBatchFunction = (
  batch: UnitBatch,
  view: RowView,
  ctx: DatasetContext,
  counts: Float64Array,
  flags: Uint8Array,
) => number;

/** A compiled rule set. */
export interface RuleSetProgram {
  /** The number of rules (the length `out` needs; `counts` needs four times as many). */
  size: number;
  /** One subject. */
  run: RuleSetFunction;
  /**
   * The rows of a batch (unit rules only), with the same outcomes as `run` on each row's unit, but facts
   * with `rows` (FactDefinition.rows) measured for the whole batch at once: the table pass.
   */
  runBatch: RuleSetBatchFunction;
  /** The generated source (for tests and debugging). */
  source: string;
}

/** A fact of any scope and parameters, as the registry holds them. */
// biome-ignore lint/suspicious/noExplicitAny: facts are registered with their own subject and parameter types.
export type AnyFact = FactDefinition<any, any>;

/** Options of compileRuleSet. */
export interface RuleSetOptions {
  /** Fact registry (default: all facts); tests pass their own. */
  facts?: ReadonlyMap<string, AnyFact>;
  /** Operator registry (default: all operators). */
  operators?: ReadonlyMap<string, OperatorDefinition>;
  /**
   * Compute a fact used with the same parameters by several leaves once per subject (default true), as the
   * engine's Measurer does within a rule. Facts are pure, so this changes nothing but the time taken.
   */
  shareFacts?: boolean;
  /**
   * Leaves per generated function (default 200). A larger set is split over several functions called one
   * after another, so that none grows past the size V8 still optimises; facts are shared within one only.
   */
  leavesPerFunction?: number;
}

// A marker no fact can return, rather than an { ok, value } wrapper: sides run for every leaf of every rule on
// every precinct row, and the wrappers were a good part of what the garbage collector had to sweep. It never
// leaves this module, so no fact value or property can be it.
const NOT_A_VALUE: unique symbol = Symbol('not a value');

/** The only string literals the generated source has; none comes from a rule file. */
const FIXED_LITERALS = /'(?:use strict|missing|notApplicable|object)'/g;
/** What the rest of the generated source is made of: identifiers, integers, operators, brackets. */
const SAFE_SOURCE = /^[A-Za-z0-9_\s{}()[\];,.=!<>?:|&+*-]*$/;
/**
 * Every word the generated source may hold: the keywords and property names it writes, and locals named by a
 * prefix and a number. A word outside this list (an identifier a rule file spelled, or `constructor` reached
 * through a value) fails the check even when its characters are allowed.
 */
const SAFE_WORDS =
  /^(?:const|let|function|return|if|else|true|false|null|typeof|in|s|ctx|out|c|o|m|na|bad|F|P|O|K|NAV|hasOwn|compute|accepts|evaluate|missing|value|for|b|i|n|st|view|load|size|flags|flagged|values|status|(?:fact|param|op|val|m|x|r|no|yes|unk|ruleSet|batchSet|R|V|S)\d*|\d+)$/;

/**
 * Throws unless the source is made of the fixed literals, punctuation, integers and the words SAFE_WORDS
 * allows: a check on codegen.ts itself, so that a change that wrote rule-file text into the source (a path
 * key, a fact id) fails loudly instead of letting a rule file write code.
 */
export function assertSafeSource(source: string): void {
  const rest = source.replace(FIXED_LITERALS, '');
  const words = rest.match(/[A-Za-z0-9_$]+/g) ?? [];
  if (!SAFE_SOURCE.test(rest) || !words.every((w) => SAFE_WORDS.test(w))) {
    throw new Error('generated rule code holds a character or word it must not (a bug in codegen.ts)');
  }
}

/** The keys of a dotted path, as the engine's path resolver reads it; null when there is no path. */
function pathKeys(path: string | undefined): string[] | null {
  if (!path) return null;
  return path.replace(/^\$\.?/, '').split('.');
}

/** The arrays passed to the factory, each with the name of its locals. */
class Tables {
  readonly facts: AnyFact[] = [];
  readonly params: unknown[] = [];
  readonly operators: OperatorDefinition[] = [];
  readonly constants: unknown[] = [];
  private readonly factSlots = new Map<string, number>();
  private readonly operatorSlots = new Map<OperatorDefinition, number>();

  constructor(
    private readonly registry: ReadonlyMap<string, AnyFact>,
    private readonly operatorRegistry: ReadonlyMap<string, OperatorDefinition>,
  ) {}

  /** The slot of a fact with its parameters (parsed once here, defaults applied), one per distinct use. */
  fact(id: string, rawParams: Record<string, unknown> | undefined): number {
    const definition = this.registry.get(id);
    if (!definition) throw new Error(`unknown fact "${id}"`);
    // Keyed as the engine's Measurer keys its cache, so "the same fact" means the same thing on both paths.
    const key = `${id}\u0000${stableJson(rawParams ?? {})}`;
    const known = this.factSlots.get(key);
    if (known !== undefined) return known;
    const params = definition.params ? definition.params.parse(rawParams ?? {}) : {};
    const slot = this.facts.push(definition) - 1;
    this.params.push(params);
    this.factSlots.set(key, slot);
    return slot;
  }

  /** Whether the fact in `slot` is measured a batch at a time (FactDefinition.rows). */
  hasRows(slot: number): boolean {
    return typeof this.facts[slot]?.rows === 'function';
  }

  operator(name: string): number {
    const op = this.operatorRegistry.get(name);
    if (!op) throw new Error(`unknown operator "${name}"`);
    let slot = this.operatorSlots.get(op);
    if (slot === undefined) {
      slot = this.operators.push(op) - 1;
      this.operatorSlots.set(op, slot);
    }
    return slot;
  }

  constant(value: unknown): number {
    return this.constants.push(value) - 1;
  }

  /** Reads the arrays into locals, so that the function reads a context slot rather than an array element. */
  prologue(): string {
    const locals = [
      ...this.facts.map((_, i) => `fact${i} = F[${i}], param${i} = P[${i}], R${i} = R[${i}]`),
      ...this.operators.map((_, i) => `op${i} = O[${i}]`),
      ...this.constants.map((_, i) => `val${i} = K[${i}]`),
    ];
    return locals.length > 0 ? `const ${locals.join(', ')};\n` : '';
  }
}

/** Writes the body of one generated function: rules one after another, each in a block of its own. */
class FunctionWriter {
  private readonly lines: string[] = [];
  /** Fact slots whose measurement this function has already taken (shareFacts). */
  private readonly measured = new Set<number>();
  /** Fact slots read from their batch values (batch mode). */
  readonly columns = new Set<number>();
  /** Whether some side measures the row's unit subject (batch mode: the view is loaded per row). */
  private needsSubject = false;
  /** Locals of the rule being written. */
  private locals: string[] = [];
  private next = 0;

  /**
   * `batch`: write a function over the rows of a batch (RuleSetBatchFunction), reading facts with `rows` from
   * their batch values; otherwise one over a subject (RuleSetFunction).
   */
  constructor(
    private readonly tables: Tables,
    private readonly shareFacts: boolean,
    private readonly batch = false,
  ) {}

  /** Writes rule `index` (its position in the set, which indexes `out` and `counts`). */
  rule(index: number, conditions: Condition): void {
    this.locals = ['na = false'];
    this.next = 0;
    const body: string[] = [];
    const root = this.node(conditions, body);
    this.lines.push('{', `let ${this.locals.join(', ')};`, ...body);
    // Outcomes as the runner reads them: a compared fact that does not apply skips the subject; an undecided
    // tree is "not evaluated"; a holding violation "failed". The rare cases (a failure, a missing value, a row to
    // flag) take no branch of their own, here and below: V8 optimises a batch function once its first rows have
    // run, and a branch none of them took would throw that code away at the first row that takes it (a 1M-row
    // audit compiled batchSet0 three times instead of twice).
    const { passed, failed, notEvaluated, skipped } = OUTCOME_CODE;
    this.lines.push(
      `o = na ? ${skipped} : ${root} === null ? ${notEvaluated} : ${root} ? ${failed} : ${passed};`,
      ...(this.batch ? [] : [`out[${index}] = o;`]),
      `c[${4 * index} + o] += 1;`,
      `bad += o === ${failed} || o === ${notEvaluated} ? 1 : 0;`,
      '}',
    );
  }

  /** The function's source, named `name`. */
  source(name: string): string {
    const slots = [...this.measured].map((slot) => `m${slot}`);
    const locals = `let bad = 0, o = 0, st = 0, m${slots.length > 0 ? `, ${slots.join(', ')}` : ''};`;
    if (!this.batch)
      return [`function ${name}(s, ctx, out, c) {`, locals, ...this.lines, 'return bad;', '}'].join('\n');
    // A row's flag is set by whichever function of the set finds it bad first; the count is of flags set here.
    const columns = [...this.columns].map((slot) => `V${slot} = R${slot}.values, S${slot} = R${slot}.status`);
    return [
      `function ${name}(b, view, ctx, c, flags) {`,
      `const n = b.size${columns.length > 0 ? `, ${columns.join(', ')}` : ''};`,
      'let flagged = 0;',
      'for (let i = 0; i < n; i++) {',
      locals,
      ...(this.needsSubject ? ['const s = view.load(b, i);'] : []),
      ...this.lines,
      'st = flags[i]; o = bad > 0 ? 1 : st; flags[i] = o; flagged += o - st;',
      '}',
      'return flagged;',
      '}',
    ].join('\n');
  }

  private local(prefix: string, init?: string): string {
    const name = `${prefix}${this.next++}`;
    this.locals.push(init === undefined ? name : `${name} = ${init}`);
    return name;
  }

  /**
   * Writes a condition; returns the local holding its result (true, false, or null for undecided). Every
   * leaf is evaluated (no short-circuit), as the engine does within one priority.
   */
  private node(c: Condition, body: string[]): string {
    if ('all' in c) {
      const isFalse = this.local('no', 'false');
      const unknown = this.local('unk', 'false');
      for (const part of c.all) {
        const r = this.node(part, body);
        body.push(`if (${r} === false) ${isFalse} = true; else if (${r} === null) ${unknown} = true;`);
      }
      const r = this.local('r');
      body.push(`${r} = ${isFalse} ? false : ${unknown} ? null : true;`);
      return r;
    }
    if ('any' in c) {
      const isTrue = this.local('yes', 'false');
      const unknown = this.local('unk', 'false');
      for (const part of c.any) {
        const r = this.node(part, body);
        body.push(`if (${r} === true) ${isTrue} = true; else if (${r} === null) ${unknown} = true;`);
      }
      const r = this.local('r');
      body.push(`${r} = ${isTrue} ? true : ${unknown} ? null : false;`);
      return r;
    }
    if ('not' in c) {
      const inner = this.node(c.not, body);
      const r = this.local('r');
      body.push(`${r} = ${inner} === null ? null : !${inner};`);
      return r;
    }
    return this.leaf(c, body);
  }

  private leaf(leaf: LeafCondition, body: string[]): string {
    const op = this.tables.operator(leaf.operator);
    // Both sides are measured, as the engine does, so a side that does not apply is always noticed.
    const a = this.side(leaf.fact, leaf.params, leaf.path, body);
    const v = leaf.value;
    const r = this.local('r');
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const b = this.side(v.fact, v.params, v.path, body);
      body.push(
        `${r} = ${a} === NAV || ${b} === NAV || op${op}.accepts(${a}, ${b}) !== null ? null : op${op}.evaluate(${a}, ${b});`,
      );
    } else {
      // A constant is never NOT_A_VALUE.
      const b = `val${this.tables.constant(v)}`;
      body.push(
        `${r} = ${a} === NAV || op${op}.accepts(${a}, ${b}) !== null ? null : op${op}.evaluate(${a}, ${b});`,
      );
    }
    return r;
  }

  /** Writes one side of a comparison: the fact's value, followed along the path; NAV when there is none. */
  private side(
    fact: string,
    params: Record<string, unknown> | undefined,
    path: string | undefined,
    body: string[],
  ): string {
    const slot = this.tables.fact(fact, params);
    const keys = pathKeys(path);
    const x = this.local('x');
    // Batch mode, a fact measured a batch at a time and read without a path: its row's status and value.
    if (this.batch && !keys && this.tables.hasRows(slot)) {
      this.columns.add(slot);
      body.push(
        `st = S${slot}[i]; na = na || st === ${ROW_NOT_APPLICABLE}; ${x} = st === ${ROW_VALUE} ? V${slot}[i] : NAV;`,
      );
      return x;
    }
    if (this.batch) this.needsSubject = true;
    // The measurement: shared by the uses of the same fact and parameters, or taken afresh at each use.
    let m = 'm';
    if (this.shareFacts) {
      m = `m${slot}`;
      if (!this.measured.has(slot)) {
        this.measured.add(slot);
        body.push(`${m} = fact${slot}.compute(s, param${slot}, ctx);`);
      }
    } else body.push(`m = fact${slot}.compute(s, param${slot}, ctx);`);
    // `'missing' in m` is isMissing (facts/define.ts), written out so each use has an inline cache of its own.
    body.push(
      `if ('missing' in ${m}) { if (${m}.missing === 'notApplicable') na = true; ${x} = NAV; } else ${x} = ${m}.value;`,
    );
    // The path, through own properties only; once a step fails the side stays NAV.
    for (const key of keys ?? []) {
      const k = `val${this.tables.constant(key)}`;
      body.push(
        `if (${x} !== NAV) ${x} = ${x} === null || typeof ${x} !== 'object' || !hasOwn(${x}, ${k}) ? NAV : ${x}[${k}];`,
      );
    }
    return x;
  }
}

/** Counts the leaves of a condition. */
function leaves(c: Condition): number {
  if ('all' in c) return c.all.reduce((n, p) => n + leaves(p), 0);
  if ('any' in c) return c.any.reduce((n, p) => n + leaves(p), 0);
  if ('not' in c) return leaves(c.not);
  return 1;
}

/**
 * Compiles rules into one function (more for very large sets, see leavesPerFunction) that evaluates each on
 * a subject. Unknown facts and operators, and parameters a fact rejects, throw here, in rule order.
 */
export function compileRuleSet(rules: readonly RuleFile[], options: RuleSetOptions = {}): RuleSetProgram {
  const tables = new Tables(options.facts ?? factsById, options.operators ?? operatorsByName);
  const shareFacts = options.shareFacts ?? true;
  const limit = Math.max(1, options.leavesPerFunction ?? 200);
  // The same rules twice: over one subject (run), and over the rows of a batch (runBatch).
  const writers: FunctionWriter[] = [];
  const batchWriters: FunctionWriter[] = [];
  let inWriter = 0;
  rules.forEach((rule, index) => {
    const conditions = rule.conditions as Condition;
    const n = leaves(conditions);
    if (writers.length === 0 || (inWriter > 0 && inWriter + n > limit)) {
      writers.push(new FunctionWriter(tables, shareFacts));
      batchWriters.push(new FunctionWriter(tables, shareFacts, true));
      inWriter = 0;
    }
    (writers.at(-1) as FunctionWriter).rule(index, conditions);
    (batchWriters.at(-1) as FunctionWriter).rule(index, conditions);
    inWriter += n;
  });
  const functions = writers.map((w, i) => w.source(`ruleSet${i}`));
  const batchFunctions = batchWriters.map((w, i) => w.source(`batchSet${i}`));
  const entry =
    functions.length === 1
      ? 'ruleSet0'
      : `function ruleSet(s, ctx, out, c) {\nreturn ${
          functions.length === 0 ? '0' : functions.map((_, i) => `ruleSet${i}(s, ctx, out, c)`).join(' + ')
        };\n}`;
  const batchList = batchFunctions.map((_, i) => `batchSet${i}`).join(', ');
  const source =
    `'use strict';\n${tables.prologue()}${[...functions, ...batchFunctions].join('\n')}\n` +
    `return [${entry}, [${batchList}]];\n`;
  assertSafeSource(source);
  // Not eval of rule text: the source holds identifiers and indices only (see the top of this file).
  const factory = new Function('F', 'P', 'R', 'O', 'K', 'NAV', 'hasOwn', source) as (
    F: readonly AnyFact[],
    P: readonly unknown[],
    R: readonly RowValues[],
    O: readonly OperatorDefinition[],
    K: readonly unknown[],
    NAV: symbol,
    hasOwn: (o: object, key: PropertyKey) => boolean,
  ) => [RuleSetFunction, RuleSetBatchFunction[]];
  const rows = tables.facts.map(() => new RowValues());
  const [run, batchRuns] = factory(
    tables.facts,
    tables.params,
    rows,
    tables.operators,
    tables.constants,
    NOT_A_VALUE,
    Object.hasOwn,
  );
  // The facts the batch functions read from batch values, measured once per batch before them.
  const columns = [...new Set(batchWriters.flatMap((w) => [...w.columns]))].sort((a, b) => a - b);
  const runBatch: RuleSetBatchFunction = (batch, view, ctx, counts, flags) => {
    for (const slot of columns) {
      const into = rows[slot] as RowValues;
      into.ensure(batch.size);
      (tables.facts[slot] as AnyFact).rows?.(batch, view.table, tables.params[slot], ctx, into);
    }
    flags.fill(0, 0, batch.size);
    let flagged = 0;
    for (const f of batchRuns) flagged += f(batch, view, ctx, counts, flags);
    return flagged;
  };
  return { size: rules.length, run, runBatch, source };
}
