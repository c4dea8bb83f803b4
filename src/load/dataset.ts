/** Loads a dataset: JSON with positions, the zod schema, then references between its parts and printed forms. */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { type Dataset, DatasetSchema, type Figure } from '../schema/dataset.js';
import { MappingSchema } from '../schema/mapping.js';
import { PRINTED_FORMS, readingsOf, readsAs } from '../schema/printed.js';
import { RuleFileSchema } from '../schema/rule.js';
import { InputError, type InputProblem } from './errors.js';
import { type JsonDocument, readJsonFile } from './json.js';
import { checkLocators } from './locators.js';
import { besideDataset, refuseNamedFile } from './paths.js';
import { positionOf, zodProblems } from './zod-problems.js';

/** A validated dataset and its file. */
export interface LoadedDataset {
  file: string;
  sha256: string;
  doc: JsonDocument;
  data: Dataset;
  /** Paragraphs of each source whose text file could be read, by source id. */
  sourceTexts: Map<string, string[]>;
}

/** Splits a source text into paragraphs: blocks separated by blank lines, trimmed, 1-based by position. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\r?\n[ \t]*\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** How a dataset is loaded. */
export interface LoadOptions {
  /** Folders besides the dataset's own whose files it may name (real paths, see allowedFolders). */
  allowRead?: readonly string[];
}

/** The largest source text read (a news report or a commission's statement is a few hundred KiB at most). */
export const MAX_SOURCE_BYTES = 16 * 1024 * 1024;

/** Loads and checks a dataset file; throws InputError listing every problem. */
export function loadDataset(file: string, options: LoadOptions = {}): LoadedDataset {
  const doc = readJsonFile(file);
  const parsed = DatasetSchema.safeParse(doc.value);
  if (!parsed.success) {
    // Another of tallycheck's files given where a dataset goes: one problem that says so, not every key.
    const other = otherKind(doc.value);
    if (other) {
      throw new InputError([
        {
          code: 'data-not-a-dataset',
          file: doc.file,
          message: `this is ${other.what}, not a dataset`,
          expected: 'a dataset (schemas/dataset.schema.json)',
          hint: other.hint,
        },
      ]);
    }
    throw new InputError(zodProblems(parsed.error, doc, 'data'));
  }
  const data = parsed.data;
  const problems = checkReferences(data, doc);
  if (problems.length > 0) throw new InputError(problems);
  const sourceTexts = new Map<string, string[]>();
  data.sources.forEach((source, i) => {
    if (!source.file) return;
    const pointer = `/sources/${i}/file`;
    const path = besideDataset(file, source.file);
    const refusal = refuseNamedFile(file, path, options.allowRead ?? []);
    const size = refusal ? 0 : statSync(path).size;
    if (refusal || size > MAX_SOURCE_BYTES) {
      problems.push({
        code: refusal?.code ?? 'file-too-large',
        file: doc.file,
        pointer,
        ...positionOf(doc, pointer),
        message: `source text ${source.file}: ${refusal?.message ?? `${size} bytes, more than the ${MAX_SOURCE_BYTES} read`}`,
        hint: refusal?.hint ?? 'A source text is the report or statement that prints the figures.',
      });
      return;
    }
    sourceTexts.set(source.id, paragraphs(readFileSync(path, 'utf8')));
  });
  if (problems.length === 0) problems.push(...checkLocators(data, doc, sourceTexts));
  if (problems.length > 0) throw new InputError(problems);
  return { file, sha256: createHash('sha256').update(doc.text).digest('hex'), doc, data, sourceTexts };
}

/** What a file that is not a dataset is, when it is one of tallycheck's other files. */
function otherKind(value: unknown): { what: string; hint: string } | undefined {
  if (MappingSchema.safeParse(value).success) {
    return {
      what: "a precinct table's mapping",
      hint:
        'A dataset names the table and its mapping in "precincts"; "tallycheck data new TABLE --mapping FILE ' +
        '--out DATASET.json ..." writes one. Validate or audit that dataset.',
    };
  }
  if (RuleFileSchema.safeParse(value).success) {
    return {
      what: 'a rule file',
      hint: 'Give rules with --rules DIR (or check them with "tallycheck rules validate").',
    };
  }
  const o = value as { tool?: { name?: unknown }; reportVersion?: unknown } | null;
  if (o !== null && typeof o === 'object' && o.tool?.name === 'tallycheck' && 'reportVersion' in o) {
    return { what: "tallycheck's report", hint: 'Give the dataset the report was made from.' };
  }
  return undefined;
}

/** Every figure of a dataset with its JSON pointer, found by walking the validated value. */
export function allFigures(data: unknown, pointer = ''): { figure: Figure; pointer: string }[] {
  if (data === null || typeof data !== 'object') return [];
  const o = data as Record<string, unknown>;
  if (typeof o.printed === 'string' && 'value' in o && 'at' in o) {
    return typeof o.value === 'number' ? [{ figure: o as unknown as Figure, pointer }] : [];
  }
  return Object.keys(o).flatMap((k) => allFigures(o[k], `${pointer}/${k}`));
}

