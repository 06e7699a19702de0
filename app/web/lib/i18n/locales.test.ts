import { describe, expect, it } from 'vitest';
import { pickLocale } from './locales';

describe('pickLocale', () => {
  it.each([
    { cookie: undefined, expected: 'nl-BE' },
    { cookie: 'en', expected: 'en' },
    { cookie: 'nl-BE', expected: 'nl-BE' },
    { cookie: 'fr', expected: 'nl-BE' }
  ])('cookie $cookie → $expected', ({ cookie, expected }) => {
    expect(pickLocale(cookie)).toBe(expected);
  });
});
