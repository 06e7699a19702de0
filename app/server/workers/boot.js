// The first module of every worker thread. Node 20 does not hand the parent's module hooks (tsx, however it was
// started: `tsx`, `node --import tsx`, vitest) to a worker, so the worker registers tsx itself and then loads its
// TypeScript entry, named in workerData.entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
