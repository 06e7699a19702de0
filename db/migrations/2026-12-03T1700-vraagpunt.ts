import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code.
//
// The public Vraagpunt form: what people send lands in an inbox (submissions) until staff triage it; accepting makes
// a question of the cycle. app_secrets holds keys every instance must share (the form's signed start time).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('submissions')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    // The open (or next) cycle when it arrived; null while no cycle takes questions.
    .addColumn('cycle_id', 'integer', (c) => c.references('cycles.id').onDelete('set null'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull().defaultTo('onbekend'))
    .addColumn('asker_role', 'text')
    .addColumn('name', 'text')
    .addColumn('email', 'text')
    .addColumn('contact_consent', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('new')
        .check(sql`status in ('new', 'accepted', 'out_of_scope', 'duplicate')`)
    )
    .addColumn('out_of_scope_reason', 'text')
    .addColumn('duplicate_of', 'integer', (c) => c.references('questions.id').onDelete('set null'))
    // The question it became (accepted, or a duplicate kept for its demand).
    .addColumn('question_id', 'integer', (c) => c.references('questions.id').onDelete('set null'))
    .addColumn('decided_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // The inbox of a cycle, newest first, per status.
  await db.schema
    .createIndex('submissions_cycle_status_idx')
    .on('submissions')
    .columns(['cycle_id', 'status'])
    .execute();

  await db.schema
    .createTable('app_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('app_secrets').execute();
  await db.schema.dropTable('submissions').execute();
}
