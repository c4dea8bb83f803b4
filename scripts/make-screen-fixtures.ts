/** Writes the seeded tables and datasets of the screening rules' fixtures: `npx tsx scripts/make-screen-fixtures.ts`. */
// Writes tests/fixtures/screen/*.csv, its mapping and insufficient.json, and tests/rules/<rule-id>/{pass,fail}.json
// (fail.expected.json is written by hand after review). With `--bench N DIR` it writes instead an N-row clean
// table, its mapping and a dataset to DIR, for timing the rules with the CLI.
//
// Every table shares four clean regions (R01..R04, 400 units each); a fifth region R05 (400 units) is clean in
// clean.csv and carries one injected pattern in the other tables, so each fail fixture shows the whole table
// and the one region flagged (or only the region, where the pattern is too diluted over the table).
// tiny.csv (15 units, two regions) is below every test's minimum.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  type SynthInjections,
  type SynthUnit,
  synthCsvHeader,
  synthCsvRow,
  synthTable,
} from '../src/stats/index.js';

const DIR = join('tests', 'fixtures', 'screen');
const CANDIDATES = 3;
const BASE = { seed: 2012, units: 1600, regions: 4, candidates: CANDIDATES };
const R05 = { seed: 2016, units: 400, regions: 1, candidates: CANDIDATES };

/** The tables: the pattern, the share of R05's units that carry it, and R05's station sizes when not the default. */
const TABLES: Record<string, { inject: SynthInjections; registered?: { min: number; max: number } }> = {
  clean: { inject: {} },
  stuffing: { inject: { stuffing: 0.1 } },
  rounding: { inject: { rounding: 0.3 } },
  'invented-digits': { inject: { inventedDigits: 0.5 } },
  // Small stations (40..250 voters) whose leader counts are mostly two-digit, so an invented last digit is
  // also the second digit: the pattern the second-digit test can see (it missed rounding and stuffing here).
  'invented-digits-small-stations': { inject: { inventedDigits: 0.8 }, registered: { min: 40, max: 250 } },
};

/** Which table each rule's pass and fail fixture reads. */
const RULES: Record<string, { fail: string; pattern: string }> = {
  'second-digits-follow-benford': {
    fail: 'invented-digits-small-stations',
    pattern: 'invented last digits in small stations',
  },
  'last-digits-uniform': { fail: 'invented-digits', pattern: 'invented last digits' },
  'turnout-integer-percentages-not-in-excess': {
    fail: 'rounding',
    pattern: 'shares rounded to whole percentages',
  },
  'leader-share-integer-percentages-not-in-excess': {
    fail: 'rounding',
    pattern: 'shares rounded to whole percentages',
  },
  'turnout-independent-of-leader-share': { fail: 'stuffing', pattern: 'ballot stuffing' },
  'turnout-distribution-near-normal-shape': { fail: 'stuffing', pattern: 'ballot stuffing' },
  'leader-share-distribution-near-normal-shape': { fail: 'stuffing', pattern: 'ballot stuffing' },
};

const MAPPING = {
  schemaVersion: 1,
  id: { columns: ['unit_id'] },
  levels: [{ name: 'region', column: 'region' }],
  counts: { registered: 'registered', cast: 'ballots_cast', valid: 'valid', invalid: 'invalid' },
  candidates: Array.from({ length: CANDIDATES }, (_, c) => ({
    id: `candidate-${c + 1}`,
    column: `candidate_${c + 1}`,
    name: `Candidate ${String.fromCharCode(65 + c)}`,
  })),
};

function csv(units: SynthUnit[]): string {
  return `${[synthCsvHeader(CANDIDATES), ...units.map(synthCsvRow)].join('\n')}\n`;
}

