import { describe, expect, it } from 'vitest';
import { themesWithConsensus } from './delphi-choice';

const theme = (themeId: number, consensus: boolean | null) => ({
  themeId,
  name: `T${themeId}`,
  consensus,
  criteria: []
});

describe('themes left out of a follow-up round', () => {
  it.each([
    {
      description: 'the themes that met consensus, in the order of the form',
      themes: [theme(3, true), theme(1, false), theme(2, true)],
      ids: [1, 2, 3, 4],
      expected: [2, 3]
    },
    { description: 'none without consensus', themes: [theme(1, false)], ids: [1, 2], expected: [] },
    { description: 'no rule (a ranking) leaves all in', themes: [theme(1, null)], ids: [1], expected: [] },
    { description: 'a theme no longer in the cycle is ignored', themes: [theme(9, true)], ids: [1], expected: [] }
  ])('$description', ({ themes, ids, expected }) => {
    expect(themesWithConsensus({ themes }, ids)).toEqual(expected);
  });
});
