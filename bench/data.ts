/** The benchmark's tables: `tallycheck synth` output with a few planted faults, cached, and a dataset naming each. */
import { spawnSync } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A generated table and the dataset file that points at it. */
export interface BenchData {
  rows: number;
  seed: number;
  dataset: string;
  csv: string;
  bytes: number;
}

/** Candidates of the synthetic tables (the figures are for 7). */
export const CANDIDATES = 7;

/**
 * Faults planted in ten rows each, spread over the table, so that every row check the hand-written variants
 * know has units failing it (or left undecided) and the comparison of counts means something. Ids stay
 * unique and sorted: a repeated id would switch the reader's id index from its sorted path to a hash table
 * (tens of MB at 4M rows), which is a different benchmark. Columns are those of `tallycheck synth`.
 */
const FAULTS: ((cells: string[]) => void)[] = [
  // More ballots than voters.
  (c) => {
    c[3] = String(Number(c[5]) - 5);
  },
  // Turnout exactly 100%.
  (c) => {
    c[3] = c[5] as string;
  },
  // A candidate with more votes than ballots cast.
  (c) => {
    c[9] = String(Number(c[5]) + 10);
  },
  // A missing vote cell.
  (c) => {
    c[10] = 'NA';
  },
  // A negative count.
  (c) => {
    c[7] = String(-Number(c[7]) - 1);
  },
  // A fractional vote count.
  (c) => {
    c[11] = `${c[11]}.5`;
  },
  // A missing level: the row is rejected.
  (c) => {
    c[0] = '';
  },
  // A count that is not a number: the row is rejected.
  (c) => {
    c[12] = '12a';
  },
];

/** Which fault (index into FAULTS) row i (0-based, header excluded) gets, or -1. */
function faultOf(i: number, rows: number): number {
  const per = 10;
  const stride = Math.floor(rows / per);
  if (stride < FAULTS.length + 1) return -1;
  const offset = i % stride;
  return offset >= 1 && offset <= FAULTS.length ? offset - 1 : -1;
}

/** Generates (or reuses) the table of `rows` rows and writes its dataset; `root` is the package root. */
export async function benchData(
  root: string,
  cache: string,
  rows: number,
  seed: number,
  fresh = false,
): Promise<BenchData> {
  mkdirSync(cache, { recursive: true });
  const stem = `synth-${rows}-s${seed}`;
  const csv = join(cache, `${stem}.csv`);
  const mapping = join(cache, `${stem}.mapping.json`);
  const dataset = join(cache, `${stem}.json`);
  const done = join(cache, `${stem}.done`);
  if (fresh) rmSync(done, { force: true });
  if (!existsSync(done)) {
    const raw = join(cache, `${stem}.raw.csv`);
    process.stderr.write(`bench: generating ${rows.toLocaleString('en')} rows with tallycheck synth ...\n`);
    const synth = spawnSync(
      process.execPath,
      [
        join(root, 'bin', 'tallycheck.js'),
        'synth',
        ...['--rows', String(rows), '--seed', String(seed), '--candidates', String(CANDIDATES)],
        ...[
          '--stuffing',
          '0.02',
          '--rounding',
          '0.01',
          '--slips',
          String(Math.max(1, Math.round(rows / 2000))),
        ],
        ...['--out', raw, '--mapping', mapping],
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (synth.status !== 0) throw new Error(`tallycheck synth failed with exit code ${synth.status}`);
    await plant(raw, `${csv}.tmp`, rows);
    renameSync(`${csv}.tmp`, csv);
    rmSync(raw);
    writeFileSync(done, `${new Date().toISOString()}\n`);
  }
  writeFileSync(dataset, `${JSON.stringify(datasetJson(stem, rows), null, 2)}\n`);
  return { rows, seed, dataset, csv, bytes: statSync(csv).size };
}

/** Copies the table, planting FAULTS. */
async function plant(from: string, to: string, rows: number): Promise<void> {
  const out = createWriteStream(to);
  let i = -1;
  let piece = '';
  for await (const line of createInterface({
    input: createReadStream(from),
    crlfDelay: Number.POSITIVE_INFINITY,
  })) {
    let text = line;
    const fault = i >= 0 ? faultOf(i, rows) : -1;
    if (fault >= 0) {
      const cells = line.split(',');
      (FAULTS[fault] as (c: string[]) => void)(cells);
      text = cells.join(',');
    }
    i++;
    piece += `${text}\n`;
    if (piece.length >= 1 << 16) {
      if (!out.write(piece)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      piece = '';
    }
  }
  out.write(piece);
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

function datasetJson(stem: string, rows: number) {
  return {
    schemaVersion: 1,
    id: stem,
    title: `Synthetic precinct table of ${rows.toLocaleString('en')} rows (tallycheck benchmark)`,
    election: { country: 'Synthland', office: 'President', date: '2024-05-05', kind: 'regular' },
    sources: [{ id: 'synth', publisher: 'tallycheck synthetic generator', date: '2024-05-06' }],
    candidates: Array.from({ length: CANDIDATES }, (_, i) => {
      const n = String(i + 1).padStart(2, '0');
      return { id: `c${n}`, name: `Candidate ${n}` };
    }),
    precincts: [{ id: 'stations', table: `${stem}.csv`, mapping: `${stem}.mapping.json`, source: 'synth' }],
  };
}
