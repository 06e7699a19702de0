import { parentPort } from 'node:worker_threads';

// A discovery worker that starts and then fails, as a bug in the grouping would.
parentPort!.postMessage({ type: 'started' });
throw new Error('The grouping ran out of luck.');
