import type { AgendaDto, AgendaThemeDto } from '../../shared/agenda.js';
import { safeCell, toCsv } from '../lib/csv.js';

// The exports are published to Flemish schools: Dutch headers and values, whatever the visitor's page language.
export const EVIDENCE_LABELS: Record<AgendaThemeDto['evidenceStatus'], string> = {
  unchecked: 'nog niet nagegaan',
  enough: 'voldoende kennis',
  too_little: 'te weinig kennis'
};
export const OUTPUT_LABELS: Record<NonNullable<AgendaThemeDto['plannedOutput']>, string> = {
  guide: 'leidraad',
  valorisation: 'valorisatieproduct',
  research: 'onderzoeksopdracht'
};
export const OUTPUT_STATUS_LABELS: Record<AgendaThemeDto['outputs'][number]['status'], string> = {
  planned: 'gepland',
  in_progress: 'in uitvoering',
  delivered: 'opgeleverd',
  cancelled: 'geannuleerd'
};
export const ALL_YEARS = 'alle schooljaren';

const HEADERS = [
  'Schooljaar',
  'Thema',
  'Beschrijving',
  'Overkoepelend',
  'Ad hoc',
  'Kennisstatus',
  'Gepland product',
  'Aantal vragen'
];

type Row = [string, string, string, string, string, string, string, number];

/** One row per theme: the school years in order, each alphabetically, then the overarching themes. */
function rows(agenda: AgendaDto): Row[] {
  const row = (year: string, t: AgendaThemeDto, overarching: boolean): Row => [
    year,
    t.name,
    t.description,
    overarching ? 'ja' : 'nee',
    t.isAdHoc ? 'ja' : 'nee',
    EVIDENCE_LABELS[t.evidenceStatus],
    t.plannedOutput ? OUTPUT_LABELS[t.plannedOutput] : '',
    t.questionCount
  ];
  return [
    ...agenda.schoolYears.flatMap((y) => y.themes.map((t) => row(y.label, t, false))),
    ...agenda.overarching.map((t) => row(ALL_YEARS, t, true))
  ];
}

/** The agenda as CSV; cells that look like formulas are neutralised by toCsv. */
export function agendaCsv(agenda: AgendaDto): string {
  return toCsv(HEADERS, rows(agenda));
}

/** The agenda as one sheet "Kennisagenda", header row frozen. */
export async function agendaXlsx(agenda: AgendaDto): Promise<Buffer> {
  // Loaded on the first download only: a large library most requests never need.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = 'Kennisagenda Werkbank';
  workbook.title = agenda.cycle.name;
  const sheet = workbook.addWorksheet('Kennisagenda', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(HEADERS).font = { bold: true };
  // exceljs writes strings as strings, never as formulas; safeCell keeps a theme named "=…" text once edited too.
  for (const r of rows(agenda)) sheet.addRow(r.map(safeCell));
  const widths = [18, 40, 80, 14, 8, 18, 20, 14];
  sheet.columns.forEach((column, i) => {
    column.width = widths[i];
  });
  sheet.getColumn(3).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** "kennisagenda-2024-2027-v1": a file name without spaces or accents. */
export function exportFileName(agenda: AgendaDto, extension: string): string {
  const years = `${agenda.cycle.startsOn.slice(0, 4)}-${agenda.cycle.endsOn.slice(0, 4)}`;
  return `kennisagenda-${years}-v${agenda.version?.number ?? 0}.${extension}`;
}
