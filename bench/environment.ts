/** The benchmark's surroundings: the machine, the commit, start-up time, a warm page cache, medians. */
import { execSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { availableParallelism, release } from 'node:os';
import { measure, RSS_METHOD } from './measure.js';
import type { BenchReport } from './report.js';

/** The median of some numbers. */
export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

/** Reads the file once so every variant starts from the page cache. */
export function warm(file: string): void {
  const fd = openSync(file, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  while (readSync(fd, buf, 0, buf.length, null) > 0);
  closeSync(fd);
}

/** Median start-up of `tallycheck --version`, and of a bare `node -e 0` for comparison. */
export async function startup(bin: string, runs: number): Promise<BenchReport['startup']> {
  const version: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    version.push((await measure([bin, '--version'])).wallMs);
    bare.push((await measure(['-e', '0'])).wallMs);
  }
  return { versionMs: median(version), nodeMs: median(bare), runs };
}

/** What the benchmark ran on. */
export function machine(): BenchReport['machine'] {
  const cpu =
    /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? 'unknown CPU';
  const memKb = Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0);
  return {
    nproc: availableParallelism(),
    cpu,
    memoryGb: (memKb * 1024) / 1e9,
    node: process.version,
    os: `Linux ${release()}`,
    rss: RSS_METHOD,
  };
}

/**
 * The commit measured, and whether the work tree had changes: changes to anything but the benchmark's own
 * reports (reports/bench/, which a run before this one may have rewritten and which nothing measured reads).
 */
export function commit(): string {
  try {
    const head = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
    const dirty =
      execSync('git status --porcelain -- . ":(exclude)reports/bench"', { encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head} + uncommitted changes` : head;
  } catch {
    return 'unknown';
  }
}
