/** `tallycheck map suggest` and `tallycheck synth`: draft a mapping from a table's header; write a seeded synthetic table. */
import { createWriteStream, mkdirSync, openSync, rmSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { finished, pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { createGzip } from 'node:zlib';
import { UsageError } from '../load/errors.js';
import { readSample } from '../precinct/sample.js';
import { suggestMapping } from '../precinct/suggest.js';
import {
  type SynthFormat,
  type SynthOptions,
  type SynthSummary,
  synthMapping,
  writeSynthTable,
} from '../precinct/synth.js';
import { printable } from '../printable.js';
import { EXIT, type Io, PACKAGE_ROOT, parse } from './main.js';
import { commandLogger } from './options.js';
import { cannotWrite, writeAllAtomic } from './write.js';

/** Runs `map suggest FILE [--out FILE]`: prints (or writes) a draft mapping and notes on what was guessed. */
export async function mapCommand(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'suggest')
    throw new UsageError(`unknown map command "${sub ?? ''}": expected "map suggest FILE"`);
  const { values, positionals } = parse(rest, {
    out: { type: 'string' },
    rows: { type: 'string', default: '1000' },
  });
  if (positionals.length !== 1) throw new UsageError('map suggest takes one table file (CSV or NDJSON)');
  const file = positionals[0] as string;
  const log = commandLogger(values);
  const sample = await readSample(file, positiveInteger(values.rows, '--rows'));
  log.info(
    { file, rows: sample.rows.length, columns: sample.header.length, format: sample.format },
    'table sample read',
  );
  const { mapping, notes } = suggestMapping(sample.header, sample.rows, sample.format, { file });
  if (sample.notUtf8Line !== undefined) {
    notes.unshift(
      `The table is not UTF-8 (line ${sample.notUtf8Line} is not): its names show "\uFFFD" here and in every ` +
        'report. Save it as UTF-8 (in Excel, "CSV UTF-8"; or iconv -f WINDOWS-1252 -t UTF-8 FILE) and draft again.',
    );
  }
  for (const note of notes) io.err(`note: ${note}\n`);
  if (values.out) {
    const out = String(values.out);
    const text = `${JSON.stringify({ $schema: schemaFrom(out), ...mapping }, null, 2)}\n`;
    writeAllAtomic([{ path: out, content: text }]);
    log.info({ file: out }, 'mapping written');
    io.err(
      `wrote ${printable(out)}: review it, then name it in a dataset's "precincts" entry, or write a dataset for ` +
        `the table: tallycheck data new ${printable(file)} --mapping ${printable(out)} --out DATASET.json ... ` +
        '(tallycheck help data)\n',
    );
  } else {
    // No "$schema": printed, the mapping has no folder to find the schema from.
    io.out(`${JSON.stringify(mapping, null, 2)}\n`);
  }
  return EXIT.ok;
}

/**
 * The installed schema (the mapping's unless named) as a file written at `out` names it: relative to the file's
 * folder, with "/" (an editor resolves "$schema" from the file); a file URL where no relative path leads (another
 * drive).
 */
export function schemaFrom(out: string, schemaFile = 'mapping.schema.json'): string {
  const schema = join(PACKAGE_ROOT, 'schemas', schemaFile);
  const path = pathFrom(out, schema);
  return isAbsolute(path) ? pathToFileURL(schema).href : path;
}

/**
 * `file` as a file written at `out` names it: relative to that file's folder, with "/" on every system (as the
 * bundled datasets write their paths); absolute where no relative path leads (another drive).
 */
export function pathFrom(out: string, file: string): string {
  const path = relative(dirname(resolve(out)), resolve(file));
  return isAbsolute(path) ? path : path.split(sep).join('/');
}

function positiveInteger(value: unknown, option: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${option} takes a whole number of at least 1, got "${String(value)}"`);
  return n;
}

function atLeastTwo(n: number): number {
  if (n < 2)
    throw new UsageError(
      '--candidates takes at least 2: the planted patterns move votes from rivals to the leader',
    );
  return n;
}

function share(value: unknown, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new UsageError(`${option} takes a share between 0 and 1, got "${String(value)}"`);
  return n;
}

/** The tables synth writes, by how the --out name ends: what the audit's table reader reads (gzip by its bytes). */
const SYNTH_OUTPUTS: readonly { ending: string; format: SynthFormat; gzip: boolean }[] = [
  { ending: '.csv', format: 'csv', gzip: false },
  { ending: '.csv.gz', format: 'csv', gzip: true },
  { ending: '.ndjson', format: 'ndjson', gzip: false },
  { ending: '.ndjson.gz', format: 'ndjson', gzip: true },
];

/** The format and compression the --out name asks for; a usage error, before anything is written, for another. */
function synthOutput(out: string): (typeof SYNTH_OUTPUTS)[number] {
  const found = SYNTH_OUTPUTS.find((o) => out.toLowerCase().endsWith(o.ending));
  if (found) return found;
  throw new UsageError(
    `synth writes the format its --out name ends with: ${SYNTH_OUTPUTS.map((o) => o.ending).join(', ')} ` +
      `(.gz: gzip-compressed); got "${printable(out)}"`,
  );
}

const NOT_WRITABLE_HINT = '--out names the table file; its folder is created if missing.';

/**
 * Writes the table to `out`, gzip-compressed when asked. A file that cannot be opened is an error before any row
 * is drawn; one that fails while written (a full disk) is removed, so no table cut short is left behind.
 */
async function writeSynthFile(
  out: string,
  options: SynthOptions,
  format: SynthFormat,
  gzip: boolean,
): Promise<SynthSummary> {
  let fd: number;
  try {
    mkdirSync(dirname(out), { recursive: true });
    fd = openSync(out, 'w');
  } catch (error) {
    throw cannotWrite(out, error, NOT_WRITABLE_HINT);
  }
  const file = createWriteStream('', { fd });
  // Node's gzip header holds no time or file name, so a seed gives the same bytes with the same zlib.
  const zip = gzip ? createGzip() : undefined;
  const sink = zip ?? file;
  try {
    // Awaited together: a write error ends the command at once instead of leaving it waiting for 'drain'.
    const [summary] = await Promise.all([
      writeSynthTable(sink, options, format).then((s) => {
        sink.end();
        return s;
      }),
      zip ? pipeline(zip, file) : finished(file),
    ]);
    return summary;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).syscall === undefined) throw error;
    file.destroy();
    rmSync(out, { force: true });
    throw cannotWrite(out, error, NOT_WRITABLE_HINT);
  }
}

/**
 * Runs `synth --rows N --seed S [--candidates K] [--regions R] [--stuffing X] [--rounding X]
 * [--invented-digits X] [--slips N] --out FILE.csv|.csv.gz|.ndjson|.ndjson.gz [--mapping FILE.json]`.
 */
export async function synthCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    rows: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    candidates: { type: 'string', default: '7' },
    regions: { type: 'string', default: '10' },
    stuffing: { type: 'string' },
    rounding: { type: 'string' },
    'invented-digits': { type: 'string' },
    slips: { type: 'string' },
    out: { type: 'string' },
    mapping: { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError('synth takes no file arguments; use --out FILE.csv');
  if (!values.out)
    throw new UsageError('synth needs --out FILE.csv (and --mapping FILE.json for its mapping)');
  const stuffing = share(values.stuffing, '--stuffing');
  const rounding = share(values.rounding, '--rounding');
  const inventedDigits = share(values['invented-digits'], '--invented-digits');
  const options = {
    rows: positiveInteger(values.rows, '--rows'),
    seed: positiveInteger(values.seed, '--seed'),
    candidates: atLeastTwo(positiveInteger(values.candidates, '--candidates')),
    regions: positiveInteger(values.regions, '--regions'),
    inject: {
      ...(stuffing !== undefined ? { stuffing } : {}),
      ...(rounding !== undefined ? { rounding } : {}),
      ...(inventedDigits !== undefined ? { inventedDigits } : {}),
      ...(values.slips !== undefined ? { arithmeticSlips: positiveInteger(values.slips, '--slips') } : {}),
    },
  };
  const log = commandLogger(values);
  const out = String(values.out);
  const { format, gzip } = synthOutput(out);
  const summary = await writeSynthFile(out, options, format, gzip);
  if (values.mapping) {
    const mapping = synthMapping(options, format);
    writeAllAtomic([{ path: String(values.mapping), content: `${JSON.stringify(mapping, null, 2)}\n` }]);
    log.info({ file: String(values.mapping) }, 'mapping written');
  }
  log.info({ file: out, rows: summary.rows, seed: options.seed }, 'table written');
  io.out(
    `${out}: ${summary.rows} rows (seed ${options.seed}); injected: stuffing ${summary.stuffing}, rounding ` +
      `${summary.rounding}, invented digits ${summary.inventedDigits}, arithmetic slips ${summary.arithmeticSlip}\n`,
  );
  return EXIT.ok;
}
