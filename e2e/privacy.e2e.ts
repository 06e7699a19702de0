import type { Browser, Page } from 'playwright-core';
import { request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { account, launchBrowser, PASSWORD, screenshot, Sessions } from './browser';
import { type OwnServer, startServer } from './own-server';

/**
 * Staff look up what is held about an asker, download it, and erase it at the asker's request; a search afterwards
 * finds nothing, while the question itself stays. Erasure changes the data for good, so this file runs a server of
 * its own. The demo's files carry no personal data: the asker comes in through a Vraagpunt export imported first.
 */

const ASKER = { name: 'Lotte Verbeke', email: 'lotte.verbeke@e2e.kennisagenda.test', phone: '0478 12 34 56' };
const QUESTION = 'Hoe help ik kleuters die thuis een andere taal spreken om mee te doen in de kring?';
const CSV = [
  'vraag,naam,e-mail,telefoon,onderwijsniveau',
  `"${QUESTION} Groetjes, ${ASKER.name} (${ASKER.phone})",${ASKER.name},${ASKER.email},${ASKER.phone},kleuter`,
  ''
].join('\n');

/** Imports the asker's file through the API, as staff, into the demo cycle; returns the cycle's id. */
async function importAsker(baseURL: string): Promise<number> {
  const context = await request.newContext({ baseURL });
  try {
    const login = await context.post('/api/auth/login', { data: { email: account('staff'), password: PASSWORD } });
    if (!login.ok()) throw new Error(`login failed: ${await login.text()}`);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const [cycle] = (await (await context.get('/api/cycles')).json()) as { id: number }[];
    const sources = (await (await context.get(`/api/cycles/${cycle!.id}/sources`)).json()) as {
      id: number;
      kind: string;
    }[];
    const source = sources.find((s) => s.kind === 'vraagpunt')!;
    const imported = await context.post(
      `/api/cycles/${cycle!.id}/imports?sourceId=${source.id}&fileName=vraagpunt-privacy.csv`,
      { data: CSV, headers: { 'content-type': 'text/csv', 'x-csrf-token': csrfToken } }
    );
    if (imported.status() !== 201) throw new Error(`import failed: ${await imported.text()}`);
    return cycle!.id;
  } finally {
    await context.dispose();
  }
}

describe.sequential('privacy: staff export and erase an asker’s personal data', () => {
  let server: OwnServer;
  let browser: Browser;
  let sessions: Sessions;
  let page: Page;
  let cycleId: number;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer('privacy'), launchBrowser()]);
    sessions = new Sessions(browser, server.baseURL);
    cycleId = await importAsker(server.baseURL);
    page = await sessions.open('staff');
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await screenshot(sessions.page, `privacy-${context.task.name}`);
  });

  afterAll(async () => {
    await sessions?.close();
    await browser?.close();
    await server?.stop();
  });

  async function search(email: string): Promise<void> {
    await page.getByLabel('E-mailadres').fill(email);
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await page.waitForURL((url) => url.searchParams.get('email') === email);
  }

  it('shows staff what is held about the asker, with a JSON export', async () => {
    await page.goto('/privacy');
    await page.getByRole('heading', { level: 1, name: 'Persoonsgegevens (AVG)' }).waitFor();
    await search(ASKER.email);

    const held = page.getByTestId('privacy-held');
    await held.getByRole('heading', { name: `Bewaard over ${ASKER.email}` }).waitFor();
    const summary = held.getByRole('table', { name: 'Wat we bewaren, per soort' });
    await expect
      .poll(() => summary.getByRole('row').allInnerTexts())
      .toEqual(['Soort\tAantal', 'Rijen met persoonsgegevens in imports\t1', 'Gestelde vragen\t1']);
    expect(await held.locator('dd').allInnerTexts()).toEqual([ASKER.name, ASKER.email, ASKER.phone]);
    expect(await held.innerText()).toContain(`${QUESTION} Groetjes, ${ASKER.name} (${ASKER.phone})`);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      held.getByRole('link', { name: 'Exporteren (JSON)' }).click()
    ]);
    expect(download.suggestedFilename()).toBe('persoonsgegevens.json');
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const exported = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    expect(exported.askerRecords[0]).toMatchObject({ name: ASKER.name, email: ASKER.email, phone: ASKER.phone });
  });

  it('erases after the address is typed to confirm; a search afterwards finds nothing', async () => {
    await page.getByRole('button', { name: 'Wissen…' }).click();
    const dialog = page.getByRole('dialog', { name: `Persoonsgegevens van ${ASKER.email} wissen` });
    await dialog.waitFor();
    const confirm = dialog.getByRole('button', { name: 'Definitief wissen' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel(`Typ ${ASKER.email} om te bevestigen`).fill(ASKER.email.toUpperCase());
    await confirm.click();

    const result = page.getByTestId('privacy-result');
    await result.waitFor();
    expect(await result.getAttribute('role')).toBe('status');
    expect(await result.innerText()).toContain('Gewist. Vragen zonder persoonsgegevens: 1');
    // Focus moves to the outcome, so a screen reader reads it and keyboard users continue from there.
    await expect.poll(() => result.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.getByTestId('privacy-nothing').waitFor();

    await search(ASKER.email);
    expect(await page.getByTestId('privacy-nothing').innerText()).toBe(
      `Er zijn geen persoonsgegevens bewaard voor ${ASKER.email}.`
    );
    expect(await page.getByTestId('privacy-held').count()).toBe(0);

    // The question stays, without the asker's name or phone number.
    const questions = await page.request.get(`/api/cycles/${cycleId}/questions`);
    const texts = ((await questions.json()) as { text: string }[]).map((q) => q.text);
    expect(texts).toContain(`${QUESTION} Groetjes, [verwijderd] ([verwijderd])`);
    expect(JSON.stringify(texts)).not.toContain('Verbeke');
  });
});
