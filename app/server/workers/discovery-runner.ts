import { Worker } from 'node:worker_threads';
import type { DiscoveryOptions, DiscoveryResult, QuestionInput } from '../../../analysis/cluster/discover-themes.js';

/** One call of `discoverThemes`, as it travels to a worker (structured clone: data only). */
export interface DiscoveryJob {
  questions: QuestionInput[];
  options: Pick<DiscoveryOptions, 'k' | 'seed' | 'seedThemes'>;
}

export interface DiscoveryOutcome {
  result: DiscoveryResult;
  /** Time spent in `discoverThemes` itself. */
  durationMs: number;
}

/** What a discovery worker posts: once when the grouping starts, once with the result. */
export type WorkerMessage = { type: 'started' } | { type: 'result'; outcome: DiscoveryOutcome };

/** Runs theme discovery off the request path. The app gets a {@link WorkerDiscoveryRunner}; tests may hand in another. */
export interface DiscoveryRunner {
  /**
   * Runs one job. `onStart` is called when the grouping itself begins. Rejects with the job's error, or with
   * {@link DiscoveryStopped} when `signal` aborts it or the runner is closed.
   */
  run(job: DiscoveryJob, options?: { signal?: AbortSignal; onStart?: () => void }): Promise<DiscoveryOutcome>;
  /** Stops every running job (their promises reject with DiscoveryStopped) and refuses new ones. */
  close(): Promise<void>;
}

/** A job ended on purpose: discarded by staff, or cut off because the server closes. */
export class DiscoveryStopped extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'DiscoveryStopped';
  }
}

const BOOT = new URL('./boot.js', import.meta.url);
const DISCOVER_THEMES = new URL('./discover-themes.ts', import.meta.url);

/**
 * One worker thread per job: the CPU-bound grouping never blocks the server, a job that fails or is stopped takes
 * nothing else with it, and nothing stays in memory between jobs. `entry` names the worker module (tests point it
 * at a worker that fails).
 */
export class WorkerDiscoveryRunner implements DiscoveryRunner {
  readonly #entry: URL;
  readonly #stops = new Set<(reason: string) => Promise<unknown>>();
  #closed = false;

  constructor(options: { entry?: URL } = {}) {
    this.#entry = options.entry ?? DISCOVER_THEMES;
  }

  run(job: DiscoveryJob, options: { signal?: AbortSignal; onStart?: () => void } = {}): Promise<DiscoveryOutcome> {
    const { signal, onStart } = options;
    if (this.#closed) return Promise.reject(new DiscoveryStopped('The server is closing.'));
    if (signal?.aborted) return Promise.reject(new DiscoveryStopped('The job was stopped before it started.'));
    return new Promise<DiscoveryOutcome>((resolve, reject) => {
      const worker = new Worker(BOOT, { workerData: { entry: this.#entry.href, job } });
      let settled = false;
      const settle = (finish: () => void) => {
        if (settled) return;
        settled = true;
        this.#stops.delete(stop);
        signal?.removeEventListener('abort', abort);
        finish();
      };
      const stop = (reason: string) => {
        settle(() => reject(new DiscoveryStopped(reason)));
        return worker.terminate();
      };
      const abort = () => void stop('The job was stopped.');
      this.#stops.add(stop);
      signal?.addEventListener('abort', abort, { once: true });

      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'started') onStart?.();
        else settle(() => resolve(message.outcome));
      });
      worker.once('error', (error) => settle(() => reject(error)));
      worker.once('exit', (code) =>
        settle(() => reject(new Error(`The worker stopped (exit code ${code}) before it reported a result.`)))
      );
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#stops].map((stop) => stop('The server is closing.')));
  }
}
