import { parentPort, workerData } from 'node:worker_threads';
import { discoverThemes } from '../../../analysis/cluster/discover-themes.js';
import type { DiscoveryJob, WorkerMessage } from './discovery-runner.js';

// Runs one theme discovery and reports back; an exception reaches the parent as the worker's 'error' event.
const { job } = workerData as { job: DiscoveryJob };
const post = (message: WorkerMessage) => parentPort!.postMessage(message);

post({ type: 'started' });
const started = performance.now();
const result = discoverThemes(job.questions, job.options);
post({ type: 'result', outcome: { result, durationMs: Math.round(performance.now() - started) } });
