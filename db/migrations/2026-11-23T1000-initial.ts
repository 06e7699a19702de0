import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'staff', 'director', 'committee')`))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('disabled_at', 'timestamptz')
    .execute();
  // Login looks users up by e-mail, case-insensitively.
  await db.schema
    .createIndex('users_email_key')
    .unique()
    .on('users')
    .expression(sql`lower(email)`)
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  // Serves the purge of expired sessions.
  await db.schema.createIndex('sessions_expires_at_idx').on('sessions').column('expires_at').execute();

  await db.schema
    .createTable('cycles')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date', (c) => c.notNull())
    .addColumn('phase', 'text', (c) =>
      c
        .notNull()
        .defaultTo('inventory')
        .check(sql`phase in ('inventory', 'prioritisation', 'concretisation', 'published', 'evaluated')`)
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('cycles_dates_check', sql`starts_on < ends_on`)
    .execute();

  await db.schema
    .createTable('committees')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('scientific', 'user')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('max_members', 'integer', (c) => c.notNull().check(sql`max_members > 0`))
    .execute();
  // Lists a cycle's committees.
  await db.schema.createIndex('committees_cycle_idx').on('committees').column('cycle_id').execute();

  await db.schema
    .createTable('committee_members')
    .addColumn('committee_id', 'integer', (c) => c.notNull().references('committees.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('membership', 'text', (c) => c.notNull().check(sql`membership in ('member', 'chair', 'observer')`))
    .addPrimaryKeyConstraint('committee_members_pkey', ['committee_id', 'user_id'])
    .execute();
  // Finds the committees of the logged-in member.
  await db.schema.createIndex('committee_members_user_idx').on('committee_members').column('user_id').execute();

  await db.schema
    .createTable('sources')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('vraagpunt', 'survey', 'focusgroup', 'other')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('participant_count', 'integer', (c) => c.check(sql`participant_count >= 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('sources_cycle_name_key', ['cycle_id', 'name'])
    .execute();

  await db.schema
    .createTable('import_batches')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('source_id', 'integer', (c) => c.notNull().references('sources.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('encoding', 'text', (c) => c.notNull())
    .addColumn('delimiter', 'text', (c) => c.notNull())
    .addColumn('text_columns', 'jsonb', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('question_count', 'integer', (c) => c.notNull())
    .addColumn('duplicate_count', 'integer', (c) => c.notNull())
    .addColumn('rejected', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // Lists the imports of a source.
  await db.schema.createIndex('import_batches_source_idx').on('import_batches').column('source_id').execute();

  await db.schema
    .createTable('clustering_runs')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('params', 'jsonb', (c) => c.notNull())
    .addColumn('seed', 'integer', (c) => c.notNull())
    .addColumn('k', 'integer', (c) => c.notNull())
    .addColumn('metrics', 'jsonb', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('themes')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('run_id', 'integer', (c) => c.references('clustering_runs.id').onDelete('set null'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('keywords', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('representative_question_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('is_overarching', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // Lists a cycle's themes.
  await db.schema.createIndex('themes_cycle_idx').on('themes').column('cycle_id').execute();

  await db.schema
    .createTable('questions')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('source_id', 'integer', (c) => c.notNull().references('sources.id').onDelete('cascade'))
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('import_batches.id').onDelete('cascade'))
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('column_name', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull().check(sql`length(text) > 0`))
    .addColumn('text_hash', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) =>
      c
        .notNull()
        .defaultTo('onbekend')
        .check(
          sql`level in ('kleuter', 'lager', 'secundair', 'buitengewoon', 'volwassenen', 'hoger', 'meerdere', 'onbekend')`
        )
    )
    .addColumn('asker_role', 'text', (c) =>
      c.check(
        sql`asker_role in ('leraar', 'directie', 'zorgcoördinator', 'pedagogisch begeleider', 'lerarenopleider', 'CLB', 'ouder', 'anders')`
      )
    )
    .addColumn('asked_on', 'date')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('active')
        .check(sql`status in ('active', 'out_of_scope', 'duplicate')`)
    )
    .addColumn('theme_id', 'integer', (c) => c.references('themes.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // The same text in the same source is one question: re-imports skip it.
  await db.schema
    .createIndex('questions_source_text_key')
    .unique()
    .on('questions')
    .columns(['source_id', 'text_hash'])
    .execute();
  // Theme sizes and theme pages.
  await db.schema.createIndex('questions_theme_idx').on('questions').column('theme_id').execute();
  // Lists a cycle's questions.
  await db.schema.createIndex('questions_cycle_idx').on('questions').column('cycle_id').execute();

  await db.schema
    .createTable('rating_rounds')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scale_min', 'integer', (c) => c.notNull())
    .addColumn('scale_max', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('open')
        .check(sql`status in ('draft', 'open', 'closed')`)
    )
    .addColumn('blind', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('opened_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('rating_rounds_scale_check', sql`scale_min < scale_max`)
    .execute();

  await db.schema
    .createTable('round_themes')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('rating_rounds.id').onDelete('cascade'))
    // Restrict: a theme that was rated cannot disappear from under its scores.
    .addColumn('theme_id', 'integer', (c) => c.notNull().references('themes.id').onDelete('restrict'))
    .addPrimaryKeyConstraint('round_themes_pkey', ['round_id', 'theme_id'])
    .execute();

  await db.schema
    .createTable('round_committees')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('rating_rounds.id').onDelete('cascade'))
    .addColumn('committee_id', 'integer', (c) => c.notNull().references('committees.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('round_committees_pkey', ['round_id', 'committee_id'])
    .execute();

  await db.schema
    .createTable('round_criteria')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('round_id', 'integer', (c) => c.notNull().references('rating_rounds.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('weight', 'float8', (c) =>
      c
        .notNull()
        .defaultTo(1)
        .check(sql`weight > 0`)
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  // Lists a round's criteria.
  await db.schema.createIndex('round_criteria_round_idx').on('round_criteria').column('round_id').execute();

  await db.schema
    .createTable('scores')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('rating_rounds.id').onDelete('cascade'))
    .addColumn('theme_id', 'integer', (c) => c.notNull().references('themes.id').onDelete('restrict'))
    .addColumn('criterion_id', 'integer', (c) => c.notNull().references('round_criteria.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('restrict'))
    .addColumn('value', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // One score per member × theme × criterion: re-sending replaces it.
    .addPrimaryKeyConstraint('scores_pkey', ['round_id', 'theme_id', 'criterion_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .execute();
  // The audit view lists the newest entries first.
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'audit_log',
    'scores',
    'round_criteria',
    'round_committees',
    'round_themes',
    'rating_rounds',
    'questions',
    'themes',
    'clustering_runs',
    'import_batches',
    'sources',
    'committee_members',
    'committees',
    'cycles',
    'sessions',
    'users'
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
