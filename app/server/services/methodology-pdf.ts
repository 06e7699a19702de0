import type { MethodologyDto, MethodologyRoundDto } from '../../shared/methodology.js';
import { PDF_MARGIN, startPdf, winAnsi } from '../lib/pdf.js';

/**
 * The methodology report as an A4 PDF, in Dutch like the published agenda (agenda-pdf.ts): the document is a
 * publication of its own, not a screen, so its words live here rather than in the page catalogues.
 */
export const PDF_HEADINGS = {
  questions: '1. Kennisvragen per bron en onderwijsniveau',
  focusGroups: '2. Focusgroepen',
  cleaning: '3. Import en opschoning',
  themes: '4. Vorming van de thema’s',
  rounds: '5. Beoordelingsrondes',
  decision: '6. Beslissing'
} as const;

const SOURCE_KINDS: Record<string, string> = {
  vraagpunt: 'Vraagpunt',
  survey: 'bevraging',
  focusgroup: 'focusgroep',
  other: 'anders'
};
const FLAG_KINDS: Record<string, string> = {
  deviation: 'sterke afwijking van de eigen commissie',
  straight_lining: 'overal dezelfde score',
  negative_correlation: 'tegengestelde rangorde'
};
export const CURATION_KINDS: Record<string, string> = {
  merge: 'samenvoegen',
  split: 'splitsen',
  recluster: 'opnieuw groeperen',
  move: 'vragen verplaatsen',
  move_unassigned: 'vragen naar niet toegewezen',
  out_of_scope: 'buiten scope plaatsen',
  in_scope: 'terug binnen scope',
  delete: 'verwijderen',
  rename: 'hernoemen',
  describe: 'beschrijven',
  lock: 'vergrendelen',
  unlock: 'ontgrendelen',
  overarching: 'overkoepelend maken',
  not_overarching: 'niet langer overkoepelend',
  edit: 'meerdere wijzigingen'
};
const STATUS: Record<string, string> = { open: 'open', closed: 'afgesloten', draft: 'ontwerp' };

