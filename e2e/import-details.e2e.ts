import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  overflowingElements,
  launchBrowser,
  login,
  newSession,
  screenshot,
  type Session,
  undoImports
} from './browser';

const SURVEY_SOURCE = 'Bevraging onderwijsnetten en begeleidingsdiensten';
const FILE = 'gesplitste-cellen.csv';
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };

/**
 * Two cells that each hold two needs; only the first row names its asker. Row numbers are those of the file.
 * Headers no other test uses: a source proposes the mapping confirmed for its previous file whenever all of
 * that file's columns appear again, and a plain "vraag" from another test would leave out the personal columns.
 */
const CSV =
  'Kennisvraag,Naam,E-mailadres\n' +
  '"Hoe leer ik kleuters conflicten op de speelplaats zelf oplossen?\n' +
  'Welke prentenboeken helpen bij ontluikende geletterdheid in de derde kleuterklas?",Sofie Peeters,sofie.peeters@voorbeeld.be\n' +
  '"Hoe organiseer ik co-teaching met twee leraren in het vijfde leerjaar?\n' +
  'Wat werkt om ouders te betrekken bij het huiswerkbeleid van de school?",,\n';

const csv = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
const isFocused = (locator: Locator) => locator.evaluate((element) => element === document.activeElement);

/** The import made here is undone at the end, so the other test files find the data as they were. */
describe('the details of an import', () => {
  let browser: Browser;
  let session: Session | undefined;
  /** The details page of the import made by the first test; the second opens it as other roles. */
  let detailsPath: string | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    const cleanup = await newSession(browser);
    await login(cleanup.page, 'staff');
    await undoImports(cleanup.page, [FILE]);
    await cleanup.context.close();
    await browser?.close();
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await screenshot(session?.page, `import-details-${context.task.name}`);
    await session?.context.close();
    session = undefined;
  });

  async function importFile(page: Page) {
    await page.getByLabel('Bron', { exact: true }).selectOption({ label: SURVEY_SOURCE });
    await page.getByLabel('Bestand', { exact: true }).setInputFiles(csv(FILE, CSV));
    await page.getByRole('button', { name: 'Voorbeeld bekijken' }).click();
    await page.getByRole('heading', { level: 3, name: 'Stap 2 van 2: nakijken en importeren' }).waitFor();
    const roles = page.getByRole('group', { name: 'Wat staat er in elke kolom?' });
    await expect(roles.getByLabel('Naam', { exact: true }).inputValue()).resolves.toBe('name');
    await expect(roles.getByLabel('E-mailadres', { exact: true }).inputValue()).resolves.toBe('email');
    await expect(page.getByTestId('preview-counts').textContent()).resolves.toContain('2 cellen gesplitst');
    await page.getByRole('button', { name: 'Importeren', exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Import van ${FILE} voltooid` })
      .waitFor();
  }

  /** Undoes a split through the API, as a colleague on another screen would. */
  async function undoElsewhere(page: Page, cycleId: number, questionId: number) {
    const me = (await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string };
    const response = await page.request.post(`/api/cycles/${cycleId}/questions/${questionId}/undo-split`, {
      headers: { 'x-csrf-token': me.csrfToken }
    });
    expect(response.status()).toBe(200);
  }

  it('lists the split cells and the personal data, and undoes a split after confirmation', async () => {
    session = await newSession(browser);
    const { page } = session;
    await login(page, 'staff');
    await page.getByRole('link', { name: /^Open / }).click();
    await page.getByRole('heading', { level: 1, name: 'Bronnen en import' }).waitFor();
    const cycleId = Number(/^\/cycles\/(\d+)\/imports$/.exec(new URL(page.url()).pathname)?.[1]);
    await importFile(page);

    const batch = page.getByTestId('batch').filter({ hasText: FILE });
    await batch.getByRole('link', { name: `Details van ${FILE}` }).click();
    await page.getByRole('heading', { level: 1, name: `Import van ${FILE}` }).waitFor();
    detailsPath = new URL(page.url()).pathname;
    const batchId = Number(/^\/cycles\/\d+\/imports\/(\d+)$/.exec(detailsPath)?.[1]);
    expect(batchId).toBeGreaterThan(0);
    await expect(page.getByTestId('details-file').textContent()).resolves.toBe(FILE);
    await expect(page.getByTestId('details-split').textContent()).resolves.toBe('2');

    // Each split cell: its row, its column, the cell as it was and the questions made of it.
    const splits = page.getByRole('region', { name: 'Gesplitste cellen', exact: true });
    await splits.getByRole('table', { name: '2 cellen die in aparte vragen werden opgesplitst' }).waitFor();
    const cells = splits.getByTestId('split-cell');
    await expect(cells.count()).resolves.toBe(2);
    const first = cells.filter({ has: page.getByRole('rowheader', { name: '2', exact: true }) });
    await expect(first.getByRole('cell').first().textContent()).resolves.toBe('Kennisvraag');
    await expect(first.getByRole('cell').nth(1).textContent()).resolves.toContain(
      'zelf oplossen?\nWelke prentenboeken'
    );
    await expect(first.getByRole('listitem').allTextContents()).resolves.toEqual([
      'Hoe leer ik kleuters conflicten op de speelplaats zelf oplossen?',
      'Welke prentenboeken helpen bij ontluikende geletterdheid in de derde kleuterklas?'
    ]);

    // The personal data: marked as such, one row (the second asker left no name or address).
    const personal = page.getByRole('region', { name: 'Persoonsgegevens', exact: true });
    await expect(personal.getByTestId('personal-notice').textContent()).resolves.toMatch(
      /persoonsgegevens.*apart van de vragen bewaard.*enkel zichtbaar voor medewerkers/s
    );
    const records = personal.getByRole('table', { name: '1 rij met persoonsgegevens' });
    await expect(records.getAttribute('aria-describedby')).resolves.toBe('personal-notice');
    await expect(records.getByTestId('personal-record').count()).resolves.toBe(1);
    const record = records.getByTestId('personal-record');
    await expect(record.getByRole('rowheader').textContent()).resolves.toBe('2');
    await expect(record.getByRole('cell').allTextContents()).resolves.toEqual([
      'Sofie Peeters',
      'sofie.peeters@voorbeeld.be',
      '–niet ingevuld',
      '–niet ingevuld',
      '–niet ingevuld'
    ]);

    // On a phone the page keeps its width; the tables scroll inside their own box.
    await page.setViewportSize(PHONE);
    await expect(overflowingElements(page)).resolves.toEqual([]);
    await screenshot(page, 'import-details-360');
    await page.setViewportSize(DESKTOP);

    // Undo the first split: the dialog asks first, the status line tells, the keyboard stays in the section.
    await first.getByRole('button', { name: 'Splitsing ongedaan maken: rij 2, kolom ‘Kennisvraag’' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.textContent()).resolves.toContain(
      'De splitsing van rij 2, kolom ‘Kennisvraag’ ongedaan maken?'
    );
    await dialog.getByRole('button', { name: 'Ja, maak er één vraag van' }).click();
    await page
      .getByRole('status')
      .filter({
        hasText: 'De splitsing van rij 2, kolom ‘Kennisvraag’ is ongedaan gemaakt: de cel is opnieuw één vraag.'
      })
      .waitFor();
    await expect.poll(() => cells.count()).toBe(1);
    const heading = page.getByRole('heading', { level: 2, name: 'Gesplitste cellen' });
    await expect.poll(() => isFocused(heading)).toBe(true);

    // Meanwhile a colleague undoes the other one: the refusal is explained and the list brought up to date.
    const [second] = (await (await page.request.get(`/api/cycles/${cycleId}/imports/${batchId}/splits`)).json()) as {
      rowNumber: number;
      parts: { id: number }[];
    }[];
    expect(second?.rowNumber).toBe(3);
    await undoElsewhere(page, cycleId, second!.parts[0]!.id);
    await cells.getByRole('button', { name: 'Splitsing ongedaan maken: rij 3, kolom ‘Kennisvraag’' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Ja, maak er één vraag van' }).click();
    await page.getByRole('status').filter({ hasText: 'Deze vraag werd niet uit een grotere cel gesplitst.' }).waitFor();
    await page.getByTestId('splits-empty').waitFor();
    await expect(page.getByTestId('splits-empty').textContent()).resolves.toContain(
      'Er zijn geen gesplitste cellen meer in deze import'
    );
    await expect.poll(() => isFocused(heading)).toBe(true);

    // Each cell is one question again, with the whole text of the cell; the personal data stay.
    const questions = (await (await page.request.get(`/api/cycles/${cycleId}/questions`)).json()) as {
      text: string;
      fileName: string;
      rowNumber: number;
    }[];
    const mine = questions.filter((q) => q.fileName === FILE).sort((a, b) => a.rowNumber - b.rowNumber);
    expect(mine.map((q) => q.rowNumber)).toEqual([2, 3]);
    expect(mine[0]!.text).toBe(
      'Hoe leer ik kleuters conflicten op de speelplaats zelf oplossen? ' +
        'Welke prentenboeken helpen bij ontluikende geletterdheid in de derde kleuterklas?'
    );
    await page.reload();
    await page.getByTestId('splits-empty').waitFor();
    await expect(page.getByTestId('personal-record').count()).resolves.toBe(1);
  });

  it('shows a committee member and the director the 403 page instead of the details', async () => {
    expect(detailsPath, 'the first test opened the details page').toMatch(/^\/cycles\/\d+\/imports\/\d+$/);
    for (const user of ['gebruiker2', 'director']) {
      session = await newSession(browser);
      const { page } = session;
      await login(page, user);
      const response = await page.goto(detailsPath!);
      expect(response?.status(), user).toBe(403);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Er ging iets mis (403)');
      await expect(page.getByText('Je rol geeft geen toegang tot deze pagina of actie.').isVisible()).resolves.toBe(
        true
      );
      await expect(page.content()).resolves.not.toContain('sofie.peeters@voorbeeld.be');
      await session.context.close();
      session = undefined;
    }
  });
});
