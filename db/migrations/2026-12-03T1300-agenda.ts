import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code.
//
// From priorities to a published agenda: school years with a capacity, where each theme is placed on the timeline
// (pins, "after" dependencies, why it landed there), its knowledge route and outputs, ad-hoc themes, numbered
// immutable versions of the agenda, and how staff handled the unusual raters that analytics flagged.
export async function up(db: Kysely<any>): Promise<void> {
  // One row per school year (1 September – 31 August) of a cycle; capacity = how many themes it can take.
  await db.schema
    .createTable('school_years')
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(5)
        .check(sql`capacity >= 0`)
    )
    .addPrimaryKeyConstraint('school_years_pk', ['cycle_id', 'starts_on'])
    .addCheckConstraint('school_years_order', sql`starts_on < ends_on`)
    .execute();
  // Existing cycles get their school years: every 1 September from the cycle's start up to its end.
  await sql`
    insert into school_years (cycle_id, starts_on, ends_on)
    select c.id, y::date, (y + interval '1 year' - interval '1 day')::date
    from cycles c,
      generate_series(
        make_date(extract(year from c.starts_on - interval '8 months')::int, 9, 1),
        c.ends_on,
        interval '1 year'
      ) as y
  `.execute(db);

  // Where a theme sits on the timeline. No row, or a null year: not placed. Overarching themes span every year
  // and need no row.
  await db.schema
    .createTable('theme_placements')
    .addColumn('theme_id', 'integer', (c) => c.primaryKey().references('themes.id').onDelete('cascade'))
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('year_starts_on', 'date')
    // A pinned placement stays where a person put it when the proposal is made again.
    .addColumn('pinned', 'boolean', (c) => c.notNull().defaultTo(false))
    // Order within the year on the timeline.
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    // Why the theme landed here: { code, params } from the automatic proposal, or a manual placement.
    .addColumn('reason', 'jsonb')
    .addColumn('placed_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('placed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint(
      'theme_placements_year_fk',
      ['cycle_id', 'year_starts_on'],
      'school_years',
      ['cycle_id', 'starts_on'],
      (fk) => fk.onDelete('cascade')
    )
    .execute();
  // The timeline of a cycle.
  await db.schema.createIndex('theme_placements_cycle_idx').on('theme_placements').column('cycle_id').execute();

  // "theme_id comes after after_theme_id": it may not be placed in an earlier school year.
  await db.schema
    .createTable('theme_dependencies')
    .addColumn('theme_id', 'integer', (c) => c.notNull().references('themes.id').onDelete('cascade'))
    .addColumn('after_theme_id', 'integer', (c) => c.notNull().references('themes.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('theme_dependencies_pk', ['theme_id', 'after_theme_id'])
    .addCheckConstraint('theme_dependencies_not_self', sql`theme_id <> after_theme_id`)
    .execute();
  // Dependencies seen from the theme that must come first (deleting or listing them).
  await db.schema
    .createIndex('theme_dependencies_after_idx')
    .on('theme_dependencies')
    .column('after_theme_id')
    .execute();

  // The knowledge route of a theme: is there enough evidence, and what will the centre make of it.
  await db.schema
    .createTable('theme_routes')
    .addColumn('theme_id', 'integer', (c) => c.primaryKey().references('themes.id').onDelete('cascade'))
    .addColumn('evidence_status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('unchecked')
        .check(sql`evidence_status in ('unchecked', 'enough', 'too_little')`)
    )
    .addColumn('planned_output', 'text', (c) => c.check(sql`planned_output in ('guide', 'valorisation', 'research')`))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // What came of a theme: a practical guide, another valorisation product, commissioned research.
  await db.schema
    .createTable('theme_outputs')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('theme_id', 'integer', (c) => c.notNull().references('themes.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('guide', 'valorisation', 'research')`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('planned')
        .check(sql`status in ('planned', 'in_progress', 'delivered', 'cancelled')`)
    )
    .addColumn('planned_on', 'date')
    .addColumn('delivered_on', 'date')
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // A theme's outputs (route page, evaluation).
  await db.schema.createIndex('theme_outputs_theme_idx').on('theme_outputs').column('theme_id').execute();

  // Which of the theme's questions an output answers (the end-of-cycle evaluation counts them).
  await db.schema
    .createTable('output_questions')
    .addColumn('output_id', 'integer', (c) => c.notNull().references('theme_outputs.id').onDelete('cascade'))
    .addColumn('question_id', 'integer', (c) => c.notNull().references('questions.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('output_questions_pk', ['output_id', 'question_id'])
    .execute();

  // An ad-hoc theme is added mid-cycle for an urgent need, and says why.
  await db.schema
    .alterTable('themes')
    .addColumn('is_ad_hoc', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('ad_hoc_justification', 'text')
    .execute();
  await sql`alter table themes add constraint themes_ad_hoc_justified
    check (not is_ad_hoc or length(trim(coalesce(ad_hoc_justification, ''))) > 0)`.execute(db);

  // A version of the agenda: proposed (staff or director), then approved or rejected by the director, then
  // published with the next number of its cycle. The snapshot holds everything the published agenda shows.
  await db.schema
    .createTable('agenda_versions')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('number', 'integer')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('proposed')
        .check(sql`status in ('proposed', 'approved', 'rejected', 'published')`)
    )
    .addColumn('snapshot', 'jsonb', (c) => c.notNull())
    .addColumn('proposal_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('proposed_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('proposed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('review_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reviewed_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('reviewed_at', 'timestamptz')
    .addColumn('published_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('published_at', 'timestamptz')
    .addUniqueConstraint('agenda_versions_number_unique', ['cycle_id', 'number'])
    .addCheckConstraint(
      'agenda_versions_published_numbered',
      sql`(status = 'published') = (number is not null) and (status = 'published') = (published_at is not null)`
    )
    .execute();
  // The versions of a cycle, and its latest published one (/agenda).
  await db.schema
    .createIndex('agenda_versions_cycle_idx')
    .on('agenda_versions')
    .columns(['cycle_id', 'number'])
    .execute();
  // A published version never changes, and no proposal's snapshot does: enforced here, below every code path.
  await sql`
    create function agenda_versions_immutable() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        if old.status = 'published' then
          raise exception 'agenda version % is published and cannot be deleted', old.number using errcode = 'P0001';
        end if;
        return old;
      end if;
      if old.status = 'published' then
        raise exception 'agenda version % is published and cannot change', old.number using errcode = 'P0001';
      end if;
      if new.snapshot is distinct from old.snapshot then
        raise exception 'the snapshot of an agenda version cannot change' using errcode = 'P0001';
      end if;
      return new;
    end $$
  `.execute(db);
  await sql`
    create trigger agenda_versions_immutable before update or delete on agenda_versions
    for each row execute function agenda_versions_immutable()
  `.execute(db);

  // How staff handled a rater the analytics flagged as unusual (the methodology report accounts for it).
  await db.schema
    .createTable('rater_reviews')
    .addColumn('round_id', 'integer', (c) => c.notNull().references('rating_rounds.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision in ('kept', 'revised', 'excluded')`))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('decided_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('decided_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('rater_reviews_pk', ['round_id', 'user_id'])
    .execute();

  // The audit view filters by kind of record and by person, newest first.
  await db.schema.createIndex('audit_log_entity_idx').on('audit_log').columns(['entity', 'at']).execute();
  await db.schema.createIndex('audit_log_actor_idx').on('audit_log').columns(['actor_id', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_log_actor_idx').execute();
  await db.schema.dropIndex('audit_log_entity_idx').execute();
  await db.schema.dropTable('rater_reviews').execute();
  await db.schema.dropTable('agenda_versions').execute();
  await sql`drop function agenda_versions_immutable()`.execute(db);
  await sql`alter table themes drop constraint themes_ad_hoc_justified`.execute(db);
  await db.schema.alterTable('themes').dropColumn('ad_hoc_justification').dropColumn('is_ad_hoc').execute();
  await db.schema.dropTable('output_questions').execute();
  await db.schema.dropTable('theme_outputs').execute();
  await db.schema.dropTable('theme_routes').execute();
  await db.schema.dropTable('theme_dependencies').execute();
  await db.schema.dropTable('theme_placements').execute();
  await db.schema.dropTable('school_years').execute();
}
