import { type Kysely, sql } from 'kysely';
import type { Database, NewUser, Role } from '../schema.js';

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
}

export interface UserWithHash extends User {
  passwordHash: string;
  disabled: boolean;
  /** Wrong passwords since the last good login or the last lockout. */
  failedLogins: number;
  lockedUntil: Date | null;
}

export async function findUserByEmail(db: Kysely<Database>, email: string): Promise<UserWithHash | null> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role', 'password_hash', 'disabled_at', 'failed_logins', 'locked_until'])
    .where(sql`lower(email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    passwordHash: row.password_hash,
    disabled: row.disabled_at !== null,
    failedLogins: row.failed_logins,
    lockedUntil: row.locked_until
  };
}

/**
 * Counts a wrong password in one statement, so parallel attempts cannot slip past the limit: the failure that reaches
 * `maxFailures` locks the account until `lockUntil` and starts the count afresh. Returns whether this one locked it.
 */
export async function recordFailedLogin(
  db: Kysely<Database>,
  userId: number,
  limits: { maxFailures: number; lockUntil: Date }
): Promise<boolean> {
  const reached = sql<boolean>`failed_logins + 1 >= ${limits.maxFailures}`;
  const row = await db
    .updateTable('users')
    .set({
      failed_logins: sql`case when ${reached} then 0 else failed_logins + 1 end`,
      locked_until: sql`case when ${reached} then ${limits.lockUntil}::timestamptz else locked_until end`
    })
    .where('id', '=', userId)
    // Only the locking failure sets the count back to 0.
    .returning(sql<boolean>`failed_logins = 0`.as('locked'))
    .executeTakeFirst();
  return row?.locked ?? false;
}

/** A good login clears the count of wrong passwords and any lockout that has run out. */
export async function clearFailedLogins(db: Kysely<Database>, userId: number): Promise<void> {
  await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();
}

export async function insertUser(db: Kysely<Database>, user: NewUser): Promise<User> {
  return db
    .insertInto('users')
    .values({ ...user, email: user.email.trim() })
    .returning(['id', 'email', 'name', 'role'])
    .executeTakeFirstOrThrow();
}
