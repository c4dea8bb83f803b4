/** Runs one benchmark process and measures its wall time and peak resident memory. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What one run of a process gave. */
export interface Run {
  wallMs: number;
  /** Peak resident set size in MB (10^6 bytes), or null when it could not be read. */
  peakRssMb: number | null;
  code: number | null;
  stdout: string;
  stderr: string;
}

const GNU_TIME = '/usr/bin/time';

/** Whether GNU time is there: it reports the child's peak RSS (getrusage ru_maxrss) when it exits. */
const hasGnuTime =
  existsSync(GNU_TIME) &&
  /GNU/.test(
    (() => {
      const probe = spawnSync(GNU_TIME, ['--version'], { encoding: 'utf8' });
      return `${probe.stdout ?? ''}${probe.stderr ?? ''}`;
    })(),
  );

/** How peak RSS is measured on this machine, for the report. */
export const RSS_METHOD = hasGnuTime
  ? "GNU time %M (the process's ru_maxrss)"
  : 'VmHWM from /proc/<pid>/status, polled every 10 ms';

/**
 * Runs `node ...args` (in the current directory) and measures it. Wall time runs from spawn to exit, so it
 * includes Node's start-up and module loading, as a user waits for them.
 */
export function measure(args: string[]): Promise<Run> {
  const dir = hasGnuTime ? mkdtempSync(join(tmpdir(), 'tallycheck-bench-')) : undefined;
  const timeFile = dir ? join(dir, 'time.txt') : undefined;
  const [command, argv] = timeFile
    ? [GNU_TIME, ['-f', '%M', '-o', timeFile, process.execPath, ...args]]
    : [process.execPath, args];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    let polledKb = 0;
    const poll = timeFile
      ? undefined
      : setInterval(() => {
          try {
            const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
            const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
            if (kb > polledKb) polledKb = kb;
          } catch {
            // The process has just exited.
          }
        }, 10);
    let wallMs = 0;
    child.on('error', reject);
    child.on('exit', () => {
      wallMs = performance.now() - started;
      if (poll) clearInterval(poll);
    });
    child.on('close', (code) => {
      let peakKb: number | null = polledKb > 0 ? polledKb : null;
      if (timeFile && dir) {
        // GNU time writes "Command exited with non-zero status N" before the figure when the child fails.
        const lines = readFileSync(timeFile, 'utf8').trim().split('\n');
        const kb = Number(lines[lines.length - 1]);
        peakKb = Number.isFinite(kb) && kb > 0 ? kb : null;
        rmSync(dir, { recursive: true, force: true });
      }
      resolve({ wallMs, peakRssMb: peakKb === null ? null : (peakKb * 1024) / 1e6, code, stdout, stderr });
    });
  });
}
