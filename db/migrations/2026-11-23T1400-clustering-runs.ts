import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code.
//
// Theme discovery runs in the background and proposes themes; staff compare the proposal with the current themes
// and accept or discard it. A run therefore has a status, and keeps its parameters, its proposed themes and where it
// put every question.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('clustering_runs')
    // Runs stored before this migration replaced the themes at once: they count as accepted.
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('accepted')
        .check(sql`status in ('running', 'done', 'failed', 'accepted', 'discarded')`)
    )
    // What a running run is doing: waiting for its worker, grouping, or storing the result.
    .addColumn('phase', 'text', (c) => c.check(sql`phase in ('queued', 'grouping', 'storing')`))
    // Why a run failed: 'failed' (the grouping stopped with an error) or 'interrupted' (the server stopped).
    .addColumn('error', 'text', (c) => c.check(sql`error in ('failed', 'interrupted')`))
    .addColumn('error_detail', 'text')
    // The seed themes the run started from ({name, description, examples}), in their order.
    .addColumn('seed_themes', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('question_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('finished_at', 'timestamptz')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decided_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await sql`update clustering_runs set finished_at = created_at, decided_at = created_at`.execute(db);
  await db.schema
    .alterTable('clustering_runs')
    .alterColumn('status', (c) => c.dropDefault())
    // Known only once the run is done.
    .alterColumn('k', (c) => c.dropNotNull())
    .alterColumn('metrics', (c) => c.dropNotNull())
    .alterColumn('duration_ms', (c) => c.dropNotNull())
    .execute();
  // Lists a cycle's runs, newest first.
  await db.schema.createIndex('clustering_runs_cycle_idx').on('clustering_runs').columns(['cycle_id', 'id']).execute();
  // One running run per cycle: a second start while one runs is refused.
  await db.schema
    .createIndex('clustering_runs_one_running_key')
    .unique()
    .on('clustering_runs')
    .column('cycle_id')
    .where(sql.ref('status'), '=', 'running')
    .execute();

  await db.schema
    .createTable('clustering_run_themes')
    .addColumn('run_id', 'integer', (c) => c.notNull().references('clustering_runs.id').onDelete('cascade'))
    .addColumn('cluster', 'integer', (c) => c.notNull().check(sql`cluster >= 0`))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('keywords', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('representative_question_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    // The seed theme this theme continues, or null for a theme the run found itself.
    .addColumn('seed_name', 'text')
    .addPrimaryKeyConstraint('clustering_run_themes_pkey', ['run_id', 'cluster'])
    .execute();

  await db.schema
    .createTable('clustering_run_assignments')
    .addColumn('run_id', 'integer', (c) => c.notNull().references('clustering_runs.id').onDelete('cascade'))
    .addColumn('question_id', 'integer', (c) => c.notNull().references('questions.id').onDelete('cascade'))
    // -1: the run left the question unassigned.
    .addColumn('cluster', 'integer', (c) => c.notNull().check(sql`cluster >= -1`))
    .addColumn('confidence', 'float8', (c) => c.notNull())
    .addColumn('terms', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addPrimaryKeyConstraint('clustering_run_assignments_pkey', ['run_id', 'question_id'])
    .execute();
  // Serves the cascade when questions are deleted (an import undone).
  await db.schema
    .createIndex('clustering_run_assignments_question_idx')
    .on('clustering_run_assignments')
    .column('question_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('clustering_run_assignments').execute();
  await db.schema.dropTable('clustering_run_themes').execute();
  await db.schema.dropIndex('clustering_runs_one_running_key').execute();
  await db.schema.dropIndex('clustering_runs_cycle_idx').execute();
  // Runs that never finished cannot satisfy the old columns.
  await sql`delete from clustering_runs where k is null or metrics is null or duration_ms is null`.execute(db);
  await db.schema
    .alterTable('clustering_runs')
    .alterColumn('k', (c) => c.setNotNull())
    .alterColumn('metrics', (c) => c.setNotNull())
    .alterColumn('duration_ms', (c) => c.setNotNull())
    .dropColumn('status')
    .dropColumn('phase')
    .dropColumn('error')
    .dropColumn('error_detail')
    .dropColumn('seed_themes')
    .dropColumn('question_count')
    .dropColumn('finished_at')
    .dropColumn('decided_at')
    .dropColumn('decided_by')
    .execute();
}
