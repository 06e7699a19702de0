import { type Kysely, sql } from 'kysely';

// Frozen in time: this file never imports application code.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('import_batches')
    .addColumn('format', 'text', (c) => c.notNull().defaultTo('csv'))
    .addColumn('header_rows', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('mapping', 'jsonb', (c) => c.notNull().defaultTo(sql`'{"columns":[]}'::jsonb`))
    .addColumn('size_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('cells_split', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // The mapping staff confirmed last time, offered again for the next file of the source.
  await db.schema.alterTable('sources').addColumn('mapping', 'jsonb').execute();

  await db.schema
    .alterTable('questions')
    .addColumn('split_index', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('split_of', 'integer', (c) => c.notNull().defaultTo(1))
    // The whole cell a split question came from, so the split can be undone.
    .addColumn('cell_text', 'text')
    .execute();
  // The parts of one split cell, for undoing the split.
  await db.schema
    .createIndex('questions_cell_idx')
    .on('questions')
    .columns(['batch_id', 'row_number', 'column_name'])
    .execute();

  // Personal data of askers lives apart from the questions: staff only, erasable on its own.
  await db.schema
    .createTable('personal_data')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('import_batches.id').onDelete('cascade'))
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('ip', 'text')
    .addColumn('consent', 'boolean')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('personal_data_batch_row_key', ['batch_id', 'row_number'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('personal_data').execute();
  await db.schema.dropIndex('questions_cell_idx').execute();
  await db.schema
    .alterTable('questions')
    .dropColumn('split_index')
    .dropColumn('split_of')
    .dropColumn('cell_text')
    .execute();
  await db.schema.alterTable('sources').dropColumn('mapping').execute();
  await db.schema
    .alterTable('import_batches')
    .dropColumn('format')
    .dropColumn('header_rows')
    .dropColumn('mapping')
    .dropColumn('size_bytes')
    .dropColumn('cells_split')
    .execute();
}
