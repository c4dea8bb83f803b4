/**
 * `tallycheck data new TABLE --mapping FILE --out FILE ...`: writes a dataset that names a precinct table and its
 * mapping, with the mapping's candidates, so that a table and a drafted mapping (`map suggest`) can be audited
 * without writing the dataset by hand. What no file states (the election, who published the table) comes from
 * the options; nothing is guessed.
 */
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { InputError, UsageError } from '../load/errors.js';
import { readJsonFile } from '../load/json.js';
import { refuseNamedFile } from '../load/paths.js';
import { loadPrecinctTables } from '../load/precinct.js';
import { zodProblems } from '../load/zod-problems.js';
import { printable } from '../printable.js';
import { type Dataset, DatasetSchema, IdSchema } from '../schema/dataset.js';
import { MappingSchema } from '../schema/mapping.js';
import { checkHead } from './data.js';
import { EXIT, type Io, parse } from './main.js';
import { commandLogger } from './options.js';
import { pathFrom, schemaFrom } from './precinct.js';
import { writeAllAtomic } from './write.js';

/** The options that fill a part of the dataset, with the JSON pointer each fills (for errors). */
const FIELDS = {
  country: '/election/country',
  office: '/election/office',
  date: '/election/date',
  kind: '/election/kind',
  publisher: '/sources/0/publisher',
  url: '/sources/0/url',
  id: '/id',
  title: '/title',
} as const;

/** The options without which there is no dataset. */
const REQUIRED = ['mapping', 'out', 'country', 'office', 'date', 'publisher'] as const;

/** The id of the one source the dataset gets: the table's publisher. */
const SOURCE_ID = 'table-publisher';

/** A kebab-case id from a file name ("Results 2024.csv" or ".csv.gz" → "results-2024"), or "" when none is left. */
export function idFromName(file: string): string {
  return basename(file)
    .replace(/\.gz$/i, '')
    .replace(/\.[^.]*$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Runs `data new`; resolves to the exit code. Writes nothing unless the dataset, its mapping and table's start are valid. */
export async function newDataset(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    mapping: { type: 'string' },
    out: { type: 'string' },
    country: { type: 'string' },
    office: { type: 'string' },
    date: { type: 'string' },
    kind: { type: 'string', default: 'regular' },
    publisher: { type: 'string' },
    url: { type: 'string' },
    id: { type: 'string' },
    title: { type: 'string' },
    force: { type: 'boolean', default: false },
  });
  if (positionals.length !== 1) {
    throw new UsageError(
      `data new takes one precinct table (CSV or NDJSON), got ${positionals.length === 0 ? 'none' : positionals.length}`,
    );
  }
  const missing = REQUIRED.filter((name) => values[name] === undefined);
  if (missing.length > 0) {
    throw new UsageError(
      `data new needs ${missing.map((m) => `--${m}`).join(', ')} ("tallycheck help data" says what each gives)`,
    );
  }
  const log = commandLogger(values);
  const table = positionals[0] as string;
  const mappingFile = values.mapping as string;
  const out = values.out as string;
  for (const [file, what] of [
    [table, 'table'],
    [mappingFile, 'mapping'],
  ] as const) {
    if (!existsSync(file)) throw new UsageError(`the ${what} ${printable(file)} does not exist`);
    if (resolve(file) === resolve(out))
      throw new UsageError(`--out names the ${what} itself: ${printable(out)}`);
  }
  if (existsSync(out) && !values.force) {
    throw new UsageError(`${printable(out)} exists: --force replaces it`);
  }
  const id = values.id ?? idFromName(out);
  if (values.id === undefined && !IdSchema.safeParse(id).success) {
    throw new UsageError(
      `no dataset id can be made from the file name "${printable(basename(out))}": give one with --id (kebab-case, such as "albania-2013")`,
    );
  }

  // The mapping first: its candidates are the dataset's.
  const doc = readJsonFile(mappingFile);
  const mapping = MappingSchema.safeParse(doc.value);
  if (!mapping.success) throw new InputError(zodProblems(mapping.error, doc, 'mapping'));
  log.info({ file: mappingFile, candidates: mapping.data.candidates.length }, 'mapping loaded');

  const dataset = {
    $schema: schemaFrom(out, 'dataset.schema.json'),
    schemaVersion: 1,
    id,
    ...(values.title !== undefined ? { title: values.title } : {}),
    election: { country: values.country, office: values.office, date: values.date, kind: values.kind },
    sources: [
      {
        id: SOURCE_ID,
        publisher: values.publisher,
        title: `Precinct table ${basename(table)}`,
        ...(values.url !== undefined ? { url: values.url } : {}),
      },
    ],
    candidates: mapping.data.candidates.map((c) => ({ id: c.id, name: c.name ?? c.column })),
    precincts: [
      {
        id: IdSchema.safeParse(idFromName(table)).success ? idFromName(table) : 'table',
        table: pathFrom(out, table),
        mapping: pathFrom(out, mappingFile),
        source: SOURCE_ID,
      },
    ],
  };
  const parsed = DatasetSchema.safeParse(dataset);
  if (!parsed.success) {
    // The options are all that can be wrong here (the mapping has passed): name the option, not a pointer.
    const lines = parsed.error.issues.map((issue) => {
      const pointer = `/${issue.path.join('/')}`;
      const option = Object.entries(FIELDS).find(([, p]) => p === pointer)?.[0];
      return option ? `--${option}: ${issue.message}` : `${pointer}: ${issue.message}`;
    });
    throw new UsageError(`data new cannot write this dataset:\n  ${lines.join('\n  ')}`);
  }

  // The table and the mapping as the audit will read them from the dataset's folder: the files themselves are
  // named on this command line, so their folders are allowed here; the audit will need --allow-read for a file
  // outside the dataset's folder, and says so.
  const folders = [dirname(realpathSync(table)), dirname(realpathSync(mappingFile))];
  for (const info of loadPrecinctTables(out, parsed.data as Dataset, { allowRead: folders })) {
    await checkHead(info);
    log.info({ table: info.entry.id, file: info.file }, 'table head read');
  }

  writeAllAtomic([{ path: out, content: `${JSON.stringify(dataset, null, 2)}\n` }]);
  log.info({ file: out }, 'dataset written');
  // Files outside the dataset's folder: the audit reads them only from folders allowed (paths.ts).
  const outside = [table, mappingFile].filter((file) => refuseNamedFile(out, file, []) !== undefined);
  const allow = [...new Set(outside.map((file) => dirname(resolve(file))))]
    .map((dir) => `--allow-read ${printable(dir)}`)
    .join(' ');
  io.err(
    `wrote ${printable(out)}: ${dataset.candidates.length} candidates from the mapping, and the table.\n` +
      (outside.length > 0
        ? `note: ${outside.map((file) => printable(file)).join(' and ')} ${outside.length > 1 ? 'lie' : 'lies'} ` +
          `outside the dataset's folder: the audit reads ${outside.length > 1 ? 'them' : 'it'} with ${allow}\n`
        : '') +
      `next: tallycheck audit ${printable(out)}${outside.length > 0 ? ` ${allow}` : ''}\n`,
  );
  return EXIT.ok;
}
