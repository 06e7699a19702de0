import type { AgendaDto, AgendaThemeDto } from '../../shared/agenda.js';
import { PDF_MARGIN, startPdf, winAnsi } from '../lib/pdf.js';
import { EVIDENCE_LABELS, OUTPUT_LABELS, OUTPUT_STATUS_LABELS } from './agenda-export.js';

const dateFormat = new Intl.DateTimeFormat('nl-BE', { dateStyle: 'long', timeZone: 'Europe/Brussels' });
const formatDate = (value: string | Date) => dateFormat.format(new Date(value));

/** The published agenda as an A4 PDF: title, version and date, the themes per school year, then the overarching. */
export async function agendaPdf(agenda: AgendaDto): Promise<Buffer> {
  const title = winAnsi(agenda.cycle.name);
  const { doc, width, finish } = await startPdf({ title: agenda.cycle.name, subject: 'Gepubliceerde kennisagenda' });
  doc.font('Helvetica-Bold').fontSize(20).text(title, { width });
  if (agenda.version) {
    doc
      .moveDown(0.3)
      .font('Helvetica')
      .fontSize(11)
      .fillColor('#444444')
      .text(winAnsi(`Versie ${agenda.version.number}, gepubliceerd op ${formatDate(agenda.version.publishedAt)}`));
  }
  doc
    .fillColor('#444444')
    .font('Helvetica')
    .fontSize(11)
    .text(winAnsi(`Looptijd: ${formatDate(agenda.cycle.startsOn)} – ${formatDate(agenda.cycle.endsOn)}`))
    .fillColor('black');

  const theme = (t: AgendaThemeDto) => {
    // Keep a theme's name with at least the start of its description.
    if (doc.y > doc.page.height - PDF_MARGIN - 60) doc.addPage();
    doc.moveDown(0.6).font('Helvetica-Bold').fontSize(12).text(winAnsi(t.name), { width });
    if (t.isAdHoc) {
      doc
        .font('Helvetica-Oblique')
        .fontSize(10)
        .text(winAnsi(`Ad-hocthema${t.adHocJustification ? `: ${t.adHocJustification}` : ''}`), { width });
    }
    if (t.description) doc.font('Helvetica').fontSize(10.5).text(winAnsi(t.description), { width });
    const route = [`Kennisstatus: ${EVIDENCE_LABELS[t.evidenceStatus]}`];
    if (t.plannedOutput) route.push(`gepland: ${OUTPUT_LABELS[t.plannedOutput]}`);
    doc
      .font('Helvetica')
      .fontSize(9.5)
      .fillColor('#444444')
      .text(winAnsi(route.join(' · ')), { width });
    for (const o of t.outputs) {
      const line = `${OUTPUT_LABELS[o.kind]}: ${o.title} (${OUTPUT_STATUS_LABELS[o.status]})${o.url ? ` ${o.url}` : ''}`;
      doc.text(winAnsi(line), { width, indent: 12 });
    }
    doc.fillColor('black');
  };
  const section = (heading: string, themes: AgendaThemeDto[]) => {
    if (doc.y > doc.page.height - PDF_MARGIN - 100) doc.addPage();
    doc.moveDown(1.2).font('Helvetica-Bold').fontSize(15).text(winAnsi(heading), { width });
    if (themes.length === 0) doc.moveDown(0.4).font('Helvetica-Oblique').fontSize(10.5).text('Geen thema’s.');
    themes.forEach(theme);
  };
  for (const year of agenda.schoolYears) section(`Schooljaar ${year.label}`, year.themes);
  if (agenda.overarching.length > 0) section('Overkoepelende thema’s (alle schooljaren)', agenda.overarching);

  return finish();
}
