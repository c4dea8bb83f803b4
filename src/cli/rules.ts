/** `tallycheck rules list|validate|facts`: show or check a rule pack, or list the facts a rule may name. */
import { join, relative } from 'node:path';
import { z } from 'zod';
import { shapeWords } from '../facts/define.js';
import { facts } from '../facts/index.js';
import { UsageError } from '../load/errors.js';
import { loadRules } from '../load/rules.js';
import { SubjectKindSchema } from '../schema/rule.js';
import { wrap } from './explain-text.js';
import { EXIT, type Io, PACKAGE_ROOT, parse } from './main.js';
import { commandLogger, logLevelOption, rulesOption } from './options.js';

/** The packs named, as `--rules DIR` (repeatable) or as arguments, or the bundled rules/ without any. */
function packs(option: unknown, positionals: string[]): string[] {
  return rulesOption([...((option as string[] | undefined) ?? []), ...positionals], bundled());
}

function bundled(): string {
  return relative(process.cwd(), join(PACKAGE_ROOT, 'rules')) || '.';
}

/** Runs `rules list` or `rules validate`. */
export function rulesCommand(args: string[], io: Io): number {
  const [sub, ...rest] = args;
  if (sub === 'list') {
    const { values, positionals } = parse(rest, {
      rules: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
    });
    const log = commandLogger(values);
    const dirs = packs(values.rules, positionals);
    const rules = loadRules(dirs);
    log.info({ rules: rules.length, dirs }, 'rules loaded');
    if (values.json) {
      const list = rules.map(({ rule, file }) => ({
        id: rule.id,
        severity: rule.meta.severity,
        scope: rule.meta.scope,
        title: rule.meta.title,
        file,
      }));
      io.out(`${JSON.stringify(list, null, 2)}\n`);
      return EXIT.ok;
    }
    const width = Math.max(...rules.map((r) => r.rule.id.length));
    for (const { rule } of rules) {
      io.out(
        `${rule.id.padEnd(width)}  ${rule.meta.severity.padEnd(7)}  ${rule.meta.scope.padEnd(18)}  ${rule.meta.title}\n`,
      );
    }
    return EXIT.ok;
  }
  if (sub === 'validate') {
    const { values, positionals } = parse(rest, { rules: { type: 'string', multiple: true } });
    const log = commandLogger(values);
    const dirs = packs(values.rules, positionals);
    const rules = loadRules(dirs);
    log.info({ rules: rules.length, dirs }, 'rules loaded');
    io.out(`${dirs.join(', ')}: ${rules.length} rule(s) valid\n`);
    return EXIT.ok;
  }
  if (sub === 'facts') return listFacts(rest, io);
  throw new UsageError(`unknown rules command "${sub ?? ''}": expected "list", "validate" or "facts"`);
}

/** A fact parameter as the rule author writes it: its JSON Schema property, read back. */
interface ParamSchema {
  type?: string;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  description?: string;
}

/** "integer from 1 (default 30)", "\"leader\" or \"allCandidates\" (default \"allCandidates\")". */
function paramType(p: ParamSchema): string {
  let type = p.enum ? p.enum.map((v) => JSON.stringify(v)).join(' or ') : (p.type ?? 'any value');
  const bounded = (v: number | undefined) => v !== undefined && Math.abs(v) < Number.MAX_SAFE_INTEGER;
  if (bounded(p.minimum) && bounded(p.maximum)) type += ` from ${p.minimum} to ${p.maximum}`;
  else if (bounded(p.minimum)) type += ` from ${p.minimum}`;
  else if (bounded(p.maximum)) type += ` up to ${p.maximum}`;
  return p.default !== undefined ? `${type} (default ${JSON.stringify(p.default)})` : type;
}

/**
 * `rules facts [--scope KIND] [--json]`: every fact a rule may name, what it measures, on what, the kind of value
 * it gives, with which params.
 */
function listFacts(args: string[], io: Io): number {
  const { values, positionals } = parse(args, {
    scope: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  if (positionals.length > 0) throw new UsageError('rules facts takes no arguments; use --scope KIND');
  // It reads no file and has nothing to log, but takes --log-level as every command does, and checks it.
  logLevelOption(values['log-level']);
  const scope = values.scope as string | undefined;
  const kinds = SubjectKindSchema.options as readonly string[];
  if (scope !== undefined && !kinds.includes(scope)) {
    throw new UsageError(`unknown scope "${scope}": expected one of ${kinds.join(', ')}`);
  }
  const list = facts
    .filter((f) => scope === undefined || (f.scopes as readonly string[]).includes(scope))
    .map((f) => {
      const schema = f.params
        ? (z.toJSONSchema(f.params, { io: 'input', unrepresentable: 'any' }) as {
            properties?: Record<string, ParamSchema>;
          })
        : undefined;
      return {
        id: f.id,
        scopes: [...f.scopes],
        description: f.description,
        ...(f.returns ? { value: shapeWords(f.returns) } : {}),
        params: schema?.properties ?? {},
      };
    });
  if (values.json) {
    io.out(`${JSON.stringify(list, null, 2)}\n`);
    return EXIT.ok;
  }
  const lines: string[] = [];
  for (const f of list) {
    lines.push(`${f.id} (${f.scopes.join(', ')})`, ...wrap(f.description, '  '));
    if (f.value) lines.push(`  value: ${f.value}`);
    const params = Object.entries(f.params);
    if (params.length > 0) {
      lines.push('  params:');
      for (const [name, p] of params) {
        // A hanging indent, so each parameter starts a line of its own.
        const [first = '', ...rest] = wrap(
          `${name}: ${paramType(p)}${p.description ? `. ${p.description}` : ''}`,
          '      ',
        );
        lines.push(`    ${first.trimStart()}`, ...rest);
      }
    }
  }
  io.out(`${lines.join('\n')}\n`);
  return EXIT.ok;
}
