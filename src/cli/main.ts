/** The command line: parses arguments, dispatches to commands, and maps errors to exit codes. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { formatProblem, InputError, UsageError } from '../load/errors.js';
import { terminalText } from '../printable.js';
import {
  AUDIT_HELP,
  DATA_HELP,
  DIFF_HELP,
  EXPLAIN_HELP,
  MAIN_HELP,
  MAP_HELP,
  RULES_HELP,
  SYNTH_HELP,
} from './help.js';

// zod compiles each object schema's parser with new Function on its first parse (its "JIT"). A command parses
// each schema a few times, and that compiled code is not in the bundle's code cache (load-bundle.ts): parsing
// without it took the bundled audit 214 ms against 236 ms (means of 24 runs), and a 1M-row audit no longer than
// before. The values parsed are the same either way.
z.config({ jitless: true });

/** Exit codes. */
export const EXIT = { ok: 0, findings: 1, error: 2 } as const;

/** The package root (where package.json and the bundled rules/ live). */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The tool version from package.json. */
export function toolVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string })
    .version;
}

/** Output streams, replaceable in tests. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/**
 * The process's streams. A reader that goes away (`tallycheck rules facts | head`) closes the pipe: the rest of
 * the output is dropped, as other command-line tools do, and the command ends with its own exit code (an
 * audit's reports are written before its summary), not with an unhandled EPIPE and a stack trace.
 */
function processIo(): Io {
  const closed = { out: false, err: false };
  const guard = (stream: NodeJS.WriteStream, which: keyof typeof closed) => {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      closed[which] = true;
    });
    return (text: string) => {
      if (!closed[which]) stream.write(text);
    };
  };
  return { out: guard(process.stdout, 'out'), err: guard(process.stderr, 'err') };
}

let processStreams: Io | undefined;

/** The process's streams, guarded once for all the runs of main in this process. */
function defaultIo(): Io {
  processStreams ??= processIo();
  return processStreams;
}

/**
 * The options every command takes, defined once here rather than in each command's table (a command that
 * forgot one refused it): --log-level, read by options.ts's commandLogger.
 */
export const COMMON_OPTIONS = { 'log-level': { type: 'string' } } as const;

/**
 * Parses options strictly, the command's and the common ones; an unknown option or a missing value is a usage
 * error.
 */
export function parse<T extends NonNullable<Parameters<typeof parseArgs>[0]>['options']>(
  args: string[],
  options: T,
) {
  try {
    return parseArgs({
      args,
      options: { ...COMMON_OPTIONS, ...options } as typeof COMMON_OPTIONS & T,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, '.'));
  }
}

function showHelp(io: Io, text: string): number {
  io.out(`${text}\n`);
  return EXIT.ok;
}

/** Runs the CLI with arguments (without node and script); resolves to the exit code. */
export async function main(argv: string[], given: Io = defaultIo()): Promise<number> {
  // Everything printed can hold text from inputs (names, ids, messages): no control character in it reaches
  // the terminal as one (see printable.ts).
  const io: Io = {
    out: (text) => given.out(terminalText(text)),
    err: (text) => given.err(terminalText(text)),
  };
  const verbose = argv.includes('--verbose');
  const args = argv.filter((a) => a !== '--verbose');
  try {
    const [command, ...rest] = args;
    if (command === undefined || command === '-h' || command === '--help') {
      io.out(`${MAIN_HELP}\n`);
      return command === undefined ? EXIT.error : EXIT.ok;
    }
    if (command === '-v' || command === '--version') {
      io.out(`${toolVersion()}\n`);
      return EXIT.ok;
    }
    if (command === 'help') {
      const topic = rest[0];
      const topics: Record<string, string> = {
        audit: AUDIT_HELP,
        data: DATA_HELP,
        rules: RULES_HELP,
        explain: EXPLAIN_HELP,
        diff: DIFF_HELP,
        map: MAP_HELP,
        synth: SYNTH_HELP,
      };
      if (topic !== undefined && !Object.hasOwn(topics, topic)) {
        throw new UsageError(`no help on "${topic}": expected one of ${Object.keys(topics).join(', ')}`);
      }
      io.out(`${topic === undefined ? MAIN_HELP : (topics[topic] as string)}\n`);
      return EXIT.ok;
    }
    const wantsHelp = rest.includes('-h') || rest.includes('--help');
    switch (command) {
      case 'audit': {
        if (wantsHelp) return showHelp(io, AUDIT_HELP);
        // Before the audit's modules load: a large table's reader thread starts while they do.
        await (await import('../precinct/warm.js')).warmForDataset(rest);
        const { audit } = await import('./audit.js');
        return await audit(rest, io);
      }
      case 'data': {
        if (wantsHelp) return showHelp(io, DATA_HELP);
        if (rest[0] === 'new') {
          const { newDataset } = await import('./data-new.js');
          return await newDataset(rest.slice(1), io);
        }
        if (rest[0] !== 'validate') {
          throw new UsageError(
            `unknown data command "${rest[0] ?? ''}": expected "tallycheck data validate FILE..." or "tallycheck data new TABLE ..."`,
          );
        }
        const { validateData } = await import('./data.js');
        return await validateData(rest.slice(1), io);
      }
      case 'rules': {
        if (wantsHelp) return showHelp(io, RULES_HELP);
        const { rulesCommand } = await import('./rules.js');
        return rulesCommand(rest, io);
      }
      case 'explain': {
        if (wantsHelp) return showHelp(io, EXPLAIN_HELP);
        const { explain } = await import('./explain.js');
        return await explain(rest, io);
      }
      case 'diff': {
        if (wantsHelp) return showHelp(io, DIFF_HELP);
        const { diff } = await import('./diff.js');
        return await diff(rest, io);
      }
      case 'map': {
        if (wantsHelp) return showHelp(io, MAP_HELP);
        const { mapCommand } = await import('./precinct.js');
        return await mapCommand(rest, io);
      }
      case 'synth': {
        if (wantsHelp) return showHelp(io, SYNTH_HELP);
        const { synthCommand } = await import('./precinct.js');
        return await synthCommand(rest, io);
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof InputError) {
      io.err(`${error.problems.map(formatProblem).join('\n')}\n`);
      io.err(`tallycheck: ${error.problems.length} input problem(s); nothing was written.\n`);
      return EXIT.error;
    }
    if (error instanceof UsageError) {
      io.err(`tallycheck: ${error.message}\nRun "tallycheck --help" for usage.\n`);
      return EXIT.error;
    }
    io.err(`tallycheck: internal error: ${(error as Error).message}\n`);
    if (verbose) io.err(`${(error as Error).stack}\n`);
    else io.err('Run again with --verbose for the stack trace, and please report it.\n');
    return EXIT.error;
  }
}