function checkReferences(data: Dataset, doc: JsonDocument): InputProblem[] {
  const problems: InputProblem[] = [];
  const add = (pointer: string, code: string, message: string, extra: Partial<InputProblem> = {}) =>
    problems.push({ code, file: doc.file, pointer, ...positionOf(doc, pointer), message, ...extra });
  const unique = (ids: string[], where: string, what: string) => {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (seen.has(id)) add(`/${where}/${i}/id`, 'data-duplicate-id', `${what} id "${id}" is used twice`);
      seen.add(id);
    });
    return seen;
  };
  const candidates = unique(
    data.candidates.map((c) => c.id),
    'candidates',
    'candidate',
  );
  const sources = unique(
    data.sources.map((s) => s.id),
    'sources',
    'source',
  );
  const releases = unique(
    data.releases.map((r) => r.id),
    'releases',
    'release',
  );
  unique(
    data.estimates.map((e) => e.id),
    'estimates',
    'estimate',
  );
  unique(
    data.missions.map((m) => m.id),
    'missions',
    'mission',
  );
  unique(
    data.claims.map((c) => c.id),
    'claims',
    'claim',
  );
  const known = (set: Set<string>) => [...set].map((x) => `"${x}"`).join(', ');
  const candidateRef = (id: string, pointer: string) => {
    if (!candidates.has(id)) {
      add(pointer, 'data-unknown-candidate', `unknown candidate "${id}"`, {
        expected: `a candidate id listed in /candidates: ${known(candidates)}`,
      });
    }
  };
  data.releases.forEach((r, i) => {
    if (!sources.has(r.source)) {
      add(`/releases/${i}/source`, 'data-unknown-source', `unknown source "${r.source}"`, {
        expected: known(sources),
      });
    }
    r.results.forEach((res, j) => candidateRef(res.candidate, `/releases/${i}/results/${j}/candidate`));
    r.changes?.forEach((c, j) =>
      c.candidates?.forEach((id, k) => candidateRef(id, `/releases/${i}/changes/${j}/candidates/${k}`)),
    );
  });
  data.estimates.forEach((e, i) =>
    e.shares.forEach((s, j) => candidateRef(s.candidate, `/estimates/${i}/shares/${j}/candidate`)),
  );
  data.claims.forEach((c, i) => {
    if (c.kind !== 'leader') return;
    candidateRef(c.candidate, `/claims/${i}/candidate`);
    if (c.release && !releases.has(c.release)) {
      add(`/claims/${i}/release`, 'data-unknown-release', `unknown release "${c.release}"`, {
        expected: known(releases),
      });
    }
  });
  const checkLocator = (at: { source: string } | undefined, pointer: string) => {
    if (at && !sources.has(at.source)) {
      add(`${pointer}/source`, 'data-unknown-source', `unknown source "${at.source}"`, {
        expected: known(sources),
      });
    }
  };
  for (const { figure, pointer } of allFigures(data)) {
    checkLocator(figure.at, `${pointer}/at`);
    checkPrinted(figure, pointer, add);
  }
  data.candidates.forEach((c, i) => checkLocator(c.at, `/candidates/${i}/at`));
  data.estimates.forEach((e, i) => checkLocator(e.at, `/estimates/${i}/at`));
  data.claims.forEach((c, i) => checkLocator(c.at, `/claims/${i}/at`));
  data.releases.forEach((r, i) =>
    r.changes?.forEach((c, j) => checkLocator(c.at, `/releases/${i}/changes/${j}/at`)),
  );
  return problems;
}

/**
 * A figure's printed form must state a number, and its value under one reading: "49,1" is 49.1 (decimal comma),
 * "412.345" is 412.345 or 412345 ("." grouping thousands), and the value says which. A form read no way would
 * leave the figure without its rounding allowance, so it is a problem, not a figure to skip.
 */
function checkPrinted(
  figure: Figure,
  pointer: string,
  add: (pointer: string, code: string, message: string, extra?: Partial<InputProblem>) => void,
): void {
  const readings = readingsOf(figure.printed);
  if (readings.length === 0) {
    add(
      `${pointer}/printed`,
      'data-printed-unreadable',
      'the printed form states no number that can be read',
      {
        found: `printed ${JSON.stringify(figure.printed)}`,
        expected: PRINTED_FORMS,
        hint: 'Copy the figure as the source prints it, digits and unit only; its precision comes from the digits.',
      },
    );
    return;
  }
  if (readings.some((r) => readsAs(r, figure.value))) return;
  add(`${pointer}/value`, 'data-printed-mismatch', 'the value differs from its printed form', {
    found: `value ${figure.value}, printed ${JSON.stringify(figure.printed)}`,
    expected: `value ${readings.map((r) => `${r.value} (read with ${r.reading})`).join(' or ')}`,
  });
}
