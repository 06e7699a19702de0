import { parentPort } from 'node:worker_threads';

// A discovery worker that starts and never finishes: for stopping a run that is still computing.
parentPort!.postMessage({ type: 'started' });
setInterval(() => {}, 60_000);
