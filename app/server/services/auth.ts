import type { Kysely } from 'kysely';
import { deleteExpiredSessions, deleteSession, insertSession } from '../../../db/queries/sessions.js';
import { writeAudit } from '../../../db/queries/audit.js';
import {
  clearFailedLogins,
  findUserByEmail,
  insertUser,
  recordFailedLogin,
  type User
} from '../../../db/queries/users.js';
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

export interface LockoutRules {
  /** Wrong passwords in a row that lock the account. */
  maxFailures: number;
  minutes: number;
}

/**
 * Wrong passwords for addresses without an account, counted as an account's are: were only real accounts locked, a
 * lockout would tell which addresses have one. In memory (a server restart forgets them) and bounded, so a flood of
 * made-up addresses cannot grow it without end; the oldest entries go first.
 */
export class UnknownAddressFailures {
  readonly #entries = new Map<string, { failures: number; lockedUntil: Date | null }>();
  constructor(private readonly capacity = 10_000) {}

  lockedUntil(email: string): Date | null {
    return this.#entries.get(email)?.lockedUntil ?? null;
  }

  /** Counts a failure; returns the end of the lockout when this failure starts one. */
  record(email: string, rules: LockoutRules, now: Date): Date | null {
    const entry = this.#entries.get(email) ?? { failures: 0, lockedUntil: null };
    this.#entries.delete(email);
    entry.failures += 1;
    let locked: Date | null = null;
    if (entry.failures >= rules.maxFailures) {
      locked = new Date(now.getTime() + rules.minutes * 60_000);
      entry.failures = 0;
      entry.lockedUntil = locked;
    }
    this.#entries.set(email, entry);
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
    return locked;
  }
}

/** The same answer for a locked account and a locked unknown address; neither says whether the account exists. */
function lockedOut(until: Date, now: Date): AppError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return new AppError(
    429,
    'login_locked',
    `Too many wrong passwords for this e-mail address. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    { minutes }
  );
}

export async function login(
  db: Kysely<Database>,
  input: {
    email: string;
    password: string;
    ttlHours: number;
    hashCost: number;
    now: Date;
    lockout: LockoutRules;
    unknownAddresses: UnknownAddressFailures;
  }
): Promise<LoginResult> {
  const found = await findUserByEmail(db, input.email);
  const address = input.email.trim().toLowerCase();
  // While locked even the right password is refused: otherwise guessing would simply go on after the lockout.
  const lockedUntil = found ? found.lockedUntil : input.unknownAddresses.lockedUntil(address);
  if (lockedUntil && lockedUntil > input.now) throw lockedOut(lockedUntil, input.now);

  decoyHash ??= hashPassword('decoy', input.hashCost);
  const ok = await verifyPassword(input.password, found?.passwordHash ?? (await decoyHash));
  if (!found || !ok || found.disabled) {
    const lockUntil = new Date(input.now.getTime() + input.lockout.minutes * 60_000);
    const locked = found
      ? await recordFailedLogin(db, found.id, { maxFailures: input.lockout.maxFailures, lockUntil })
      : input.unknownAddresses.record(address, input.lockout, input.now) !== null;
    if (!locked) throw new AppError(401, 'invalid_credentials', 'E-mail address or password is wrong.');
    if (found) {
      await writeAudit(db, {
        actorId: null,
        action: 'user.lock',
        entity: 'user',
        entityId: found.id,
        after: { lockedUntil: lockUntil, failedLogins: input.lockout.maxFailures }
      });
    }
    throw lockedOut(lockUntil, input.now);
  }
  if (found.failedLogins > 0 || found.lockedUntil) await clearFailedLogins(db, found.id);
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