/** A dataset naming one table, its paths relative to the dataset file. */
function dataset(id: string, title: string, datasetDir: string, table: string, mapping: string) {
  return {
    $schema: `${relative(datasetDir, 'schemas')}/dataset.schema.json`,
    schemaVersion: 1,
    id,
    title,
    election: { country: 'Synthland', office: 'President', date: '2024-05-05', kind: 'regular' },
    sources: [{ id: 'synth', publisher: 'tallycheck synthetic generator', date: '2024-05-06' }],
    candidates: MAPPING.candidates.map((c) => ({ id: c.id, name: c.name })),
    precincts: [
      {
        id: 'stations',
        table: relative(datasetDir, table),
        mapping: relative(datasetDir, mapping),
        source: 'synth',
        description: title,
      },
    ],
  };
}

const written: string[] = [];

function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  written.push(file);
}

function fixtures(): void {
  mkdirSync(DIR, { recursive: true });
  const mappingFile = join(DIR, 'mapping.json');
  writeJson(mappingFile, MAPPING);
  const base = synthTable(BASE).units;
  for (const [name, { inject, registered }] of Object.entries(TABLES)) {
    const r05 = synthTable({ ...R05, inject, ...(registered ? { registered } : {}) });
    const units = r05.units.map((u) => ({ ...u, id: u.id.replace('U', 'V'), region: 'R05' }));
    writeFileSync(join(DIR, `${name}.csv`), csv([...base, ...units]));
    const known = Object.entries(r05.injected)
      .filter(([, ids]) => ids.length > 0)
      .map(([pattern, ids]) => `${pattern} at ${ids.length} of ${units.length} units of R05`);
    process.stdout.write(`wrote ${DIR}/${name}.csv: ${known.join('; ') || 'clean'}\n`);
  }
  const tiny = synthTable({ seed: 7, units: 15, regions: 2, candidates: CANDIDATES }).units;
  writeFileSync(join(DIR, 'tiny.csv'), csv(tiny));
  writeJson(
    join(DIR, 'insufficient.json'),
    dataset(
      'screen-insufficient',
      '15 synthetic units in two regions: below every screen’s minimum',
      DIR,
      join(DIR, 'tiny.csv'),
      mappingFile,
    ),
  );
  for (const [rule, { fail, pattern }] of Object.entries(RULES)) {
    const dir = join('tests', 'rules', rule);
    mkdirSync(dir, { recursive: true });
    const table = (name: string) => join(DIR, `${name}.csv`);
    writeJson(
      join(dir, 'pass.json'),
      dataset(
        `${rule}-pass`,
        '2,000 clean synthetic units in five regions',
        dir,
        table('clean'),
        mappingFile,
      ),
    );
    writeJson(
      join(dir, 'fail.json'),
      dataset(
        `${rule}-fail`,
        `2,000 synthetic units in five regions; region R05 carries ${pattern}`,
        dir,
        table(fail),
        mappingFile,
      ),
    );
  }
  process.stdout.write(
    `wrote tests/rules/<rule-id>/{pass,fail}.json for ${Object.keys(RULES).length} rules\n`,
  );
}

function bench(units: number, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const mappingFile = join(dir, 'mapping.json');
  writeJson(mappingFile, MAPPING);
  const table = join(dir, `synth-${units}.csv`);
  writeFileSync(table, csv(synthTable({ seed: 1, units, regions: 10, candidates: CANDIDATES }).units));
  writeJson(
    join(dir, `synth-${units}.json`),
    dataset(`synth-${units}`, `${units} clean synthetic units`, dir, table, mappingFile),
  );
  process.stdout.write(`wrote ${table} and ${join(dir, `synth-${units}.json`)}\n`);
}

const [flag, n, out] = process.argv.slice(2);
if (flag === '--bench') bench(Number(n), out ?? 'scratch');
else {
  fixtures();
  // Biome's layout (short arrays on one line), so that `biome check .` stays clean after a regeneration.
  execFileSync(join('node_modules', '.bin', 'biome'), ['format', '--write', ...written], {
    stdio: 'inherit',
  });
}
