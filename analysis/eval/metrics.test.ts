import { describe, expect, it } from 'vitest';
import { accuracy, ari, bcubed, duplicatePairs, macroF1, nmi, pairPrecisionRecall, purity } from './metrics.js';

// Oracle values marked "sklearn" were computed with scikit-learn 1.9.1 (numpy 2.4.6):
// normalized_mutual_info_score (average_method='arithmetic'), adjusted_rand_score,
// accuracy_score and f1_score(labels=sorted(set(truth)), average='macro', zero_division=0).

/** 30 labels drawn with numpy default_rng(7); sklearn: NMI 0.1883707832582635, ARI 0.006190581472474021. */
const RANDOM_TRUTH = [...'dccdcddaabbddabdadabdbbbcbdbbc'];
const RANDOM_PREDICTED = [2, 2, 2, 4, 4, 3, 3, 3, 1, 4, 2, 1, 4, 0, 4, 3, 0, 0, 2, 0, 0, 2, 4, 2, 4, 4, 4, 3, 2, 2];

/** BCubed straight from the per-item definition, O(n²), as an independent reference. */
function bcubedByItem(truth: readonly string[], predicted: readonly number[]) {
  const n = truth.length;
  let precision = 0;
  let recall = 0;
  for (let i = 0; i < n; i++) {
    let sameCluster = 0;
    let sameClass = 0;
    let both = 0;
    for (let j = 0; j < n; j++) {
      const cluster = predicted[j] === predicted[i];
      const cls = truth[j] === truth[i];
      if (cluster) sameCluster++;
      if (cls) sameClass++;
      if (cluster && cls) both++;
    }
    precision += both / sameCluster;
    recall += both / sameClass;
  }
  return { precision: precision / n, recall: recall / n };
}

