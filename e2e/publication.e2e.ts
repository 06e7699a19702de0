import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, overflowingElements, screenshot, Sessions } from './browser';
import { type Api, apiAs, groupQuestions, type OwnServer, startServer } from './own-server';

/**
 * From a placed timeline to the public agenda: staff propose, the director approves and publishes, and anyone opens
 * /agenda (also without JavaScript, also on a phone) and downloads the PDF. A second publication makes the next
 * version while the earlier one stays readable as it was.
 *
 * Publishing changes the demo cycle for good (a published version never changes), so this file runs a server of its
 * own on a fresh embedded database.
 */

const PHONE = { width: 360, height: 740 };

interface Theme {
  id: number;
  name: string;
}
interface Version {
  id: number;
  number: number | null;
  status: string;
}

describe.sequential('publication of the agenda', () => {
  let server: OwnServer;
  let browser: Browser;
  let staff: Api;
  let director: Api;
  let sessions: Sessions;
  let anonymous: BrowserContext | undefined;
  let cycleId: number;
  let themes: Theme[];
  /** The number the first publication of this test gets (the demo data may have published before). */
  let first: number;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer('publication'), launchBrowser()]);
    sessions = new Sessions(browser, server.baseURL);
    staff = await apiAs(server.baseURL, 'staff');
    director = await apiAs(server.baseURL, 'director');
    cycleId = (await staff.get<{ id: number }[]>('/api/cycles'))[0]!.id;
    await groupQuestions(staff, cycleId);
    themes = (await staff.get<Theme[]>(`/api/cycles/${cycleId}/themes`)).slice(0, 3);
    // Two themes in the first school year, one in the second.
    for (const [theme, year] of [
      [themes[0]!, '2024-09-01'],
      [themes[1]!, '2024-09-01'],
      [themes[2]!, '2025-09-01']
    ] as const) {
      await staff.send('PUT', `/api/themes/${theme.id}/placement`, { year });
    }
    const { versions } = await staff.get<{ versions: Version[] }>(`/api/cycles/${cycleId}/agenda/versions`);
    first = Math.max(0, ...versions.map((v) => v.number ?? 0)) + 1;
  }, 180_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await screenshot(sessions?.page, `publication-${context.task.name}`);
    await sessions?.close();
    await anonymous?.close();
    anonymous = undefined;
  });

  afterAll(async () => {
    await staff?.dispose();
    await director?.dispose();
    await browser?.close();
    await server?.stop();
  });

  /** A visitor who is not logged in; without JavaScript the page must still show everything. */
  async function visitor(options: { javaScriptEnabled?: boolean; viewport?: typeof PHONE } = {}): Promise<Page> {
    anonymous = await browser.newContext({
      baseURL: server.baseURL,
      locale: 'nl-BE',
      timezoneId: 'Europe/Brussels',
      acceptDownloads: true,
      ...options
    });
    anonymous.setDefaultTimeout(15_000);
    return anonymous.newPage();
  }

  async function openPublication(user: string): Promise<Page> {
    const page = await sessions.open(user);
    await page.goto(`/cycles/${cycleId}/publication`);
    await page.getByRole('heading', { level: 1, name: 'Publicatie' }).waitFor();
    return page;
  }

  it('lets staff propose and the director approve and publish', async () => {
    const staffPage = await openPublication('staff');
    const preview = staffPage.getByRole('region', { name: 'Voorbeeld van de kennisagenda' });
    await expect.poll(() => preview.getByRole('heading', { level: 4, name: themes[0]!.name }).count()).toBe(1);
    await staffPage.getByLabel('Toelichting bij het voorstel (optioneel)').fill('Na de prioritering');
    await staffPage.getByRole('button', { name: 'Voorstel indienen' }).click();
    await staffPage.getByRole('status').filter({ hasText: 'Het voorstel is ingediend.' }).waitFor();
    await staffPage.getByText('Het voorstel wacht op de beoordeling door de directeur.').waitFor();
    expect(await staffPage.getByRole('button', { name: 'Goedkeuren' }).count()).toBe(0);
    await sessions.close();

    const page = await openPublication('director');
    await page.getByText('Na de prioritering').first().waitFor();
    await page.getByLabel('Opmerking bij de beoordeling (optioneel)').fill('Akkoord');
    await page.getByRole('button', { name: 'Goedkeuren' }).click();
    await page.getByRole('status').filter({ hasText: 'Het voorstel is goedgekeurd.' }).waitFor();
    await page.getByRole('button', { name: 'Publiceren', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(`Versie ${first} wordt definitief en openbaar.`).waitFor();
    await dialog.getByRole('button', { name: `Versie ${first} publiceren` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Versie ${first} is gepubliceerd.` })
      .waitFor();
    const row = page.getByTestId('version-row').filter({ hasText: `Versie ${first}` });
    await row.getByRole('link', { name: `Versie ${first} bekijken` }).waitFor();
    await expect.poll(() => page.getByTestId('no-changes').count()).toBe(1);
  });

  it('shows the published agenda to anyone, per school year, without JavaScript, and offers the PDF', async () => {
    const page = await visitor({ javaScriptEnabled: false });
    await page.goto('/agenda');
    await page
      .getByTestId('agenda-version')
      .filter({ hasText: `Versie ${first}, gepubliceerd op` })
      .waitFor();
    const year1 = page.getByRole('region', { name: 'Schooljaar 2024–2025' });
    const year2 = page.getByRole('region', { name: 'Schooljaar 2025–2026' });
    const names = (region: typeof year1) => region.getByRole('heading', { level: 3 }).allTextContents();
    const expected = [themes[0]!.name, themes[1]!.name].sort((a, b) => a.localeCompare(b, 'nl-BE'));
    expect(await names(year1)).toEqual(expected);
    expect(await names(year2)).toEqual([themes[2]!.name]);

    const phone = await visitor({ viewport: PHONE });
    await phone.goto('/agenda');
    await phone.getByRole('region', { name: 'Schooljaar 2024–2025' }).waitFor();
    expect(await overflowingElements(phone)).toEqual([]);
    const [download] = await Promise.all([
      phone.waitForEvent('download'),
      phone.getByRole('link', { name: 'PDF' }).click()
    ]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`-v${first}\\.pdf$`));
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('publishes a correction as the next version while the earlier one still shows as it was', async () => {
    await staff.send('PUT', `/api/themes/${themes[2]!.id}/placement`, { year: '2026-09-01' });
    const proposal = await staff.send<Version>('POST', `/api/cycles/${cycleId}/agenda/proposals`, {
      note: 'Correctie'
    });
    await director.send('POST', `/api/agenda/proposals/${proposal.id}/approve`, { note: '' });
    const published = await director.send<Version>('POST', `/api/agenda/proposals/${proposal.id}/publish`);
    expect(published.number).toBe(first + 1);

    const page = await visitor();
    await page.goto('/agenda');
    await page
      .getByTestId('agenda-version')
      .filter({ hasText: `Versie ${first + 1},` })
      .waitFor();
    const year3 = page.getByRole('region', { name: 'Schooljaar 2026–2027' });
    expect(await year3.getByRole('heading', { level: 3 }).allTextContents()).toEqual([themes[2]!.name]);

    await page.goto(`/agenda/v${first}`);
    await page
      .getByTestId('agenda-version')
      .filter({ hasText: `Versie ${first},` })
      .waitFor();
    const year2 = page.getByRole('region', { name: 'Schooljaar 2025–2026' });
    expect(await year2.getByRole('heading', { level: 3 }).allTextContents()).toEqual([themes[2]!.name]);
    const notice = page.getByRole('note');
    await notice.getByText(`De meest recente is versie ${first + 1}.`).waitFor();
    await notice.getByRole('link', { name: `Naar versie ${first + 1}` }).click();
    await page.waitForURL((url) => url.pathname === '/agenda');

    const missing = await page.goto(`/agenda/v${first + 5}`);
    expect(missing?.status()).toBe(404);
  });
});
