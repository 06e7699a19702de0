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
  const { id, email, name, role } = found;
  return startSession(db, { user: { id, email, name, role }, ttlHours: input.ttlHours, now: input.now });
}

/** A new session for a user who just proved who they are (a login, or a password set through an invitation). */
export async function startSession(
  db: Kysely<Database>,
  input: { user: User; ttlHours: number; now: Date }
): Promise<LoginResult> {
  await deleteExpiredSessions(db, input.now);
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(input.now.getTime() + input.ttlHours * 3600_000);
  await insertSession(db, { tokenHash: hashToken(token), userId: input.user.id, csrfToken, expiresAt });
  return { user: input.user, token, csrfToken, expiresAt };
}

export async function logout(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await deleteSession(db, tokenHash);
}

/** Loose on purpose: the address is checked for shape only; whoever owns it proves it by logging in. */
export function isEmailAddress(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim());
}

export async function createUser(
  db: Kysely<Database>,
  input: { email: string; name: string; role: Role; password: string; hashCost: number }
): Promise<User> {
  if (!isEmailAddress(input.email)) {
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
