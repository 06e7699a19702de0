import { describe, expect, it } from 'vitest';
import { checkFormToken, issueFormToken } from './form-token.js';

const SECRET = 'test-secret';
const LIMITS = { minFillMs: 3000, maxAgeMs: 86_400_000 };
const issued = new Date('2026-12-03T10:00:00Z');
const token = issueFormToken(SECRET, issued);
const after = (ms: number) => new Date(issued.getTime() + ms);

describe('checkFormToken', () => {
  it.each([
    { description: 'sent back after 3 s', token, now: after(3000), expected: 'ok' },
    { description: 'sent back after an hour', token, now: after(3_600_000), expected: 'ok' },
    { description: 'sent back within 3 s (a robot)', token, now: after(2999), expected: 'too_fast' },
    { description: 'sent back after more than a day', token, now: after(86_400_001), expected: 'expired' },
    {
      description: 'signed with another secret',
      token: issueFormToken('other', issued),
      now: after(5000),
      expected: 'invalid'
    },
    {
      description: 'an earlier time claimed',
      token: token.replace(/^\d+/, String(issued.getTime() - 60_000)),
      now: after(5000),
      expected: 'invalid'
    },
    { description: 'not a token', token: 'hello', now: after(5000), expected: 'invalid' },
    { description: 'empty', token: '', now: after(5000), expected: 'invalid' }
  ])('$description: $expected', ({ token: given, now, expected }) => {
    expect(checkFormToken(given, SECRET, now, LIMITS)).toBe(expected);
  });
});
