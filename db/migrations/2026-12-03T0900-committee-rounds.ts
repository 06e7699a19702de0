import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code.
//
// Committees rate themes: invitations to join a committee, rounds with criteria on a scale or as a top-N ranking,
// Delphi follow-up rounds, conflicts of interest, "weet ik niet", comments, a final submit, and feedback rounds.
export async function up(db: Kysely<any>): Promise<void> {
  // Observers count apart from the members who rate (a scientific committee: ≤ 10 members plus an observer).
  await db.schema
    .alterTable('committees')
    .addColumn('max_observers', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(2)
        .check(sql`max_observers >= 0`)
    )
    .execute();
  await db.schema
    .alterTable('committee_members')
    .addColumn('joined_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // A single-use, expiring link to join a committee; only the hash of its token is kept.
  await db.schema
    .createTable('invitations')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('committee_id', 'integer', (c) => c.notNull().references('committees.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('membership', 'text', (c) => c.notNull().check(sql`membership in ('member', 'chair', 'observer')`))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('accepted_at', 'timestamptz')
    .addColumn('accepted_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // Lists a committee's invitations.
  await db.schema.createIndex('invitations_committee_idx').on('invitations').column('committee_id').execute();

  await db.schema
    .alterTable('rating_rounds')
    // A rating round scores themes; a feedback round (concretisation) gathers comments per theme.
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .defaultTo('rating')
        .check(sql`kind in ('rating', 'feedback')`)
    )
    // Scores on scale_min..scale_max, or a ranking of the member's top N themes (1 = most important).
    .addColumn('scale_kind', 'text', (c) =>
      c
        .notNull()
        .defaultTo('scale')
        .check(sql`scale_kind in ('scale', 'ranking')`)
    )
    .addColumn('rank_top_n', 'integer', (c) => c.check(sql`rank_top_n > 0`))
    // Planned dates; opened_at and closed_at record when it actually happened.
    .addColumn('opens_at', 'timestamptz')
    .addColumn('closes_at', 'timestamptz')
    // Delphi: the round this one follows; members see their earlier score and the group's median and IQR.
    .addColumn('previous_round_id', 'integer', (c) => c.references('rating_rounds.id').onDelete('restrict'))
    // The consensus rule, e.g. {"topShare": 0.7, "maxIqr": 1}.
    .addColumn('consensus', 'jsonb')
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .execute();

  await db.schema
    .alterTable('scores')
    // "weet ik niet" is an answer of its own, not a missing score.
    .addColumn('dont_know', 'boolean', (c) => c.notNull().defaultTo(false))
    // Why a member revised their earlier (Delphi) score.
    .addColumn('reason', 'text')
    .execute();
  await db.schema
    .alterTable('scores')
    .alterColumn('value', (c) => c.dropNotNull())
    .execute();
  await sql`alter table scores add constraint scores_value_or_dont_know check ((value is null) = dont_know)`.execute(
    db
  );

  // One comment per member and theme in a round.
  await db.schema
    .createTable('ballot_comments')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('rating_rounds.id').onDelete('cascade'))
    .addColumn('theme_id', 'integer', (c) => c.notNull().references('themes.id').onDelete('restrict'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('restrict'))
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('ballot_comments_pkey', ['round_id', 'theme_id', 'user_id'])
    .execute();

  // A member's final submit; changes stay allowed until the round closes (and keep the submit).
  await db.schema
    .createTable('round_submissions')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('rating_rounds.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('restrict'))
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('round_submissions_pkey', ['round_id', 'user_id'])
    .execute();

  // Before rating a member declares: no conflicts ('none'), a general interest ('general'), or a conflict on one
  // theme ('theme'), which recuses them from scoring it.
  await db.schema
    .createTable('conflict_declarations')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('round_id', 'integer', (c) => c.notNull().references('rating_rounds.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('restrict'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('none', 'general', 'theme')`))
    .addColumn('theme_id', 'integer', (c) => c.references('themes.id').onDelete('restrict'))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('declared_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('conflict_declarations_theme', sql`(kind = 'theme') = (theme_id is not null)`)
    .execute();
  // A member's declarations in a round (the ballot, the server's check on every score).
  await db.schema
    .createIndex('conflict_declarations_round_user_idx')
    .on('conflict_declarations')
    .columns(['round_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('conflict_declarations_theme_key')
    .unique()
    .on('conflict_declarations')
    .columns(['round_id', 'user_id', 'theme_id'])
    .where(sql.ref('theme_id'), 'is not', null)
    .execute();

  // Feedback rounds: comments per theme in a category; staff mark them handled.
  await db.schema
    .createTable('theme_feedback')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('round_id', 'integer', (c) => c.notNull().references('rating_rounds.id').onDelete('cascade'))
    .addColumn('theme_id', 'integer', (c) => c.notNull().references('themes.id').onDelete('restrict'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('restrict'))
    .addColumn('category', 'text', (c) => c.notNull().check(sql`category in ('gaps', 'literature', 'naming', 'fit')`))
    .addColumn('text', 'text', (c) => c.notNull().check(sql`length(text) > 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('handled_at', 'timestamptz')
    .addColumn('handled_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  // Staff read the feedback per theme.
  await db.schema
    .createIndex('theme_feedback_round_theme_idx')
    .on('theme_feedback')
    .columns(['round_id', 'theme_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'theme_feedback',
    'conflict_declarations',
    'round_submissions',
    'ballot_comments',
    'invitations'
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await sql`delete from scores where value is null`.execute(db);
  await sql`alter table scores drop constraint scores_value_or_dont_know`.execute(db);
  await db.schema
    .alterTable('scores')
    .alterColumn('value', (c) => c.setNotNull())
    .execute();
  await db.schema.alterTable('scores').dropColumn('dont_know').dropColumn('reason').execute();
  await db.schema
    .alterTable('rating_rounds')
    .dropColumn('kind')
    .dropColumn('scale_kind')
    .dropColumn('rank_top_n')
    .dropColumn('opens_at')
    .dropColumn('closes_at')
    .dropColumn('previous_round_id')
    .dropColumn('consensus')
    .dropColumn('description')
    .execute();
  await db.schema.alterTable('committee_members').dropColumn('joined_at').execute();
  await db.schema.alterTable('committees').dropColumn('max_observers').execute();
}
