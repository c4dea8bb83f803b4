// Starts a worker from TypeScript sources (vitest, tsx): registers tsx in this worker thread,
// then loads workerData.entry (read-worker.ts, screen-worker.ts). Compiled code (dist/) starts the .js
// directly; see worker-script.ts.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
