import type { Kysely } from 'kysely';
import type { Database, Role } from '../schema.js';

export interface SessionUser {
  userId: number;
  email: string;
  name: string;
  role: Role;
  csrfToken: string;
}

export async function insertSession(
  db: Kysely<Database>,
  session: { tokenHash: string; userId: number; csrfToken: string; expiresAt: Date }
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      token_hash: session.tokenHash,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      expires_at: session.expiresAt
    })
    .execute();
}

/** The live session behind a token hash, with its user; expired sessions and disabled users give null. */
export async function findSession(db: Kysely<Database>, tokenHash: string, now: Date): Promise<SessionUser | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id as userId', 'users.email', 'users.name', 'users.role', 'sessions.csrf_token as csrfToken'])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', now)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();
  return row ?? null;
}

export async function deleteSession(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteExpiredSessions(db: Kysely<Database>, now: Date): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
