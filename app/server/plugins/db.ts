import type { PGlite } from '@electric-sql/pglite';
import fastifyPostgres from '@fastify/postgres';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import { handleLostConnections, kyselyOnPglite, kyselyOnPool, openPglite } from '../../../db/connect.js';
import { migrateToLatest } from '../../../db/migrate.js';
import type { Database } from '../../../db/schema.js';

export type DatabaseKind = 'postgresql' | 'pglite';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>;
    dbInfo: { kind: DatabaseKind; migration: string | null };
  }
}

export interface DbPluginOptions {
  databaseUrl: string | null;
  dataDir: string;
  /** An already open PGlite (tests hand in a fresh clone); it is closed with the app. */
  pglite?: PGlite;
}

async function dbPlugin(app: FastifyInstance, options: DbPluginOptions): Promise<void> {
  let db: Kysely<Database>;
  let kind: DatabaseKind;
  if (options.databaseUrl) {
    // @fastify/postgres owns the pool and ends it on close; Kysely must not destroy it again.
    await app.register(fastifyPostgres, { connectionString: options.databaseUrl, max: 10 });
    handleLostConnections(app.pg.pool, (err) => app.log.warn({ err }, 'database connection lost'));
    db = kyselyOnPool(app.pg.pool);
    kind = 'postgresql';
  } else {
    const pglite = options.pglite ?? (await openPglite(options.dataDir));
    db = kyselyOnPglite(pglite);
    kind = 'pglite';
    app.addHook('onClose', async () => db.destroy());
  }
  const migration = await migrateToLatest(db);
  app.decorate('db', db);
  app.decorate('dbInfo', { kind, migration });
}

export default fp(dbPlugin, { name: 'db' });
