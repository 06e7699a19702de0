import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, Sessions } from './browser';
import { type OwnServer, startServer } from './own-server';

/**
 * Staff and the director account for how the agenda came about: the methodology report of the demo cycle (with its
 * closed rating round and published agenda) in HTML and as PDF, and the audit log with its filters. A committee
 * member sees neither. The complete demo cycle runs on a server of its own (the shared one holds only the inventory).
 */
describe.sequential('the methodology report and the audit log', () => {
  let server: OwnServer;
  let browser: Browser;
  let sessions: Sessions;
  let page: Page;
  let cycleUrl = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer('methodology', { demo: 'complete' }), launchBrowser()]);
    sessions = new Sessions(browser, server.baseURL);
  });
  afterAll(async () => {
    await sessions?.close();
    await browser?.close();
    await server?.stop();
  });
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await screenshot(sessions.page, `methodology-${context.task.name}`);
    await sessions.close();
  });

  async function openCycle(user: string): Promise<string> {
    page = await sessions.open(user);
    const cycles = (await (await page.request.get('/api/cycles')).json()) as { id: number; name: string }[];
    return `/cycles/${cycles.find((c) => c.name === 'Kennisagenda 2024–2027')!.id}`;
  }

  it('staff open the report of the demo cycle, see every section with figures, and download the PDF', async () => {
    cycleUrl = await openCycle('staff');
    await page.goto(`${cycleUrl}/methodology`);
    await page.getByRole('heading', { level: 1, name: 'Methodologisch verslag' }).waitFor();
    for (const heading of [
      '1. Kennisvragen per bron en onderwijsniveau',
      '2. Focusgroepen',
      '3. Import en opschoning',
      '4. Vorming van de thema’s',
      '5. Beoordelingsrondes',
      '6. Beslissing'
    ]) {
      await expect(page.getByRole('heading', { level: 2, name: heading }).isVisible()).resolves.toBe(true);
    }
    await expect(page.getByTestId('questions-summary').textContent()).resolves.toMatch(/\d+ kennisvragen/);
    const sources = page.getByTestId('questions-by-source').locator('tbody tr');
    await expect(sources.count()).resolves.toBe(3);
    await expect(
      page.getByRole('img', { name: 'Kennisvragen per bron, opgedeeld per onderwijsniveau' }).isVisible()
    ).resolves.toBe(true);
    await expect(page.getByTestId('section-focus-groups').textContent()).resolves.toContain('55 deelnemers');

    const round = page.getByTestId('round-report').filter({ hasText: 'Prioritering 2024' });
    await expect(round.getByTestId('response-rates').locator('tbody tr').count()).resolves.toBe(2);
    await expect(round.getByTestId('criteria').locator('tbody tr').count()).resolves.toBe(5);
    await expect(round.getByTestId('agreement').locator('tbody tr').count()).resolves.toBe(10);
    await expect(round.getByTestId('conflicts').textContent()).resolves.toContain('1 belangenconflicten op een thema');
    await expect(round.getByTestId('unusual').textContent()).resolves.toMatch(/vielen? op/);
    // No member's name reaches the report.
    await expect(page.locator('main').textContent()).resolves.not.toContain('Youssef Benali');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download als PDF' }).click()
    ]);
    expect(download.suggestedFilename()).toMatch(/^methodologisch-verslag-\d+\.pdf$/);
    const pdf = await readFile(await download.path());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('staff open the audit log, filter by an action, and see only those rows', async () => {
    page = await sessions.open('staff');
    await page.goto('/audit');
    await page.getByRole('heading', { level: 1, name: 'Auditlog' }).waitFor();
    await expect(page.getByTestId('audit-row').count()).resolves.toBeGreaterThan(0);
    await page.getByLabel('Actie').selectOption('round.close');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/action=round\.close/);
    const rows = page.getByTestId('audit-row');
    await expect(rows.count()).resolves.toBeGreaterThan(0);
    const actions = await rows.locator('th code').allTextContents();
    expect(new Set(actions)).toEqual(new Set(['round.close']));
    // The change reads before → after, the whole record behind "Details".
    await expect(rows.first().textContent()).resolves.toContain('closed');
    await rows.first().getByText('Details').click();
    await expect(rows.first().getByRole('heading', { name: 'Erna' }).isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('audit-csv').getAttribute('href')).resolves.toBe('/api/audit.csv?action=round.close');
  });

  it('the director sees the audit log too; a committee member is refused both pages', async () => {
    page = await sessions.open('director');
    await page.goto('/audit');
    await page.getByRole('heading', { level: 1, name: 'Auditlog' }).waitFor();
    await expect(page.getByTestId('audit-row').count()).resolves.toBeGreaterThan(0);
    await sessions.close();

    page = await sessions.open('gebruiker1');
    const audit = await page.goto('/audit');
    expect(audit?.status()).toBe(403);
    expect((await page.goto(`${cycleUrl}/methodology`))?.status()).toBe(403);
    expect((await page.request.get('/api/audit')).status()).toBe(403);
    expect((await page.request.get(`/api${cycleUrl}/methodology.pdf`)).status()).toBe(403);
  });
});
