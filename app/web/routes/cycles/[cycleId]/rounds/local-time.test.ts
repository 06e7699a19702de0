import { describe, expect, it } from 'vitest';
import { fromLocalInput, toLocalInput } from './local-time';

describe('planned dates in Belgian time', () => {
  it.each([
    { description: 'winter time (UTC+1)', local: '2026-12-10T09:00', iso: '2026-12-10T08:00:00.000Z' },
    { description: 'summer time (UTC+2)', local: '2027-06-15T17:30', iso: '2027-06-15T15:30:00.000Z' },
    { description: 'midnight at new year', local: '2027-01-01T00:00', iso: '2026-12-31T23:00:00.000Z' },
    { description: 'the morning the clocks go forward', local: '2027-03-28T04:00', iso: '2027-03-28T02:00:00.000Z' }
  ])('$description: $local ↔ $iso', ({ local, iso }) => {
    expect(fromLocalInput(local)).toBe(iso);
    expect(toLocalInput(iso)).toBe(local);
  });

  it('reads an empty or malformed field as no date', () => {
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('10/12/2026 09:00')).toBeNull();
    expect(toLocalInput(null)).toBe('');
  });
});
