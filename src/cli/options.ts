/** Option values shared by commands: --fail-on, comma-separated --format lists, --log-level and --rules. */
import type { Logger } from 'pino';
import { UsageError } from '../load/errors.js';
import { createLogger, LOG_LEVELS, type LogLevel } from '../log.js';
import { type FailOn, FailOnSchema } from '../schema/report.js';

/** Reads --fail-on. */
export function failOnOption(value: unknown): FailOn {
  const parsed = FailOnSchema.safeParse(value);
  if (!parsed.success) {
    throw new UsageError(
      `--fail-on "${String(value)}" is not a level: expected error, warning, info or never`,
    );
  }
  return parsed.data;
}

/**
 * Reads a comma-separated --format list (case-insensitive, duplicates dropped) and looks each name up,
 * through aliases; an unknown name is a usage error listing the known ones.
 */
export function formatsOption<T>(
  value: unknown,
  known: ReadonlyMap<string, T>,
  aliases: Readonly<Record<string, string>> = {},
): T[] {
  const names = String(value)
    .split(',')
    .map((f) => f.trim().toLowerCase())
    .filter(Boolean)
    .map((f) => (Object.hasOwn(aliases, f) ? (aliases[f] as string) : f));
  if (names.length === 0) {
    throw new UsageError(
      `--format names no format: expected a comma-separated list of ${[...known.keys()].join(', ')}`,
    );
  }
  return [...new Set(names)].map((name) => {
    const found = known.get(name);
    if (found === undefined) {
      throw new UsageError(
        `unknown format "${name}": expected a comma-separated list of ${[...known.keys()].join(', ')}`,
      );
    }
    return found;
  });
}

/** The logger at --log-level (which every command takes, see main.ts's parse), then LOG_LEVEL, then warn. */
export function commandLogger(values: { 'log-level'?: string }): Logger {
  return createLogger(logLevelOption(values['log-level']));
}

/** Reads --log-level, then LOG_LEVEL, defaulting to warn. */
export function logLevelOption(option: string | undefined): LogLevel {
  const level = option ?? (process.env.LOG_LEVEL || 'warn');
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new UsageError(`unknown log level "${level}": expected one of ${LOG_LEVELS.join(', ')}`);
  }
  return level as LogLevel;
}

/**
 * Reads --rules, which may be given more than once to combine packs (`--rules rules/core --rules my-rules`):
 * the directories (or rule files) given, in order, or `fallback` without any.
 */
export function rulesOption(value: unknown, fallback: string): string[] {
  const given = Array.isArray(value) ? (value as string[]) : typeof value === 'string' ? [value] : [];
  return given.length > 0 ? given : [fallback];
}
