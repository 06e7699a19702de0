import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { overflowingElements, launchBrowser, login, newSession, screenshot, type Session } from './browser';

describe('duplicate questions', () => {
  let browser: Browser;
  let session: Session | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await screenshot(session?.page, `duplicates-${context.task.name}`);
    await session?.context.close();
    session = undefined;
  });

  async function openPage(page: Page): Promise<void> {
    const cycles = (await (await page.request.get('/api/cycles')).json()) as { id: number }[];
    await page.goto(`/cycles/${cycles[0]!.id}/themes`);
    await page
      .getByRole('navigation', { name: 'Hoofdnavigatie' })
      .getByRole('link', { name: 'Dubbele vragen' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Dubbele vragen' }).waitFor();
  }

  it('staff find the demo duplicates, confirm one and undo it, on a phone-sized screen', async () => {
    session = await newSession(browser, { viewport: { width: 360, height: 740 } });
    const { page } = session;
    await login(page, 'staff');
    await openPage(page);

    const detect = page.getByRole('button', { name: 'Dubbele vragen zoeken' });
    await expect.poll(() => detect.isEnabled()).toBe(true);
    await detect.click();
    await page.getByRole('status').filter({ hasText: 'vragen vergeleken' }).waitFor();
    await expect.poll(() => page.getByTestId('duplicate-group').count()).toBeGreaterThanOrEqual(2);

    const link = page.getByTestId('duplicate-link').first();
    await expect(link.textContent()).resolves.toMatch(/Gelijkenis: \d+\s?%/);
    const id = (await link.getAttribute('id'))!;
    await link.getByRole('button', { name: /^Bevestigen: vraag \d+$/ }).click();
    await page.getByRole('status').filter({ hasText: 'bevestigd als dubbel' }).waitFor();
    const decided = page.locator(`#${id}`);
    await expect(decided.getByTestId('duplicate-status').textContent()).resolves.toBe('bevestigd');
    // The focus stays on the question that was decided.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(id);
    expect(await overflowingElements(page)).toEqual([]);

    // Leave the demo data as it was: other browser tests count the themes' questions.
    await decided.getByRole('button', { name: /^Ongedaan maken: vraag \d+$/ }).click();
    await page.getByRole('status').filter({ hasText: 'ongedaan gemaakt' }).waitFor();
    await expect(decided.getByTestId('duplicate-status').textContent()).resolves.toBe('voorgesteld');
  });

  it('the director reads the groups without the buttons', async () => {
    session = await newSession(browser);
    const { page } = session;
    await login(page, 'director');
    await openPage(page);
    await page.getByText('medewerkers beslissen erover').waitFor();
    await expect(page.getByRole('button', { name: 'Dubbele vragen zoeken' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: /^Bevestigen/ }).count()).resolves.toBe(0);
  });
});
