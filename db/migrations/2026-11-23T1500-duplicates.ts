import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code.
//
// Duplicate detection proposes that a question repeats an earlier one; staff confirm or reject. A confirmed duplicate
// stays an active question in its theme (traceable), but counts once: its original represents it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('duplicate_links')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    // One link per question: a question is the duplicate of at most one original.
    .addColumn('question_id', 'integer', (c) => c.notNull().unique().references('questions.id').onDelete('cascade'))
    // The first question of the group (earliest id), which the duplicate repeats.
    .addColumn('duplicate_of', 'integer', (c) => c.notNull().references('questions.id').onDelete('cascade'))
    .addColumn('similarity', 'real', (c) => c.notNull().check(sql`similarity >= 0 and similarity <= 1`))
    .addColumn('exact', 'boolean', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('proposed')
        .check(sql`status in ('proposed', 'confirmed', 'rejected')`)
    )
    .addColumn('decided_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('duplicate_links_not_self', sql`question_id <> duplicate_of`)
    .execute();
  // Lists a cycle's links by status (the duplicates page) and finds its confirmed ones (theme sizes).
  await db.schema
    .createIndex('duplicate_links_cycle_status_idx')
    .on('duplicate_links')
    .columns(['cycle_id', 'status'])
    .execute();
  // Serves the cascade when an original question is deleted (an import undone).
  await db.schema
    .createIndex('duplicate_links_duplicate_of_idx')
    .on('duplicate_links')
    .column('duplicate_of')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('duplicate_links').execute();
}
