import { describe, expect, it } from 'vitest';
import { changes } from './changes';

describe('changes', () => {
  it.each([
    {
      description: 'an update lists only the fields that differ',
      before: { status: 'open', name: 'R' },
      after: { status: 'closed', name: 'R' },
      expected: [{ field: 'status', before: 'open', after: 'closed' }]
    },
    {
      description: 'a creation lists every field with an empty before',
      before: null,
      after: { value: 4 },
      expected: [{ field: 'value', before: '', after: '4' }]
    },
    {
      description: 'a removal lists every field with an empty after',
      before: { themeIds: [1, 2] },
      after: null,
      expected: [{ field: 'themeIds', before: '[1,2]', after: '' }]
    },
    {
      description: 'a value that is not a record is one line',
      before: 'a',
      after: ['b'],
      expected: [{ field: '', before: 'a', after: '["b"]' }]
    },
    {
      description: 'long values are cut',
      before: null,
      after: { text: 'x'.repeat(100) },
      expected: [{ field: 'text', before: '', after: `${'x'.repeat(59)}…` }]
    }
  ])('$description', ({ before, after, expected }) => {
    expect(changes(before, after)).toEqual(expected);
  });
});
