import type { Kysely } from 'kysely';
import { deleteExpiredSessions, deleteSession, insertSession } from '../../../db/queries/sessions.js';
import { findUserByEmail, insertUser, type User } from '../../../db/queries/users.js';
import type { Database, Role } from '../../../db/schema.js';
import { AppError, conflict } from '../errors.js';
import { hashPassword, verifyPassword } from '../lib/password.js';
import { hashToken, newToken } from '../plugins/auth.js';

// Verifying against a real hash when the e-mail is unknown keeps the answer time the same.
let decoyHash: Promise<string> | null = null;

export interface LoginResult {
  user: User;
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function login(
  db: Kysely<Database>,
  input: { email: string; password: string; ttlHours: number; hashCost: number; now: Date }
): Promise<LoginResult> {
  const found = await findUserByEmail(db, input.email);
  decoyHash ??= hashPassword('decoy', input.hashCost);
  const ok = await verifyPassword(input.password, found?.passwordHash ?? (await decoyHash));
  if (!found || !ok || found.disabled) {
    throw new AppError(401, 'invalid_credentials', 'E-mail address or password is wrong.');
  }
  await deleteExpiredSessions(db, input.now);
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(input.now.getTime() + input.ttlHours * 3600_000);
  await insertSession(db, { tokenHash: hashToken(token), userId: found.id, csrfToken, expiresAt });
  const { id, email, name, role } = found;
  return { user: { id, email, name, role }, token, csrfToken, expiresAt };
}

export async function logout(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await deleteSession(db, tokenHash);
}

export async function createUser(
  db: Kysely<Database>,
  input: { email: string; name: string; role: Role; password: string; hashCost: number }
): Promise<User> {
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email.trim())) {
    throw new AppError(400, 'invalid_email', `"${input.email}" is not an e-mail address.`);
  }
  if (input.password.length < 10) {
    throw new AppError(400, 'weak_password', 'A password needs at least 10 characters.');
  }
  if (await findUserByEmail(db, input.email)) {
    throw conflict('email_taken', `An account for ${input.email} already exists.`, { email: input.email });
  }
  return insertUser(db, {
    email: input.email,
    name: input.name.trim(),
    role: input.role,
    password_hash: await hashPassword(input.password, input.hashCost)
  });
}