describe('clustering indices', () => {
  type Case = {
    description: string;
    truth: string[];
    predicted: (string | number)[];
    expected: { nmi: number; ari: number; purity: number; bcubed: [number, number, number] };
  };
  it.each<Case>([
    {
      // sklearn: NMI 1.0, ARI 1.0; purity and BCubed 1 by definition.
      description: 'perfect agreement',
      truth: [...'aabbc'],
      predicted: [0, 0, 1, 1, 2],
      expected: { nmi: 1, ari: 1, purity: 1, bcubed: [1, 1, 1] }
    },
    {
      // Same partition as above with the cluster ids permuted.
      description: 'permuted cluster ids',
      truth: [...'aabbc'],
      predicted: ['z', 'z', 'x', 'x', 'y'],
      expected: { nmi: 1, ari: 1, purity: 1, bcubed: [1, 1, 1] }
    },
    {
      // sklearn docs example: NMI([0,0,1,1],[0,0,1,2]) = 0.8, ARI = 0.5714285714285714 (= 4/7).
      // By hand: purity 1; BCubed P 1, R (1+1+½+½)/4 = ¾, F1 = 6/7.
      description: 'one class split in two',
      truth: [...'aabb'],
      predicted: [0, 0, 1, 2],
      expected: { nmi: 0.8, ari: 4 / 7, purity: 1, bcubed: [1, 0.75, 6 / 7] }
    },
    {
      // sklearn: NMI 0.0, ARI 0.0. By hand: purity ½; BCubed P ½, R 1, F1 ⅔.
      description: 'everything in one cluster',
      truth: [...'aabb'],
      predicted: [0, 0, 0, 0],
      expected: { nmi: 0, ari: 0, purity: 0.5, bcubed: [0.5, 1, 2 / 3] }
    },
    {
      // sklearn: NMI 0.6666666666666666, ARI 0.0. By hand: purity 1; BCubed P 1, R ½, F1 ⅔.
      description: 'all singletons',
      truth: [...'aabb'],
      predicted: [0, 1, 2, 3],
      expected: { nmi: 2 / 3, ari: 0, purity: 1, bcubed: [1, 0.5, 2 / 3] }
    },
    {
      // sklearn: NMI 1.0, ARI 1.0 (its special case for identical partitions without pairs).
      description: 'singletons on both sides',
      truth: [...'abcd'],
      predicted: [0, 1, 2, 3],
      expected: { nmi: 1, ari: 1, purity: 1, bcubed: [1, 1, 1] }
    },
    {
      // sklearn: NMI 1.0, ARI 1.0 (both labelings have zero entropy).
      description: 'one cluster on both sides',
      truth: [...'aaa'],
      predicted: [7, 7, 7],
      expected: { nmi: 1, ari: 1, purity: 1, bcubed: [1, 1, 1] }
    },
    {
      // sklearn: NMI 1.0, ARI 1.0.
      description: 'a single item',
      truth: ['a'],
      predicted: [0],
      expected: { nmi: 1, ari: 1, purity: 1, bcubed: [1, 1, 1] }
    },
    {
      // sklearn: NMI 0.0, ARI 0.0 (truth has zero entropy, predicted does not).
      // By hand: purity 1; BCubed P 1, R ½, F1 ⅔.
      description: 'one true class, two clusters',
      truth: [...'aaaa'],
      predicted: [0, 0, 1, 1],
      expected: { nmi: 0, ari: 0, purity: 1, bcubed: [1, 0.5, 2 / 3] }
    },
    {
      // sklearn: NMI 0.0, ARI -0.5 (worse than chance). By hand: purity ½; BCubed P ½, R ½, F1 ½.
      description: 'clusters cutting across classes',
      truth: [...'aabb'],
      predicted: [0, 1, 0, 1],
      expected: { nmi: 0, ari: -0.5, purity: 0.5, bcubed: [0.5, 0.5, 0.5] }
    },
    {
      // sklearn: NMI 0.3437110184854508, ARI 0.0. By hand, per item (P, R):
      // items 1–2 (a in {1,2}): (1, ⅔); item 3 (a in {3,4}): (½, ⅓); item 4 (b in {3,4}): (½, 1);
      // P = 3/4, R = (8/3)/4 = 2/3, F1 = 2·¾·⅔ / (¾ + ⅔) = 12/17. Purity (2 + 1)/4 = ¾.
      description: 'asymmetric BCubed',
      truth: [...'aaab'],
      predicted: [1, 1, 2, 2],
      expected: { nmi: 0.3437110184854508, ari: 0, purity: 0.75, bcubed: [0.75, 2 / 3, 12 / 17] }
    }
  ])('$description', ({ truth, predicted, expected }) => {
    expect(nmi(truth, predicted)).toBeCloseTo(expected.nmi, 12);
    expect(ari(truth, predicted)).toBeCloseTo(expected.ari, 12);
    expect(purity(truth, predicted)).toBeCloseTo(expected.purity, 12);
    const { precision, recall, f1 } = bcubed(truth, predicted);
    expect([precision, recall, f1].map((x) => x.toFixed(12))).toEqual(expected.bcubed.map((x) => x.toFixed(12)));
  });

  it('matches sklearn and the per-item BCubed definition on a random labeling', () => {
    expect(nmi(RANDOM_TRUTH, RANDOM_PREDICTED)).toBeCloseTo(0.1883707832582635, 12);
    const chance = ari(RANDOM_TRUTH, RANDOM_PREDICTED);
    expect(chance).toBeCloseTo(0.006190581472474021, 12);
    expect(Math.abs(chance)).toBeLessThan(0.05);
    const reference = bcubedByItem(RANDOM_TRUTH, RANDOM_PREDICTED);
    const { precision, recall } = bcubed(RANDOM_TRUTH, RANDOM_PREDICTED);
    expect(precision).toBeCloseTo(reference.precision, 12);
    expect(recall).toBeCloseTo(reference.recall, 12);
  });

  it('tells predicted labels 1 and "1" apart', () => {
    expect(purity(['a', 'b'], [1, '1'])).toBe(1);
  });

  it.each([
    { description: 'lengths differ', truth: ['a', 'b'], predicted: [0] },
    { description: 'labelings are empty', truth: [], predicted: [] }
  ])('throws a RangeError when $description', ({ truth, predicted }) => {
    for (const metric of [nmi, ari, bcubed, purity, accuracy, macroF1]) {
      expect(() => metric(truth, predicted)).toThrow(RangeError);
    }
  });
});

describe('classification scores', () => {
  it.each([
    {
      // sklearn: accuracy 1.0, macro-F1 1.0.
      description: 'perfect prediction',
      truth: [...'aabbc'],
      predicted: [...'aabbc'],
      expected: { accuracy: 1, macroF1: 1 }
    },
    {
      // sklearn: accuracy 0.4, macro-F1 0.38888888888888884 (x ½, y ⅔, z 0).
      description: 'unassigned predictions and a class never predicted',
      truth: ['x', 'x', 'y', 'y', 'z'],
      predicted: ['x', '-1', 'y', 'x', '-1'],
      expected: { accuracy: 0.4, macroF1: 7 / 18 }
    },
    {
      // sklearn: accuracy 0.5, macro-F1 0.3333333333333333 (x ⅔, y 0).
      description: 'everything predicted as one class',
      truth: ['x', 'x', 'y', 'y'],
      predicted: ['x', 'x', 'x', 'x'],
      expected: { accuracy: 0.5, macroF1: 1 / 3 }
    },
    {
      // sklearn: accuracy 0.75, macro-F1 0.8333333333333333 (x ⅔, y 1); 'q' is not a truth class.
      description: 'a prediction outside the truth classes',
      truth: ['x', 'x', 'y', 'y'],
      predicted: ['x', 'q', 'y', 'y'],
      expected: { accuracy: 0.75, macroF1: 5 / 6 }
    },
    {
      // sklearn: accuracy 0.6666666666666666, macro-F1 0.48888888888888893 (cat ⅔, dog 0.8, bird 0).
      description: 'mixed errors',
      truth: ['cat', 'cat', 'cat', 'dog', 'dog', 'bird'],
      predicted: ['cat', 'dog', 'cat', 'dog', 'dog', 'cat'],
      expected: { accuracy: 2 / 3, macroF1: 22 / 45 }
    },
    {
      // Numeric predictions are compared with the truth as strings.
      description: 'numeric predicted labels',
      truth: ['1', '2', '2'],
      predicted: [1, 2, 1],
      expected: { accuracy: 2 / 3, macroF1: (2 / 3 + 2 / 3) / 2 }
    }
  ])('$description', ({ truth, predicted, expected }) => {
    expect(accuracy(truth, predicted)).toBeCloseTo(expected.accuracy, 12);
    expect(macroF1(truth, predicted)).toBeCloseTo(expected.macroF1, 12);
  });
});

