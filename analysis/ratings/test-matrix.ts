import { buildRatingMatrix, type RatingMatrix } from './rating-matrix.js';

/** Scores of one rater: [theme][criterion], null for "weet ik niet". */
export type RaterScores = (number | null)[][];

/**
 * A 1–9 test matrix from scores[committee][rater][theme][criterion]. Raters are numbered across committees in
 * order, so rater indices in expectations follow the listing; recusals are [rater index, theme index].
 */
export function matrixOf(
  committees: RaterScores[][],
  options: { recusals?: [number, number][]; weight?: (criterion: number) => number } = {}
): RatingMatrix {
  const { recusals = [], weight = () => 1 } = options;
  const first = committees[0]![0]!;
  const raters: { id: number; name: string; committeeId: number }[] = [];
  const answers: { raterId: number; themeId: number; criterionId: number; value: number | null }[] = [];
  committees.forEach((members, k) =>
    members.forEach((scores) => {
      const id = raters.length + 1;
      raters.push({ id, name: `lid ${id}`, committeeId: k + 1 });
      scores.forEach((row, t) =>
        row.forEach((value, c) => answers.push({ raterId: id, themeId: t + 1, criterionId: c + 1, value }))
      );
    })
  );
  return buildRatingMatrix({
    scale: { min: 1, max: 9 },
    themes: first.map((_, t) => ({ id: t + 1, name: `thema ${t + 1}` })),
    criteria: first[0]!.map((_, c) => ({ id: c + 1, name: `criterium ${c + 1}`, weight: weight(c) })),
    committees: committees.map((_, k) => ({ id: k + 1, name: `commissie ${k + 1}` })),
    raters,
    answers,
    recusals: recusals.map(([r, t]) => ({ raterId: r + 1, themeId: t + 1 }))
  });
}
