import type { RoundAnalyticsDto } from '../../shared/schemas.js';
import { safeCell, toCsv } from '../lib/csv.js';

/** The tables of the analytics page, each downloadable as CSV and together as one workbook. */
export const ANALYTICS_TABLES = ['ranking', 'cells', 'agreement', 'raters', 'committees'] as const;
export type AnalyticsTable = (typeof ANALYTICS_TABLES)[number];

/** Sheet names in the workbook (Dutch: the workbook is read by the centre's staff). */
const SHEET_NAMES: Record<AnalyticsTable, string> = {
  ranking: 'Rangschikking',
  cells: 'Per criterium',
  agreement: 'Overeenstemming',
  raters: 'Beoordelaars',
  committees: 'Commissies naast elkaar'
};

interface Sheet {
  headers: string[];
  rows: (string | number | null)[][];
}

/** Four decimals: more than any figure on the page, few enough to read. */
const round4 = (value: number | null): number | null => (value === null ? null : Math.round(value * 1e4) / 1e4);

function slug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

function sheet(dto: RoundAnalyticsDto, table: AnalyticsTable): Sheet {
  const themeName = new Map(dto.themes.map((t) => [t.themeId, t.name]));
  const committeeName = new Map(dto.committees.map((c) => [c.committeeId, c.name]));
  const criterionName = new Map(dto.criteria.map((c) => [c.id, c.name]));
  switch (table) {
    case 'ranking':
      return {
        headers: [
          'combined_rank',
          'theme_id',
          'theme',
          'combined_mean_rank',
          `top_${dto.topN}_share`,
          'rank_low_95',
          'rank_high_95',
          'score_all',
          'chnri_all',
          'raters_all',
          'recused_all',
          'dont_know_all',
          ...dto.committees.flatMap((c) =>
            ['score', 'chnri', 'rank', 'raters', 'recused', 'dont_know'].map((f) => `${slug(c.name)}_${f}`)
          )
        ],
        rows: dto.themes.map((t) => [
          t.combinedRank,
          t.themeId,
          t.name,
          round4(t.combinedValue),
          round4(t.topNShare),
          t.rankLow,
          t.rankHigh,
          round4(t.pooled.weighted),
          round4(t.pooled.chnri),
          t.pooled.raters,
          t.pooled.recused,
          t.pooled.dontKnow,
          ...t.committees.flatMap((c) => [round4(c.weighted), round4(c.chnri), c.rank, c.raters, c.recused, c.dontKnow])
        ])
      };
    case 'cells': {
      const points = Array.from({ length: dto.scaleMax - dto.scaleMin + 1 }, (_, i) => dto.scaleMin + i);
      return {
        headers: [
          'theme_id',
          'theme',
          'committee',
          'criterion',
          'n',
          'mean',
          'sd',
          'median',
          'q1',
          'q3',
          'iqr',
          'within_one_of_median',
          'dont_know',
          'recused',
          'unanswered',
          ...points.map((p) => `count_${p}`)
        ],
        rows: dto.cells.map((c) => [
          c.themeId,
          themeName.get(c.themeId) ?? '',
          committeeName.get(c.committeeId) ?? '',
          criterionName.get(c.criterionId) ?? '',
          c.n,
          round4(c.mean),
          round4(c.sd),
          c.median,
          c.q1,
          c.q3,
          c.iqr,
          round4(c.withinOne),
          c.dontKnow,
          c.recused,
          c.unanswered,
          ...c.distribution
        ])
      };
    }
    case 'agreement':
      return {
        headers: [
          'committee',
          'criterion',
          `krippendorff_alpha_${dto.level}`,
          'alpha_low_95',
          'alpha_high_95',
          'kendall_w',
          'raters',
          'themes_with_two_scores'
        ],
        rows: dto.agreement.map((a) => [
          committeeName.get(a.committeeId) ?? '',
          criterionName.get(a.criterionId) ?? '',
          round4(a.alpha),
          round4(a.lower),
          round4(a.upper),
          round4(a.kendallW),
          a.raters,
          a.units
        ])
      };
    case 'raters':
      return {
        headers: [
          'member_id',
          'member',
          'committee',
          'scores',
          'mean_abs_deviation',
          'robust_z',
          'correlation_with_others',
          'flags',
          'outlier_scores',
          'themes_moving_without_member'
        ],
        rows: dto.raters.map((r) => [
          r.userId,
          r.name,
          committeeName.get(r.committeeId) ?? '',
          r.scores,
          round4(r.meanAbsDeviation),
          round4(r.robustZ),
          round4(r.correlation),
          r.flags.map((f) => f.kind).join('; '),
          r.outliers.length,
          r.whatIf === null ? null : r.whatIf.length
        ])
      };
    case 'committees':
      return {
        headers: [
          'theme_id',
          'theme',
          'score_a',
          'score_b',
          'rank_a',
          'rank_b',
          'rank_gap',
          'chnri_gap',
          'committee_a',
          'committee_b'
        ],
        rows: (dto.comparison?.themes ?? []).map((t) => [
          t.themeId,
          themeName.get(t.themeId) ?? '',
          round4(t.scoreA),
          round4(t.scoreB),
          t.rankA,
          t.rankB,
          t.rankGap,
          round4(t.scoreGap),
          committeeName.get(dto.comparison!.committeeA) ?? '',
          committeeName.get(dto.comparison!.committeeB) ?? ''
        ])
      };
  }
}

export function analyticsCsv(dto: RoundAnalyticsDto, table: AnalyticsTable): string {
  const { headers, rows } = sheet(dto, table);
  return toCsv(headers, rows);
}

/** Every table of the page as one workbook, a sheet each, header row frozen. */
export async function analyticsXlsx(dto: RoundAnalyticsDto): Promise<Buffer> {
  // Loaded on the first download only: a large library most requests never need.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = 'Kennisagenda Werkbank';
  for (const table of ANALYTICS_TABLES) {
    const { headers, rows } = sheet(dto, table);
    const worksheet = workbook.addWorksheet(SHEET_NAMES[table], { views: [{ state: 'frozen', ySplit: 1 }] });
    worksheet.addRow(headers).font = { bold: true };
    // exceljs writes strings as strings, never as formulas; safeCell keeps a name starting "=…" text once edited too.
    for (const row of rows) worksheet.addRow(row.map(safeCell));
    worksheet.columns.forEach((column, i) => {
      column.width = Math.min(40, Math.max(10, headers[i]!.length + 2));
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
