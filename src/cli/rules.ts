/** `tallycheck rules list|validate`: show or check a rule pack. */
import { join, relative } from 'node:path';
import { UsageError } from '../load/errors.js';
import { loadRules } from '../load/rules.js';
import { EXIT, type Io, PACKAGE_ROOT, parse } from './main.js';

function bundled(): string {
  return relative(process.cwd(), join(PACKAGE_ROOT, 'rules')) || '.';
}

/** Runs `rules list` or `rules validate`. */
export function rulesCommand(args: string[], io: Io): number {
  const [sub, ...rest] = args;
  if (sub === 'list') {
    const { values, positionals } = parse(rest, {
      rules: { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    if (positionals.length > 0) throw new UsageError(`rules list takes no file arguments; use --rules DIR`);
    const rules = loadRules((values.rules as string | undefined) ?? bundled());
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
    const { positionals } = parse(rest, {});
    if (positionals.length > 1) throw new UsageError('rules validate takes one directory');
    const dir = positionals[0] ?? bundled();
    const rules = loadRules(dir);
    io.out(`${dir}: ${rules.length} rule(s) valid\n`);
    return EXIT.ok;
  }
  throw new UsageError(`unknown rules command "${sub ?? ''}": expected "list" or "validate"`);
}
