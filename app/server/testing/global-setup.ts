import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { kyselyOnPool } from '../../../db/connect.js';
import { migrateToLatest } from '../../../db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string | null;
  }
}

export function databaseUrlWithName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export async function adminQuery(baseUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Drops a test database once the connections of the app that used it are gone. An ended pool reports itself done
 * while its last connections are still closing; a forced drop at that moment terminates them mid-close, which pg
 * reports as an uncaught error. `with (force)` stays for connections that never close.
 */
export async function dropTestDatabase(baseUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    for (let attempt = 0; attempt < 100; attempt++) {
      const { rows } = await client.query<{ n: number }>(
        'select count(*)::int as n from pg_stat_activity where datname = $1',
        [name]
      );
      if (rows[0]!.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await client.query(`drop database if exists ${name} with (force)`);
  } finally {
    await client.end();
  }
}

/** With DATABASE_URL: one migrated template database for the whole run, each test copies it. */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const baseUrl = process.env.DATABASE_URL?.trim();
  if (!baseUrl) {
    project.provide('pgTemplate', null);
    return undefined;
  }
  const name = `kw_tpl_${randomBytes(5).toString('hex')}`;
  await adminQuery(baseUrl, `create database ${name}`);
  const db = kyselyOnPool(new pg.Pool({ connectionString: databaseUrlWithName(baseUrl, name), max: 1 }));
  await migrateToLatest(db);
  await db.destroy();
  project.provide('pgTemplate', name);
  return () => adminQuery(baseUrl, `drop database if exists ${name} with (force)`);
}
