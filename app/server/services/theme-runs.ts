import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import {
  type ClusteringRun,
  failRun,
  failRunningRuns,
  setRunPhase,
  storeRunResult
} from '../../../db/queries/clustering-runs.js';
import type { Database } from '../../../db/schema.js';
import { inTransaction } from '../../../db/transaction.js';
import { type DiscoveryJob, type DiscoveryRunner, DiscoveryStopped } from '../workers/discovery-runner.js';
import { createRun, discardRun, type StartRunInput, toRunResult } from './themes.js';

/**
 * The theme discovery runs of this server process, off the request path: a start stores the run and answers at
 * once; the grouping goes to a worker ({@link DiscoveryRunner}); its result, or its failure, lands in the run's row,
 * which the page polls. Closing stops the workers and marks their runs interrupted.
 */
export class ThemeRuns {
  readonly #tasks = new Map<number, { controller: AbortController; done: Promise<void> }>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly runner: DiscoveryRunner,
    private readonly log: FastifyBaseLogger
  ) {}

  /** Runs left running by a previous process will never finish: they are marked interrupted. */
  async recover(): Promise<void> {
    const count = await failRunningRuns(this.db, 'The server stopped before the grouping finished.');
    if (count > 0) this.log.warn({ count }, 'theme discovery runs interrupted by the last stop marked failed');
  }

  /** Checks and stores a run, starts its worker, and returns the run as it is now: running, queued. */
  async start(input: StartRunInput): Promise<ClusteringRun> {
    const { run, job } = await createRun(this.db, input);
    const controller = new AbortController();
    const done = this.#execute(run.id, job, controller.signal).finally(() => this.#tasks.delete(run.id));
    this.#tasks.set(run.id, { controller, done });
    return run;
  }

  /** Discards a run; one still computing is stopped. */
  async discard(input: { cycleId: number; runId: number; userId: number | null }): Promise<ClusteringRun> {
    const run = await discardRun(this.db, input);
    this.#tasks.get(run.id)?.controller.abort();
    return run;
  }

  /** Stops every worker and waits until their runs are marked interrupted. */
  async close(): Promise<void> {
    await this.runner.close();
    await Promise.all([...this.#tasks.values()].map((task) => task.done));
  }

  async #execute(runId: number, job: DiscoveryJob, signal: AbortSignal): Promise<void> {
    let phase: Promise<unknown> = Promise.resolve();
    try {
      const outcome = await this.runner.run(job, {
        signal,
        onStart: () => {
          phase = setRunPhase(this.db, runId, 'grouping').catch((err: unknown) => this.log.error({ err, runId }));
        }
      });
      await phase;
      if (!(await setRunPhase(this.db, runId, 'storing'))) return;
      const result = toRunResult(outcome, job.options.seedThemes ?? []);
      await inTransaction(this.db, (trx) => storeRunResult(trx, runId, result));
    } catch (error) {
      await phase;
      // A discarded run says so itself; any other stop is the server closing.
      if (signal.aborted) return;
      const stopped = error instanceof DiscoveryStopped;
      if (!stopped) this.log.error({ err: error, runId }, 'theme discovery run failed');
      const detail = error instanceof Error ? error.message : String(error);
      await failRun(this.db, runId, stopped ? 'interrupted' : 'failed', detail).catch((err: unknown) =>
        this.log.error({ err, runId }, 'could not mark the theme discovery run failed')
      );
    }
  }
}
