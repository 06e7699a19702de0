import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code.
//
// A curation step as data besides its English summary: what each of its changes did, with names and counts
// ([{ kind: 'rename', params: { from, to } }, …]), so a page can tell it in its own language. Older steps keep an
// empty list; pages show their summary.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('curation_operations')
    .addColumn('parts', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('curation_operations').dropColumn('parts').execute();
}