const dateFormat = new Intl.DateTimeFormat('nl-BE', { dateStyle: 'long', timeZone: 'Europe/Brussels' });
const formatDate = (value: string | Date | null) => (value ? dateFormat.format(new Date(value)) : '–');
const number = (value: number | null, digits = 0) =>
  value === null
    ? '–'
    : value.toLocaleString('nl-BE', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const percent = (part: number, whole: number) =>
  whole === 0 ? '–' : `${Math.round((100 * part) / whole).toLocaleString('nl-BE')} %`;

export async function methodologyPdf(report: MethodologyDto): Promise<Buffer> {
  const title = `Methodologisch verslag – ${report.cycle.name}`;
  const { doc, width, finish } = await startPdf({ title, subject: 'Methodologisch verslag' });
  const bottom = () => doc.page.height - PDF_MARGIN;

  const heading = (text: string) => {
    if (doc.y > bottom() - 100) doc.addPage();
    doc
      .moveDown(1)
      .font('Helvetica-Bold')
      .fontSize(14)
      .fillColor('black')
      .text(winAnsi(text), PDF_MARGIN, doc.y, { width });
    doc.moveDown(0.3);
  };
  const subheading = (text: string) => {
    if (doc.y > bottom() - 70) doc.addPage();
    doc.moveDown(0.5).font('Helvetica-Bold').fontSize(11).text(winAnsi(text), PDF_MARGIN, doc.y, { width });
    doc.moveDown(0.2);
  };
  const paragraph = (text: string) => {
    doc.font('Helvetica').fontSize(10).text(winAnsi(text), PDF_MARGIN, doc.y, { width });
    doc.moveDown(0.3);
  };
  /** A table as aligned rows: the first column takes what the others leave; numbers align right. */
  const table = (header: string[], rows: string[][], numeric: boolean[]) => {
    const rest = header.length > 1 ? Math.min(80, (width * 0.55) / (header.length - 1)) : 0;
    const widths = header.map((_, i) => (i === 0 ? width - rest * (header.length - 1) : rest));
    const row = (cells: string[], bold: boolean) => {
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
      const height = Math.max(...cells.map((c, i) => doc.heightOfString(winAnsi(c), { width: widths[i]! - 6 })));
      if (doc.y + height > bottom()) doc.addPage();
      const y = doc.y;
      let x = PDF_MARGIN;
      cells.forEach((cell, i) => {
        doc.text(winAnsi(cell), x, y, { width: widths[i]! - 6, align: numeric[i] ? 'right' : 'left' });
        x += widths[i]!;
      });
      doc.y = y + height + 3;
      doc.x = PDF_MARGIN;
    };
    row(header, true);
    doc
      .moveTo(PDF_MARGIN, doc.y - 1)
      .lineTo(PDF_MARGIN + width, doc.y - 1)
      .strokeColor('#999999')
      .lineWidth(0.5)
      .stroke();
    for (const cells of rows) row(cells, false);
    doc.moveDown(0.4);
  };

  doc.font('Helvetica-Bold').fontSize(20).text(winAnsi(title), { width });
  doc
    .moveDown(0.3)
    .font('Helvetica')
    .fontSize(10)
    .fillColor('#444444')
    .text(
      winAnsi(
        `Looptijd ${formatDate(report.cycle.startsOn)} – ${formatDate(report.cycle.endsOn)}. ` +
          `Opgemaakt op ${formatDate(report.generatedAt)}; elk cijfer is berekend uit de gegevens.`
      ),
      { width }
    )
    .fillColor('black');

  const q = report.questions;
  heading(PDF_HEADINGS.questions);
  paragraph(
    `${number(q.total)} kennisvragen: ${number(q.inThemes)} in een thema, ${number(q.unassigned)} niet toegewezen, ` +
      `${number(q.outOfScope)} buiten scope, ${number(q.duplicates)} dubbel.`
  );
  table(
    ['Bron', 'Soort', 'Vragen'],
    q.bySource.map((s) => [s.name, SOURCE_KINDS[s.kind] ?? s.kind, number(s.questions)]),
    [false, false, true]
  );
  table(
    ['Onderwijsniveau', 'Vragen', 'Aandeel'],
    q.byLevel.map((l) => [l.level, number(l.questions), percent(l.questions, q.total)]),
    [false, true, true]
  );

  heading(PDF_HEADINGS.focusGroups);
  if (report.focusGroups.length === 0) paragraph('Geen focusgroepen in deze cyclus.');
  else {
    table(
      ['Focusgroep', 'Deelnemers', 'Vragen'],
      report.focusGroups.map((s) => [s.name, number(s.participants), number(s.questions)]),
      [false, true, true]
    );
  }

  const c = report.cleaning;
  heading(PDF_HEADINGS.cleaning);
  table(
    ['Bestand (bron)', 'Rijen', 'Vragen', 'Geweigerd', 'Gesplitst'],
    c.batches.map((b) => [
      `${b.fileName} (${b.sourceName})`,
      number(b.rows),
      number(b.questions),
      number(b.rejectedRows),
      number(b.cellsSplit)
    ]),
    [false, true, true, true, true]
  );
  paragraph(`Bevestigde dubbels: ${number(c.duplicatesConfirmed)}.`);
  if (c.outOfScopeReasons.length > 0) {
    subheading('Buiten scope, per reden');
    table(
      ['Reden', 'Vragen'],
      c.outOfScopeReasons.map((r) => [r.reason || '(geen reden)', number(r.questions)]),
      [false, true]
    );
  }
  if (c.curationSteps.length > 0) {
    subheading('Bewerkingen van de thema’s, per soort');
    table(
      ['Soort bewerking', 'Stappen'],
      c.curationSteps.map((s) => [CURATION_KINDS[s.kind] ?? s.kind, number(s.steps)]),
      [false, true]
    );
  }

  const th = report.themes;
  heading(PDF_HEADINGS.themes);
  if (th.runs.length > 0) {
    table(
      ['Aanvaarde groepering', 'k', 'Silhouet', 'Vragen', 'Startthema’s'],
      th.runs.map((r) => [
        `${r.method} (${formatDate(r.acceptedAt)})`,
        number(r.k),
        number(r.silhouette, 2),
        number(r.questions),
        number(r.seedThemes)
      ]),
      [false, true, true, true, true]
    );
  }
  paragraph(
    `Daarna: ${number(th.merges)} keer samengevoegd, ${number(th.splits)} keer gesplitst, ` +
      `${number(th.moves)} keer vragen verplaatst. Resultaat: ${number(th.total)} thema’s, ` +
      `waarvan ${number(th.overarching)} overkoepelend en ${number(th.adHoc.length)} ad hoc.`
  );
  for (const a of th.adHoc) paragraph(`Ad-hocthema ‘${a.name}’: ${a.justification}`);

  heading(PDF_HEADINGS.rounds);
  if (report.rounds.length === 0) paragraph('Nog geen beoordelingsronde.');
  for (const round of report.rounds) roundPart(round);

  heading(PDF_HEADINGS.decision);
  paragraph(
    report.decision
      ? `Versie ${report.decision.number} gepubliceerd op ${formatDate(report.decision.publishedAt)}` +
          (report.decision.publishedByRole ? ` (rol: ${report.decision.publishedByRole}).` : '.')
      : 'Nog niet gepubliceerd.'
  );

  function roundPart(round: MethodologyRoundDto) {
    subheading(
      `${round.name} (${STATUS[round.status] ?? round.status}; ${formatDate(round.openedAt)} – ${formatDate(round.closedAt)})`
    );
    paragraph(
      `${number(round.themes)} thema’s, schaal ${round.scaleMin}–${round.scaleMax}` +
        (round.previousRoundName ? `, vervolg op ‘${round.previousRoundName}’.` : '.')
    );
    table(
      ['Commissie', 'Beoordelaars', 'Waarnemers', 'Ingediend', 'Respons'],
      round.committees.map((cm) => [
        cm.name,
        number(cm.raters),
        number(cm.observers),
        number(cm.submitted),
        percent(cm.submitted, cm.raters)
      ]),
      [false, true, true, true, true]
    );
    if (round.criteria.length > 0) {
      table(
        ['Criterium', 'Gewicht'],
        round.criteria.map((cr) => [cr.name, number(cr.weight, Number.isInteger(cr.weight) ? 0 : 1)]),
        [false, true]
      );
    }
    if (round.agreement.length > 0) {
      table(
        ['Overeenstemming (commissie · criterium)', 'alfa', '95 %-BI', 'W'],
        round.agreement.map((a) => [
          `${a.committeeName} · ${a.criterionName}`,
          number(a.alpha, 2),
          a.lower === null || a.upper === null ? '–' : `${number(a.lower, 2)} – ${number(a.upper, 2)}`,
          number(a.kendallW, 2)
        ]),
        [false, true, true, true]
      );
    }
    const cf = round.conflicts;
    paragraph(
      `Belangen: ${number(cf.declaredNone)} verklaringen zonder belang, ${number(cf.general)} algemene belangen, ` +
        `${number(cf.recusals)} belangenconflicten op een thema (${number(cf.membersRecused)} leden onthielden zich).`
    );
    if (round.unusual) {
      const u = round.unusual;
      const reasons = u.reasons.map((r) => `${FLAG_KINDS[r.kind] ?? r.kind}: ${number(r.raters)}`).join('; ');
      paragraph(
        `Opvallende beoordelaars: ${number(u.flagged)}${reasons ? ` (${reasons})` : ''}. Behandeling: ` +
          `${number(u.kept)} behouden, ${number(u.revised)} herzien, ${number(u.excluded)} uitgesloten.`
      );
    }
    if (round.changes) {
      if (round.changes.length === 0) paragraph('Geen thema veranderde van plaats sinds de vorige ronde.');
      else {
        table(
          ['Thema', 'Vorige plaats', 'Plaats'],
          round.changes.map((ch) => [ch.themeName, number(ch.previousRank), number(ch.rank)]),
          [false, true, true]
        );
      }
    }
  }

  return finish();
}
