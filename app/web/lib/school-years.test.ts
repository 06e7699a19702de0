import { describe, expect, it } from 'vitest';
import { schoolYearOf, schoolYears } from './school-years';

describe('school years', () => {
  it.each([
    { description: 'first day of the school year', input: '2024-09-01', expected: 2024 },
    { description: 'last day of the school year', input: '2025-08-31', expected: 2024 },
    { description: 'January belongs to the year that began in September', input: '2025-01-15', expected: 2024 }
  ])('$description', ({ input, expected }) => {
    expect(schoolYearOf(input)).toBe(expected);
  });

  it('lists the three school years of a 2024–2027 cycle', () => {
    expect(schoolYears('2024-09-01', '2027-08-31')).toEqual(['2024–2025', '2025–2026', '2026–2027']);
  });
});
