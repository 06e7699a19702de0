import { readFile } from 'node:fs/promises';
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

const VRAAGPUNT = '/work/shared/data/vraagpunt-export.csv';
const VRAAGPUNT_SOURCE = 'Vraagpunt (webformulier)';
const SURVEY_SOURCE = 'Bevraging onderwijsnetten en begeleidingsdiensten';
const STEP_2 = 'Stap 2 van 2: nakijken en importeren';
const PERSONAL = 'persoonsgegevens — apart bewaard, enkel zichtbaar voor medewerkers';

/** Every file these tests may import: whatever they leave behind is undone afterwards. */
const IMPORTED = ['vraagpunt-export.csv', 'ongedaan-maken.csv', 'geannuleerd.csv'];

const csv = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });

/** A CSV large enough to take seconds on a throttled upload: 2000 distinct questions. */
function largeCsv(): string {
  const lines = ['vraag,onderwijsniveau'];
  for (let i = 1; i <= 2000; i++) {
    lines.push(
      `"Hoe pak ik situatie ${i} aan wanneer leerlingen in een klas met veel verschillen elk op hun eigen tempo werken?",lager`
    );
  }
  return `${lines.join('\n')}\n`;
}

const isFocused = (locator: Locator) => locator.evaluate((element) => element === document.activeElement);

