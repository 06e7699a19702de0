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
}

export async function findUserByEmail(db: Kysely<Database>, email: string): Promise<UserWithHash | null> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role', 'password_hash', 'disabled_at'])
    .where(sql`lower(email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    passwordHash: row.password_hash,
    disabled: row.disabled_at !== null
  };
}

export async function insertUser(db: Kysely<Database>, user: NewUser): Promise<User> {
  return db
    .insertInto('users')
    .values({ ...user, email: user.email.trim() })
    .returning(['id', 'email', 'name', 'role'])
    .executeTakeFirstOrThrow();
}
