// Starts the reader's worker from TypeScript sources (vitest, tsx): registers tsx in this worker thread,
// then loads read-worker.ts. Compiled code (dist/) starts read-worker.js directly; see read-thread.ts.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
