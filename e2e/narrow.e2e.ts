import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { overflowingElements, launchBrowser, login, newSession, screenshot, type Session } from './browser';

const PHONE = { width: 360, height: 740 };

describe('pages on a 360 px wide screen', () => {
  let browser: Browser;
  let session: Session | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await screenshot(session?.page, `narrow-${context.task.name}`);
    await session?.context.close();
    session = undefined;
  });

  it('fit the staff pages without sideways scrolling', async () => {
    session = await newSession(browser, { viewport: PHONE });
    const { page } = session;
    await login(page, 'staff');
    await page.getByRole('link', { name: /^Open / }).click();
    await page.waitForURL('**/imports');
    const cycle = new URL(page.url()).pathname.replace(/\/imports$/, '');
    for (const [path, heading] of [
      ['/cycles', "Kennisagenda's"],
      [`${cycle}/imports`, 'Bronnen en import'],
      [`${cycle}/themes`, "Thema's"],
      [`${cycle}/rounds`, 'Beoordelingsrondes']
    ] as const) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
      expect(await overflowingElements(page), path).toEqual([]);
    }
  });

  it('fit the committee overview without sideways scrolling', async () => {
    session = await newSession(browser, { viewport: PHONE });
    const { page } = session;
    await login(page, 'wetenschap3');
    await page.getByRole('heading', { level: 1, name: 'Mijn beoordelingen' }).waitFor();
    await expect(overflowingElements(page)).resolves.toEqual([]);
  });
});