describe('pairPrecisionRecall', () => {
  type Case = {
    description: string;
    truthPairs: [string, string][];
    predictedPairs: [string, string][];
    expected: ReturnType<typeof pairPrecisionRecall>;
  };
  it.each<Case>([
    {
      // By hand: predicted {ab, bc, cd}, actual {ab, ac, bc}; TP 2, P ⅔, R ⅔.
      description: 'partial overlap, pairs in either order',
      truthPairs: [
        ['a', 'b'],
        ['c', 'a'],
        ['b', 'c']
      ],
      predictedPairs: [
        ['b', 'a'],
        ['c', 'b'],
        ['c', 'd']
      ],
      expected: { precision: 2 / 3, recall: 2 / 3, f1: 2 / 3, truePositives: 2, predicted: 3, actual: 3 }
    },
    {
      // A pair given twice, once reversed, counts once.
      description: 'repeated pairs',
      truthPairs: [['a', 'b']],
      predictedPairs: [
        ['a', 'b'],
        ['b', 'a']
      ],
      expected: { precision: 1, recall: 1, f1: 1, truePositives: 1, predicted: 1, actual: 1 }
    },
    {
      // Nothing predicted: no false claims, so precision 1, but nothing found.
      description: 'empty prediction',
      truthPairs: [['a', 'b']],
      predictedPairs: [],
      expected: { precision: 1, recall: 0, f1: 0, truePositives: 0, predicted: 0, actual: 1 }
    },
    {
      description: 'nothing to find and nothing predicted',
      truthPairs: [],
      predictedPairs: [],
      expected: { precision: 1, recall: 1, f1: 1, truePositives: 0, predicted: 0, actual: 0 }
    },
    {
      description: 'only false claims',
      truthPairs: [],
      predictedPairs: [['a', 'b']],
      expected: { precision: 0, recall: 1, f1: 0, truePositives: 0, predicted: 1, actual: 0 }
    }
  ])('$description', ({ truthPairs, predictedPairs, expected }) => {
    expect(pairPrecisionRecall(truthPairs, predictedPairs)).toEqual({
      ...expected,
      precision: expect.closeTo(expected.precision, 12),
      recall: expect.closeTo(expected.recall, 12),
      f1: expect.closeTo(expected.f1, 12)
    });
  });
});

describe('duplicatePairs', () => {
  it.each([
    {
      description: 'a chain a→b, b→c forms one group',
      ids: ['a', 'b', 'c', 'd'],
      duplicateOf: ['b', 'c', null, null],
      expected: [
        ['a', 'b'],
        ['a', 'c'],
        ['b', 'c']
      ]
    },
    {
      description: 'two groups, output sorted whatever the input order',
      ids: ['q4', 'q2', 'q3', 'q1', 'q5'],
      duplicateOf: ['q1', null, 'q2', null, null],
      expected: [
        ['q1', 'q4'],
        ['q2', 'q3']
      ]
    },
    {
      description: 'links pointing at a later item or forming a cycle',
      ids: ['x', 'y', 'z'],
      duplicateOf: ['z', 'x', 'y'],
      expected: [
        ['x', 'y'],
        ['x', 'z'],
        ['y', 'z']
      ]
    },
    { description: 'no duplicates', ids: ['a', 'b'], duplicateOf: [null, null], expected: [] },
    { description: 'no items', ids: [], duplicateOf: [], expected: [] }
  ])('$description', ({ ids, duplicateOf, expected }) => {
    expect(duplicatePairs(ids, duplicateOf)).toEqual(expected);
  });

  it.each([
    { description: 'lengths differ', ids: ['a', 'b'], duplicateOf: [null] },
    { description: 'a link points at an unknown id', ids: ['a', 'b'], duplicateOf: [null, 'c'] },
    { description: 'an id occurs twice', ids: ['a', 'a'], duplicateOf: [null, null] }
  ])('throws a RangeError when $description', ({ ids, duplicateOf }) => {
    expect(() => duplicatePairs(ids, duplicateOf)).toThrow(RangeError);
  });
});
