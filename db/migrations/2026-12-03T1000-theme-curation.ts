import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code.
//
// Theme curation: staff rename, merge, split and move; a locked theme survives re-clustering; a question out of
// scope says why; every curation step is kept with what it takes to undo it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('themes')
    .addColumn('locked', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema.alterTable('questions').addColumn('out_of_scope_reason', 'text').execute();
  await db.schema
    .createTable('curation_operations')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('actor_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // rename, describe, merge, split, move, out_of_scope, in_scope, lock, unlock, overarching, delete, …
    .addColumn('kind', 'text', (c) => c.notNull())
    // A readable line for the history ("Merged Lezen and Taal into Lezen").
    .addColumn('summary', 'text', (c) => c.notNull())
    // What undoing needs: the state before, and the state after (undo checks nothing changed since).
    .addColumn('before', 'jsonb', (c) => c.notNull())
    .addColumn('after', 'jsonb', (c) => c.notNull())
    .addColumn('undone_at', 'timestamptz')
    .addColumn('undone_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  // The history of a cycle, newest first, and its latest step not yet undone (undo).
  await db.schema
    .createIndex('curation_operations_cycle_idx')
    .on('curation_operations')
    .columns(['cycle_id', 'id'])
    .execute();
  // Full-text search of a theme's questions in Dutch (the theme page).
  await sql`create index questions_text_dutch_idx on questions using gin (to_tsvector('dutch', text))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index questions_text_dutch_idx`.execute(db);
  await db.schema.dropTable('curation_operations').execute();
  await db.schema.alterTable('questions').dropColumn('out_of_scope_reason').execute();
  await db.schema.alterTable('themes').dropColumn('locked').execute();
}
