import { describe, expect, it } from 'vitest';
import type { RunQuestion, RunTheme } from '../../../db/queries/clustering-runs.js';
import { checkSeedThemes, compareWithCurrent } from './themes.js';

const theme = (cluster: number, label: string): RunTheme => ({
  cluster,
  label,
  description: '',
  keywords: [],
  size: 0,
  representativeQuestionIds: [],
  seedName: null
});
const question = (questionId: number, themeId: number | null, cluster: number, active = true): RunQuestion => ({
  questionId,
  text: `vraag ${questionId}`,
  cluster,
  themeId,
  active
});

const CURRENT = [
  { id: 10, name: 'Rekenen' },
  { id: 20, name: 'Pesten' }
];

describe('compareWithCurrent', () => {
  it.each([
    {
      description: 'a proposal that keeps every question where it is, under new names',
      proposed: [theme(0, 'Dyscalculie, rekenen'), theme(1, 'Pesten, cyberpesten')],
      questions: [question(1, 10, 0), question(2, 10, 0), question(3, 20, 1), question(4, 20, 1)],
      expected: { continues: [10, 20], moved: [], stay: 4 }
    },
    {
      description: 'a theme continued by name even when most of its questions are new to it',
      proposed: [theme(0, ' rekenen '), theme(1, 'Lezen')],
      questions: [
        question(1, null, 0),
        question(2, null, 0),
        question(3, 10, 0),
        question(4, 20, 1),
        question(5, null, 1)
      ],
      expected: { continues: [10, null], moved: [1, 2, 4, 5], stay: 1 }
    },
    {
      description: 'no continuation without a majority: half is not enough',
      proposed: [theme(0, 'Gemengd')],
      questions: [question(1, 10, 0), question(2, 20, 0)],
      expected: { continues: [null], moved: [1, 2], stay: 0 }
    },
    {
      description: 'a split: the larger part continues the theme, the smaller part moves to a new one',
      proposed: [theme(0, 'Rekenen A'), theme(1, 'Rekenen B'), theme(2, 'Pesten')],
      questions: [
        question(1, 10, 0),
        question(2, 10, 1),
        question(3, 10, 1),
        question(4, 20, 2),
        question(5, 10, 0),
        question(6, 10, 1)
      ],
      expected: { continues: [null, 10, 20], moved: [1, 5], stay: 4 }
    },
    {
      description: 'a split of a seeded theme: the part under its name continues it',
      proposed: [theme(0, 'Rekenen'), theme(1, 'Breuken')],
      questions: [question(1, 10, 0), question(2, 10, 1), question(3, 10, 1)],
      expected: { continues: [10, null], moved: [2, 3], stay: 1 }
    },
    {
      description: 'unassigned is a place of its own: staying unassigned is no move, leaving a theme for it is',
      proposed: [theme(0, 'Rekenen')],
      questions: [question(1, null, -1), question(2, 10, -1), question(3, 10, 0), question(4, 10, 0)],
      expected: { continues: [10], moved: [2], stay: 3 }
    },
    {
      description: 'questions set out of scope since the run are left out',
      proposed: [theme(0, 'Rekenen')],
      questions: [question(1, 10, 0), question(2, null, 0, false)],
      expected: { continues: [10], moved: [], stay: 1 }
    }
  ])('$description', ({ proposed, questions, expected }) => {
    const result = compareWithCurrent(CURRENT, proposed, questions);
    expect(result.hasCurrentThemes).toBe(true);
    expect(result.proposedThemes.map((t) => t.continuesThemeId)).toEqual(expected.continues);
    expect(result.moves.map((m) => m.questionId)).toEqual(expected.moved);
    expect(result.moved).toBe(expected.moved.length);
    expect(result.stay).toBe(expected.stay);
    expect(result.cells.reduce((sum, c) => sum + c.count, 0)).toBe(questions.filter((q) => q.active).length);
  });

  it('counts questions per pair of themes, in the order of the current themes', () => {
    const result = compareWithCurrent(
      [...CURRENT].reverse(),
      [theme(0, 'A'), theme(1, 'B')],
      [question(1, 10, 0), question(2, 10, 1), question(3, 10, 1), question(4, 20, 0), question(5, null, 1)]
    );
    expect(result.cells).toEqual([
      { fromThemeId: 20, toCluster: 0, count: 1 },
      { fromThemeId: 10, toCluster: 1, count: 2 },
      { fromThemeId: 10, toCluster: 0, count: 1 },
      { fromThemeId: null, toCluster: 1, count: 1 }
    ]);
    expect(result.currentThemes).toEqual([
      { id: 20, name: 'Pesten', size: 1 },
      { id: 10, name: 'Rekenen', size: 3 }
    ]);
    expect(result.proposedThemes.map((t) => [t.cluster, t.size])).toEqual([
      [0, 2],
      [1, 3]
    ]);
  });

  it('lists at most the limit of moving questions, and counts them all', () => {
    const questions = [question(1, 10, 0), question(2, 20, 0), question(3, null, 0), question(4, null, 0)];
    const result = compareWithCurrent(CURRENT, [theme(0, 'Nieuw')], questions, 2);
    expect(result.moves.map((m) => m.questionId)).toEqual([1, 2]);
    expect(result.moved).toBe(4);
  });

  it('shows only the proposal in a cycle without themes', () => {
    const result = compareWithCurrent([], [theme(0, 'A')], [question(1, null, 0), question(2, null, -1)]);
    expect(result).toMatchObject({ hasCurrentThemes: false, cells: [], moves: [], moved: 0, stay: 0 });
    expect(result.proposedThemes).toEqual([{ cluster: 0, label: 'A', size: 1, continuesThemeId: null }]);
  });
});

describe('checkSeedThemes', () => {
  it('tidies names, descriptions and examples', () => {
    expect(checkSeedThemes([{ name: '  Taal   en lezen ', description: ' Lezen. ', examples: [' a ', ' '] }])).toEqual([
      { name: 'Taal en lezen', description: 'Lezen.', examples: ['a'] }
    ]);
  });

  it.each([
    { themes: [{ name: 'A' }, { name: '' }], code: 'seed_theme_unnamed', details: { position: 2 } },
    {
      themes: [{ name: 'Évaluatie' }, { name: 'évaluatie' }],
      code: 'seed_theme_duplicate',
      details: { position: 2, first: 1, name: 'évaluatie' }
    }
  ])('refuses $code with the position', ({ themes, code, details }) => {
    expect(() => checkSeedThemes(themes)).toThrow(expect.objectContaining({ code, details }));
  });
});
