import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../db/schema.js';

/** Every row of every table, as PostgreSQL prints it: the oracle the restored copy is compared with. */
export async function contents(db: Kysely<Database>): Promise<Record<string, string[]>> {
  const { rows: tables } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely_migration%'
    order by table_name`.execute(db);
  const result: Record<string, string[]> = {};
  for (const { name } of tables) {
    const { rows } = await sql<{ row: string }>`
      select to_jsonb(t)::text as row from ${sql.id(name)} as t order by 1`.execute(db);
    result[name] = rows.map((r) => r.row);
  }
  return result;
}
