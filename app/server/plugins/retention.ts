import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { purgeExpired } from '../services/privacy.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The retention period (RETENTION_MONTHS): askers' personal data is purged once the server is ready and every 24 hours
 * after, while it runs. Without a period nothing happens.
 */
async function retentionPlugin(app: FastifyInstance, options: { months: number | null }): Promise<void> {
  const months = options.months;
  if (months === null) return;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;

  const purge = () => {
    running ??= purgeExpired(app.db, { months, now: new Date() })
      .then((result) => {
        if (result.records > 0) app.log.info({ months, ...result }, 'retention: personal data purged');
      })
      .catch((err: unknown) => app.log.error({ err }, 'retention: purging personal data failed'))
      .finally(() => {
        running = null;
      });
  };

  app.addHook('onReady', async () => {
    purge();
    // Unreferenced: the timer alone never keeps the process alive.
    timer = setInterval(purge, DAY_MS).unref();
  });
  // Before the database closes: a purge under way finishes its transaction first.
  app.addHook('preClose', async () => {
    if (timer) clearInterval(timer);
    await running;
  });
}

export default fp(retentionPlugin, { name: 'retention', dependencies: ['db'] });
