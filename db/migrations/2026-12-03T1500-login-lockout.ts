import type { Kysely } from 'kysely';

// Frozen in time: this file never imports application code.
//
// Lockout after repeated wrong passwords: failed_logins counts the failures since the last good login or the last
// lockout; locked_until, while in the future, refuses every login of the account, even with the right password.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('failed_logins').dropColumn('locked_until').execute();
}
