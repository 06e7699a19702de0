import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newSession, screenshot, type Session, Sessions } from './browser';
import { apiAs, type OwnServer, startServer } from './own-server';

/**
 * Keyboard users see where they are: walking with Tab through representative pages, every element that takes the
 * focus shows an indicator (an outline of at least 2 px, or a box shadow), and the first stop is the skip link, which
 * moves the focus to the main content. The complete demo cycle (a published agenda) runs on a server of this file's
 * own, with an open rating round for the ballot.
 */

/** How many Tab presses a walk takes at most: enough to pass the navigation and reach the page's own controls. */
const STEPS = 40;

interface Stop {
  element: string;
  visible: boolean;
}

/** The focused element, named, and whether its focus shows. */
function focusedStop(page: Page): Promise<Stop | null> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    const shadow = style.boxShadow !== 'none';
    const text = (element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 40);
    return {
      element: `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''} “${text}”`,
      visible: outline || shadow
    };
  });
}

/** Tabs from the top of the page; returns the stops whose focus does not show, and how many stops there were. */
async function walk(page: Page): Promise<{ hidden: string[]; stops: number }> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const hidden: string[] = [];
  let stops = 0;
  for (let step = 0; step < STEPS; step++) {
    await page.keyboard.press('Tab');
    const stop = await focusedStop(page);
    if (!stop) break;
    stops++;
    if (!stop.visible) hidden.push(stop.element);
  }
  return { hidden, stops };
}

describe.sequential('visible keyboard focus', () => {
  let server: OwnServer;
  let browser: Browser;
  let sessions: Sessions;
  let session: Session | undefined;
  let cycle = '';
  let ballot = '';
  let theme = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer('focus', { demo: 'complete' }), launchBrowser()]);
    sessions = new Sessions(browser, server.baseURL);
    const staff = await apiAs(server.baseURL, 'staff');
    const cycleId = (await staff.get<{ id: number }[]>('/api/cycles'))[0]!.id;
    cycle = `/cycles/${cycleId}`;
    const themes = await staff.get<{ id: number }[]>(`/api${cycle}/themes`);
    const committees = await staff.get<{ id: number; kind: string }[]>(`/api${cycle}/committees`);
    const round = await staff.send<{ id: number }>('POST', `/api${cycle}/rounds`, {
      name: 'Zichtbare focus',
      status: 'open',
      criteria: [{ name: 'Relevantie', description: 'Helpt het leraren in de klas?' }],
      themeIds: themes.slice(0, 3).map((theme) => theme.id),
      committeeIds: committees.filter((c) => c.kind === 'user').map((c) => c.id)
    });
    theme = `${cycle}/board/${themes[0]!.id}`;
    await staff.dispose();
    const member = await apiAs(server.baseURL, 'gebruiker1');
    await member.send('PUT', `/api/rounds/${round.id}/declaration`, { none: true, themes: [] });
    await member.dispose();
    ballot = `/committee/rounds/${round.id}`;
  }, 180_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      await screenshot(sessions.page ?? session?.page, `focus-${context.task.name}`);
    }
    await sessions.close();
    await session?.context.close();
    session = undefined;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('starts at the skip link, which moves the focus to the main content', async () => {
    session = await newSession(browser, { baseURL: server.baseURL });
    const { page } = session;
    await page.goto('/agenda');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Naar de inhoud' });
    await expect(skip.evaluate((link) => link === document.activeElement)).resolves.toBe(true);
    // The link shows itself when it has the focus.
    const box = await skip.boundingBox();
    expect(box && box.x >= 0 && box.y >= 0 && box.width > 0).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
    // The next Tab goes on inside the main content, past the navigation.
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.closest('main') !== null)).resolves.toBe(true);
  });

  it.each([
    { name: 'the login page', who: null, path: () => '/login' },
    { name: 'the agenda', who: null, path: () => '/agenda' },
    { name: 'the board', who: 'staff', path: () => `${cycle}/board` },
    { name: 'a theme page', who: 'staff', path: () => theme },
    { name: 'the ballot', who: 'gebruiker1', path: () => ballot }
  ])('shows the focus on every stop of $name', async ({ who, path }) => {
    let page: Page;
    if (who) page = await sessions.open(who);
    else page = (session = await newSession(browser, { baseURL: server.baseURL })).page;
    await page.goto(path());
    await page.waitForLoadState('networkidle');
    const { hidden, stops } = await walk(page);
    expect(stops, 'focus stops').toBeGreaterThan(2);
    expect(hidden).toEqual([]);
  });
});
