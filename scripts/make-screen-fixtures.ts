/** Writes the seeded tables and datasets of the screening rules' fixtures: `npx tsx scripts/make-screen-fixtures.ts`. */
// Writes tests/fixtures/screen/*.csv, its mapping and insufficient.json, and tests/rules/<rule-id>/{pass,fail}.json
// (fail.expected.json is written by hand after review). With `--bench N DIR` it writes instead an N-row clean
// table, its mapping and a dataset to DIR, for timing the rules with the CLI.
//
// The tables come from the generator of `tallycheck synth` (src/precinct/synth.ts), with an `injected`
// column naming the patterns planted in each row. Every table has the same seed and five regions of 400
// units: R01..R04 are the same clean units in every table; R05 is clean in clean.csv and carries one
// injected pattern in the other tables, so each fail fixture shows the whole table and the one region
// flagged (or only the region, where the pattern is too diluted over the table). tiny.csv (15 units, two
// regions) is below every test's minimum.
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { finished } from 'node:stream/promises';
import {
  type SynthOptions,
  type SynthRegionOptions,
  synthMapping,
  writeSynthTable,
} from '../src/precinct/synth.js';

const DIR = join('tests', 'fixtures', 'screen');
const CANDIDATES = 3;
const BASE = { rows: 2000, regions: 5, candidates: CANDIDATES, seed: 2012, labels: true };

/** The tables: what R05 carries (its pattern as a share of its units; its station sizes if not the default). */
const TABLES: Record<string, SynthRegionOptions> = {
  clean: {},
  // Klimek et al.'s extreme fraud, the stuffing the screening rules were calibrated on: turnout and the
  // leader's share near 100%.
  stuffing: { inject: { extremeStuffing: 0.1 } },
  rounding: { inject: { rounding: 0.3 } },
  'invented-digits': { inject: { inventedDigits: 0.5 } },
  // Small stations (40..250 voters) whose leader counts are two-digit, so an invented last digit is also
  // the second digit: the pattern the second-digit test can see (it missed rounding and stuffing here).
  // Every station of R05 invents its digits: at 80% of its 400 stations the region's q-value was 0.007,
  // too near the rule's 0.01 for a fixture.
  'invented-digits-small-stations': {
    inject: { inventedDigits: 1 },
    registered: { min: 40, max: 250, median: 120 },
  },
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
  'turnout-independent-of-leader-share': { fail: 'stuffing', pattern: 'extreme ballot stuffing' },
  'turnout-distribution-near-normal-shape': { fail: 'stuffing', pattern: 'extreme ballot stuffing' },
  'leader-share-distribution-near-normal-shape': {
    fail: 'stuffing',
    pattern: 'extreme ballot stuffing',
  },
};

/** The generator's own mapping, with candidate names for the messages. */
const MAPPING = (() => {
  const mapping = synthMapping({ rows: 0, candidates: CANDIDATES });
  mapping.candidates = mapping.candidates.map((c, i) => ({
    ...c,
    name: `Candidate ${String.fromCharCode(65 + i)}`,
  }));
  return mapping;
})();

/** Streams a synthetic table to a file; returns how many units got each pattern. */
async function writeTable(file: string, options: SynthOptions) {
  const out = createWriteStream(file);
  const summary = await writeSynthTable(out, options);
  out.end();
  await finished(out);
  return summary;
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
    candidates: MAPPING.candidates.map((c) => ({ id: c.id, name: c.name ?? c.id })),
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

async function fixtures(): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  const mappingFile = join(DIR, 'mapping.json');
  writeJson(mappingFile, MAPPING);
  for (const [name, r05] of Object.entries(TABLES)) {
    const summary = await writeTable(join(DIR, `${name}.csv`), { ...BASE, regionOptions: { R05: r05 } });
    const known = Object.entries(summary)
      .filter(([pattern, count]) => pattern !== 'rows' && count > 0)
      .map(([pattern, count]) => `${pattern} at ${count} of ${BASE.rows / BASE.regions} units of R05`);
    process.stdout.write(`wrote ${DIR}/${name}.csv: ${known.join('; ') || 'clean'}\n`);
  }
  await writeTable(join(DIR, 'tiny.csv'), { rows: 15, regions: 2, candidates: CANDIDATES, seed: 7 });
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

async function bench(rows: number, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const mappingFile = join(dir, 'mapping.json');
  writeJson(mappingFile, MAPPING);
  const table = join(dir, `synth-${rows}.csv`);
  await writeTable(table, { rows, regions: 10, candidates: CANDIDATES, seed: 1 });
  writeJson(
    join(dir, `synth-${rows}.json`),
    dataset(`synth-${rows}`, `${rows} clean synthetic units`, dir, table, mappingFile),
  );
  process.stdout.write(`wrote ${table} and ${join(dir, `synth-${rows}.json`)}\n`);
}

const [flag, n, out] = process.argv.slice(2);
if (flag === '--bench') await bench(Number(n), out ?? 'scratch');
else {
  await fixtures();
  // Biome's layout (short arrays on one line), so that `biome check .` stays clean after a regeneration.
  execFileSync(join('node_modules', '.bin', 'biome'), ['format', '--write', ...written], {
    stdio: 'inherit',
  });
}