/** The data stay as they were for the other test files; imports made here are undone at the end. */
describe('the import form', () => {
  let browser: Browser;
  let session: Session | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    const cleanup = await newSession(browser);
    await login(cleanup.page, 'staff');
    await undoImports(cleanup.page, IMPORTED);
    await cleanup.context.close();
    await browser?.close();
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await screenshot(session?.page, `import-form-${context.task.name}`);
    await session?.context.close();
    session = undefined;
  });

  async function openImports(viewport?: { width: number; height: number }) {
    session = await newSession(browser, { viewport });
    const { page } = session;
    await login(page, 'staff');
    await page.getByRole('link', { name: /^Open / }).click();
    await page.getByRole('heading', { level: 1, name: 'Bronnen en import' }).waitFor();
    return page;
  }

  async function preview(page: Page, source: string, file: string | ReturnType<typeof csv>) {
    await page.getByLabel('Bron', { exact: true }).selectOption({ label: source });
    await page.getByLabel('Bestand', { exact: true }).setInputFiles(file);
    await page.getByRole('button', { name: 'Voorbeeld bekijken' }).click();
    const heading = page.getByRole('heading', { level: 3, name: STEP_2 });
    await heading.waitFor();
    // The keyboard lands on the new step.
    await expect.poll(() => isFocused(heading)).toBe(true);
  }

  it('takes a file dropped on the drop zone and refuses kinds it cannot read', async () => {
    const page = await openImports();
    const zone = page.locator('.zone');
    const drop = async (name: string, type: string) => {
      const transfer = await page.evaluateHandle(
        ([fileName, fileType]) => {
          const data = new DataTransfer();
          data.items.add(new File(['vraag\nHoe pak ik dat aan?\n'], fileName!, { type: fileType }));
          return data;
        },
        [name, type]
      );
      await zone.dispatchEvent('dragenter', { dataTransfer: transfer });
      await zone.dispatchEvent('dragover', { dataTransfer: transfer });
      await zone.dispatchEvent('drop', { dataTransfer: transfer });
    };

    await drop('gesleept.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    await expect(page.getByText('Gekozen: gesleept.xlsx').isVisible()).resolves.toBe(true);
    await expect(
      page.getByLabel('Bestand', { exact: true }).evaluate((input: HTMLInputElement) => input.files?.[0]?.name)
    ).resolves.toBe('gesleept.xlsx');

    await drop('notities.pdf', 'application/pdf');
    await page.getByRole('status').filter({ hasText: 'notities.pdf kan niet geïmporteerd worden' }).waitFor();
    await expect(page.getByText('Gekozen:').count()).resolves.toBe(0);
  });

  it('asks for a source and a file before sending anything', async () => {
    const page = await openImports();
    await page.getByRole('button', { name: 'Voorbeeld bekijken' }).click();
    await page.getByRole('status').filter({ hasText: 'Kies eerst een bron.' }).waitFor();
    await expect.poll(() => isFocused(page.getByLabel('Bron', { exact: true }))).toBe(true);
    await page.getByLabel('Bron', { exact: true }).selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Voorbeeld bekijken' }).click();
    await page.getByRole('status').filter({ hasText: 'Kies eerst een bestand.' }).waitFor();
  });

  it('explains a refused file in Dutch, with the details the server gave', async () => {
    const page = await openImports();
    await page.getByLabel('Bron', { exact: true }).selectOption({ label: SURVEY_SOURCE });
    await page.getByLabel('Bestand', { exact: true }).setInputFiles(csv('enkel-kopregel.csv', 'vraag,niveau\n'));
    await page.getByRole('button', { name: 'Voorbeeld bekijken' }).click();
    await page.getByRole('status').filter({ hasText: 'enkel-kopregel.csv bevat geen rijen met vragen.' }).waitFor();
    // Still at step 1, with nothing stored.
    await expect(page.getByRole('heading', { level: 3, name: STEP_2 }).count()).resolves.toBe(0);
    await expect(page.getByRole('table', { name: 'Eerdere imports' }).textContent()).resolves.not.toContain(
      'enkel-kopregel.csv'
    );
  });

  it('shows a Vraagpunt export (windows-1252, semicolons) as read, with personal data marked, and imports it', async () => {
    const page = await openImports();
    await preview(page, VRAAGPUNT_SOURCE, VRAAGPUNT);

    await expect(page.getByTestId('preview-format').textContent()).resolves.toBe('Vraagpunt');
    const encoding = page.getByLabel('Tekencodering');
    await expect(encoding.inputValue()).resolves.toBe('windows-1252');
    await expect(page.getByLabel('Scheidingsteken').inputValue()).resolves.toBe(';');
    await expect(page.getByTestId('preview-rows').textContent()).resolves.toMatch(/^\d+$/);

    const roles = page.getByRole('group', { name: 'Wat staat er in elke kolom?' });
    await expect(roles.getByLabel('Uw vraag', { exact: true }).inputValue()).resolves.toBe('text');
    for (const [column, role] of [
      ['Naam', 'name'],
      ['E-mailadres', 'email']
    ] as const) {
      const select = roles.getByLabel(column, { exact: true });
      await expect(select.inputValue(), column).resolves.toBe(role);
      const described = await select.evaluate(
        (element) => document.getElementById(element.getAttribute('aria-describedby') ?? '')?.textContent
      );
      expect(described?.trim(), column).toBe(PERSONAL);
    }
    await expect(roles.getByLabel('Uw vraag', { exact: true }).getAttribute('aria-describedby')).resolves.toBeNull();

    // The first rows, read as Windows-1252: "zorgcontinuüm" keeps its ü. Row numbers are those of the file.
    const table = page.getByRole('region', { name: /^Eerste \d+ rijen van het bestand$/ });
    await expect(table.getByRole('columnheader', { name: /^Uw vraag/ }).textContent()).resolves.toContain('Vraagtekst');
    await expect(table.getByRole('rowheader').first().textContent()).resolves.toBe('2');
    await expect(table.textContent()).resolves.toContain('zorgcontinuüm');
    await expect(table.getAttribute('tabindex')).resolves.toBe('0');

    // Another encoding reads the file again; back to Windows-1252 restores the text.
    await encoding.selectOption('utf-8');
    await expect.poll(() => table.textContent()).toContain('\uFFFD');
    await encoding.selectOption('windows-1252');
    await expect.poll(() => table.textContent()).toContain('zorgcontinuüm');
    await expect(encoding.inputValue()).resolves.toBe('windows-1252');

    const counts = page.getByTestId('preview-counts');
    await expect(counts.textContent()).resolves.toMatch(/\d+ vragen na het splitsen van cellen/);
    await expect(counts.textContent()).resolves.toMatch(/\d+ rijen? met persoonsgegevens/);

    await page.getByRole('button', { name: 'Importeren', exact: true }).click();
    const summary = page.getByRole('status').filter({ hasText: 'Import van vraagpunt-export.csv voltooid' });
    await summary.waitFor();
    await expect.poll(() => isFocused(summary.getByRole('heading', { level: 3 }))).toBe(true);
    expect(Number(await page.getByTestId('import-added').textContent())).toBeGreaterThan(0);
    await expect(summary.textContent()).resolves.toContain('Al aanwezig, overgeslagen');
    await expect(summary.getByRole('listitem').first().textContent()).resolves.toMatch(/^Rij \d+: de vraag is leeg$/);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      summary.getByRole('link', { name: 'Afgewezen rijen downloaden (CSV)' }).click()
    ]);
    const rejected = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
    expect(rejected.split(/\r?\n/)[0]).toBe('row,column,reason');
    expect(rejected).toContain('empty');

    // The list follows, with the format and a download of the rejected rows.
    const batch = page.getByTestId('batch').filter({ hasText: 'vraagpunt-export.csv' });
    await batch.waitFor();
    await expect(batch.textContent()).resolves.toContain('Vraagpunt');
    await expect(
      batch.getByRole('link', { name: 'Afgewezen rijen van vraagpunt-export.csv (CSV)' }).getAttribute('href')
    ).resolves.toMatch(/\/api\/cycles\/\d+\/imports\/\d+\/rejected\.csv$/);
    // Back at step 1, ready for the next file.
    await page.getByRole('heading', { level: 3, name: 'Stap 1 van 2: bron en bestand kiezen' }).waitFor();
  });

  it('says how many cells held two needs and were split', async () => {
    const page = await openImports();
    await preview(
      page,
      SURVEY_SOURCE,
      csv(
        'twee-vragen.csv',
        'vraag,onderwijsniveau\n' +
          '"Hoe motiveer ik leerlingen in het derde leerjaar voor wiskunde?\n' +
          'Welke apps helpen kinderen bij het oefenen van spelling?",lager\n' +
          'Hoe begeleid ik een leerling met dyslexie bij toetsen?,secundair\n'
      )
    );
    const counts = page.getByTestId('preview-counts');
    await expect(counts.textContent()).resolves.toContain('1 cel gesplitst');
    await expect(counts.textContent()).resolves.toContain('3 vragen na het splitsen van cellen');

    // Annuleren goes back to step 1 without importing.
    await page.getByRole('button', { name: 'Annuleren', exact: true }).click();
    const step1 = page.getByRole('heading', { level: 3, name: 'Stap 1 van 2: bron en bestand kiezen' });
    await step1.waitFor();
    await expect.poll(() => isFocused(step1)).toBe(true);
    await expect(page.getByRole('table', { name: 'Eerdere imports' }).textContent()).resolves.not.toContain(
      'twee-vragen.csv'
    );
  });

  it('lets staff choose the text column when none was recognised', async () => {
    const page = await openImports();
    await preview(page, SURVEY_SOURCE, csv('codes.csv', 'code,score\nA1,3\nB2,4\nC3,5\n'));
    await page
      .getByRole('status')
      .filter({ hasText: 'In codes.csv werd geen kolom met vraagtekst herkend.' })
      .waitFor();
    const counts = page.getByTestId('preview-counts');
    await expect(counts.textContent()).resolves.toContain('0 vragen');
    await page.getByRole('button', { name: 'Importeren', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Kies bij minstens één kolom ‘Vraagtekst’.' }).waitFor();

    const roles = page.getByRole('group', { name: 'Wat staat er in elke kolom?' });
    await roles.getByLabel('code', { exact: true }).selectOption('text');
    await expect.poll(() => counts.textContent()).toContain('3 vragen na het splitsen van cellen');
    await page.getByRole('status').filter({ hasText: 'Het voorbeeld is bijgewerkt.' }).waitFor();
    await page.getByRole('button', { name: 'Annuleren', exact: true }).click();
  });

  it('stops an upload on Cancel and imports nothing', async () => {
    const page = await openImports();
    await preview(page, SURVEY_SOURCE, csv('geannuleerd.csv', largeCsv()));

    // A slow line: the file needs seconds to leave the browser.
    const cdp = await session!.context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 24 * 1024
    });
    await page.getByRole('button', { name: 'Importeren', exact: true }).click();
    const bar = page.getByRole('progressbar', { name: 'geannuleerd.csv wordt verstuurd om te importeren' });
    await bar.waitFor();
    await expect.poll(() => bar.evaluate((p: HTMLProgressElement) => p.value)).toBeGreaterThan(0);
    await expect(page.getByText(/kB verstuurd \(\d+ %\)/).isVisible()).resolves.toBe(true);
    // The server reports what it has read of the file while it arrives.
    await expect(page.getByTestId('import-rows').textContent()).resolves.toMatch(
      /rijen gelezen, [\d.]+ vragen gevonden/
    );
    const cancel = page.getByRole('button', { name: 'Import stoppen' });
    await expect.poll(() => isFocused(cancel)).toBe(true);
    await cancel.click();

    await page
      .getByRole('status')
      .filter({ hasText: 'Het importeren is geannuleerd. Er werd niets geïmporteerd.' })
      .waitFor();
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1
    });
    // Still at step 2, ready to try again; the server stored nothing.
    await expect.poll(() => isFocused(page.getByRole('button', { name: 'Importeren', exact: true }))).toBe(true);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Bronnen en import' }).waitFor();
    await expect(page.getByRole('table', { name: 'Eerdere imports' }).textContent()).resolves.not.toContain(
      'geannuleerd.csv'
    );
  });

  it('undoes an import after confirmation, and the list drops it', async () => {
    const page = await openImports();
    await preview(
      page,
      SURVEY_SOURCE,
      csv('ongedaan-maken.csv', 'vraag\n"Hoe zet ik een leesclub op voor jongeren in het tweede jaar secundair?"\n')
    );
    await page.getByRole('button', { name: 'Importeren', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Import van ongedaan-maken.csv voltooid' }).waitFor();

    const batches = page.getByRole('table', { name: 'Eerdere imports' });
    const batch = page.getByTestId('batch').filter({ hasText: 'ongedaan-maken.csv' });
    await batch.getByRole('button', { name: 'Ongedaan maken: ongedaan-maken.csv' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.textContent()).resolves.toContain('De import van ‘ongedaan-maken.csv’ ongedaan maken?');
    await dialog.getByRole('button', { name: 'Ja, maak ongedaan' }).click();

    await page
      .getByRole('status')
      .filter({ hasText: 'De import van ‘ongedaan-maken.csv’ is ongedaan gemaakt.' })
      .waitFor();
    await expect.poll(() => batches.textContent()).not.toContain('ongedaan-maken.csv');
    await expect.poll(() => isFocused(page.getByRole('heading', { level: 2, name: 'Eerdere imports' }))).toBe(true);
  });

  it('fits a 360 px screen, the preview table scrolling inside its box', async () => {
    const page = await openImports({ width: 360, height: 740 });
    await preview(page, VRAAGPUNT_SOURCE, VRAAGPUNT);
    const table = page.getByRole('region', { name: /^Eerste \d+ rijen van het bestand$/ });
    await expect(table.evaluate((box) => box.scrollWidth > box.clientWidth)).resolves.toBe(true);
    await expect(overflowingElements(page)).resolves.toEqual([]);
    await screenshot(page, 'import-preview-360');
    await page.getByRole('button', { name: 'Annuleren', exact: true }).click();
  });
});
