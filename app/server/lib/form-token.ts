import { createHmac, timingSafeEqual } from 'node:crypto';

export type FormTokenCheck = 'ok' | 'too_fast' | 'expired' | 'invalid';

const sign = (secret: string, issuedAt: number) =>
  createHmac('sha256', secret).update(`form:${issuedAt}`).digest('base64url');

/** The moment a form was handed out, signed so that a robot cannot claim it waited. */
export function issueFormToken(secret: string, now: Date): string {
  const issuedAt = now.getTime();
  return `${issuedAt}.${sign(secret, issuedAt)}`;
}

/** Whether a form came back after at least `minFillMs` and within `maxAgeMs` of being handed out. */
export function checkFormToken(
  token: string,
  secret: string,
  now: Date,
  limits: { minFillMs: number; maxAgeMs: number }
): FormTokenCheck {
  const match = /^(\d{1,15})\.([\w-]{43})$/.exec(token);
  if (!match) return 'invalid';
  const issuedAt = Number(match[1]);
  const given = Buffer.from(match[2]!);
  const expected = Buffer.from(sign(secret, issuedAt));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
  const age = now.getTime() - issuedAt;
  if (age < limits.minFillMs) return 'too_fast';
  if (age > limits.maxAgeMs) return 'expired';
  return 'ok';
}
