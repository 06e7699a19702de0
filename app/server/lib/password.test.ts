import { describe, expect, it } from 'vitest';
import { hashPassword, randomPassword, verifyPassword } from './password.js';

describe('password hashing', () => {
  it('verifies the right password and rejects a wrong one', async () => {
    const hash = await hashPassword('correct horse', 10);
    expect(hash).toMatch(/^scrypt\$10\$/);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('wrong horse', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same', 10)).not.toBe(await hashPassword('same', 10));
  });

  it.each([['garbage'], ['scrypt$10$$'], ['']])('rejects a malformed stored hash %j', async (stored) => {
    expect(await verifyPassword('x', stored)).toBe(false);
  });

  it('makes distinct random passwords', () => {
    expect(randomPassword()).toHaveLength(16);
    expect(randomPassword()).not.toBe(randomPassword());
  });
});
