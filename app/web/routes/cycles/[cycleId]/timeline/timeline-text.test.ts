import { describe, expect, it } from 'vitest';
import type { PlacementReasonDto } from '$shared/timeline';
import { brokenText, reasonText, yearLabel } from './timeline-text';

/** Echoes the key and its parameters, so the test sees which message was chosen with what. */
const t = (key: string, params?: Record<string, string | number>) =>
  `${key}${params ? ' ' + JSON.stringify(params) : ''}`;

describe('timeline texts', () => {
  it('names a school year by its two calendar years', () => {
    expect(yearLabel('2024-09-01')).toBe('2024–2025');
  });

  it.each([
    { reason: null, expected: 'timeline.reason.none' },
    {
      reason: { code: 'priority', params: { rank: 2, year: '2024-09-01' } },
      expected: 'timeline.reason.priority {"rank":2}'
    },
    {
      reason: { code: 'priority', params: { rank: null, year: '2024-09-01' } },
      expected: 'timeline.reason.priorityUnranked'
    },
    {
      reason: { code: 'capacity', params: { rank: 3, year: '2026-09-01', fullYears: ['2024-09-01', '2025-09-01'] } },
      expected: 'timeline.reason.capacity {"count":2,"years":"2024–2025 timeline.and 2025–2026"}'
    },
    {
      reason: { code: 'after_dependency', params: { afterThemeId: 3, afterThemeName: 'Lezen', year: '2025-09-01' } },
      expected: 'timeline.reason.afterDependency {"name":"Lezen"}'
    },
    {
      reason: { code: 'dependency_cycle', params: { themeNames: ['A', 'B', 'C'] } },
      expected: 'timeline.reason.dependencyCycle {"names":"‘A’, ‘B’ timeline.and ‘C’"}'
    },
    { reason: { code: 'pinned', params: { year: null } }, expected: 'timeline.reason.pinnedOut' },
    { reason: { code: 'manual', params: {} }, expected: 'timeline.reason.manual' }
  ] as { reason: PlacementReasonDto | null; expected: string }[])('$expected', ({ reason, expected }) => {
    expect(reasonText(reason, t)).toBe(expected);
  });

  it('says how a dependency is broken', () => {
    expect(brokenText({ themeId: 1, afterThemeId: 2, reason: 'same_year' }, 'Lezen', t)).toBe(
      'timeline.broken.sameYear {"name":"Lezen"}'
    );
  });
});
