import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random.js';
import { type MapInput, principalCoordinates, projectTo2d } from './project-2d.js';

const REKENEN = [
  'Hoe herken ik dyscalculie bij jonge kinderen?',
  'Welke rekenstrategieën helpen bij dyscalculie?',
  'Hoe leer ik breuken aan zwakke rekenaars?',
  'Hoe ondersteun ik leerlingen met dyscalculie bij rekentoetsen?',
  'Welke rekenspelletjes helpen bij het rekenen in de kleuterklas?',
  'Hoe automatiseer ik het rekenen met breuken?'
];
const PESTEN = [
  'Hoe pak ik pesten op sociale media aan?',
  'Wat werkt tegen cyberpesten op sociale media?',
  'Hoe voorkom ik pesten op de speelplaats?',
  'Hoe praat ik met ouders over pesten?',
  'Wat doe ik als een leerling gepest wordt op sociale media?',
  'Welke aanpak van pesten werkt in de eerste graad?'
];

const questions = (texts: string[], from: number): MapInput[] => texts.map((text, i) => ({ id: from + i, text }));
const TWO_TOPICS = [...questions(REKENEN, 1), ...questions(PESTEN, 101)];

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = mulberry32(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

const byId = (points: { id: number; x: number; y: number }[]) => new Map(points.map((p) => [p.id, p]));

describe('projectTo2d', () => {
  it.each([
    { description: 'no questions', input: [] as MapInput[], expected: [] },
    {
      description: 'one question',
      input: [{ id: 7, text: 'Hoe leer ik breuken aan?' }],
      expected: [{ id: 7, x: 0, y: 0 }]
    },
    {
      description: 'questions without shared words',
      input: [
        { id: 2, text: 'Breuken?' },
        { id: 1, text: 'Pesten?' }
      ],
      expected: [
        { id: 1, x: 0, y: 0 },
        { id: 2, x: 0, y: 0 }
      ]
    }
  ])('$description', ({ input, expected }) => {
    expect(projectTo2d(input)).toEqual(expected);
  });

  it('puts two clearly separate topics apart on the first axis', () => {
    const points = byId(projectTo2d(TWO_TOPICS));
    const xs = (list: MapInput[]) => list.map((q) => points.get(q.id)!.x);
    const rekenen = xs(questions(REKENEN, 1));
    const pesten = xs(questions(PESTEN, 101));
    const apart = Math.max(...rekenen) < Math.min(...pesten) || Math.max(...pesten) < Math.min(...rekenen);
    expect(apart).toBe(true);
  });

  it('keeps every coordinate in [-1, 1] and reaches the ends of both axes', () => {
    const points = projectTo2d(TWO_TOPICS);
    for (const p of points) {
      expect(Math.abs(p.x)).toBeLessThanOrEqual(1);
      expect(Math.abs(p.y)).toBeLessThanOrEqual(1);
    }
    expect(Math.max(...points.map((p) => Math.abs(p.x)))).toBe(1);
    expect(Math.max(...points.map((p) => Math.abs(p.y)))).toBe(1);
  });

  it.each([1, 2, 3])('gives each question the same coordinates whatever the order (shuffle %i)', (seed) => {
    const expected = projectTo2d(TWO_TOPICS);
    const again = projectTo2d(shuffled(TWO_TOPICS, seed));
    expect(again).toEqual(expected);
  });

  it('answers in id order, one point per question', () => {
    const points = projectTo2d(shuffled(TWO_TOPICS, 9));
    expect(points.map((p) => p.id)).toEqual(TWO_TOPICS.map((q) => q.id));
  });

  it('projects 700 questions well under a second', () => {
    const random = mulberry32(5);
    const words = [...REKENEN, ...PESTEN].join(' ').replace(/[?,]/g, '').split(' ');
    const many = Array.from({ length: 700 }, (_, id) => ({
      id: id + 1,
      text: Array.from({ length: 12 }, () => words[Math.floor(random() * words.length)]).join(' ') + '?'
    }));
    const start = performance.now();
    const points = projectTo2d(many);
    expect(performance.now() - start).toBeLessThan(1000);
    expect(points).toHaveLength(700);
  });
});

describe('principalCoordinates', () => {
  it('finds the direction of largest spread first', () => {
    // Points along term 0 spread widely, along term 1 a little.
    const vectors = [
      { indices: [0, 1], values: [-3, 0.5] },
      { indices: [0, 1], values: [3, 0.5] },
      { indices: [0, 1], values: [-1, -0.5] },
      { indices: [0, 1], values: [1, -0.5] }
    ];
    const [xs, ys] = principalCoordinates(vectors, 2);
    expect([...xs].map((x) => Math.abs(x))).toEqual([3, 3, 1, 1].map((x) => expect.closeTo(x, 6)));
    expect([...ys].map((y) => Math.abs(y))).toEqual([0.5, 0.5, 0.5, 0.5].map((y) => expect.closeTo(y, 6)));
  });
});
