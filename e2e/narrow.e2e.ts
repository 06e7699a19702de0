import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { overflowingElements, launchBrowser, login, newSession, screenshot, type Session } from './browser';
import { apiAs, type OwnServer, startServer } from './own-server';

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

/**
 * A committee member's ballot and the public pages on a phone. The open round locks themes and the published agenda
 * needs the complete demo cycle, so these run on a server of this file's own.
 */
describe.sequential('the ballot and the public pages on a 360 px wide screen', () => {
  let server: OwnServer;
  let browser: Browser;
  let session: Session | undefined;
  let ballot = '';
  let invitation = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer('narrow', { demo: 'complete' }), launchBrowser()]);
    const staff = await apiAs(server.baseURL, 'staff');
    const cycleId = (await staff.get<{ id: number }[]>('/api/cycles'))[0]!.id;
    const themes = await staff.get<{ id: number }[]>(`/api/cycles/${cycleId}/themes`);
    const user = (await staff.get<{ id: number; kind: string }[]>(`/api/cycles/${cycleId}/committees`)).find(
      (committee) => committee.kind === 'user'
    )!.id;
    const round = await staff.send<{ id: number }>('POST', `/api/cycles/${cycleId}/rounds`, {
      name: 'Prioritering op de gsm',
      status: 'open',
      criteria: [
        { name: 'Relevantie voor de klaspraktijk', description: 'Helpt het leraren in de klas?' },
        { name: 'Urgentie', description: 'Hoe dringend is kennis nodig?' }
      ],
      themeIds: themes.slice(0, 3).map((theme) => theme.id),
      committeeIds: [user]
    });
    ballot = `/committee/rounds/${round.id}`;
    const link = await staff.send<{ path: string }>('POST', `/api/committees/${user}/invitations`, {
      name: 'Nieuw Lid',
      email: 'nieuw-lid@demo.kennisagenda.test',
      membership: 'member'
    });
    invitation = link.path;
    await staff.dispose();
  }, 180_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await screenshot(session?.page, `narrow-${context.task.name}`);
    await session?.context.close();
    session = undefined;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('rates a theme by tapping on the ballot of an open round, without sideways scrolling', async () => {
    session = await newSession(browser, { viewport: PHONE, baseURL: server.baseURL });
    const { page } = session;
    await login(page, 'gebruiker1');
    await page.goto(ballot);
    await page.getByRole('heading', { level: 1, name: 'Prioritering op de gsm' }).waitFor();
    expect(await overflowingElements(page), 'declaration').toEqual([]);
    await page.getByRole('radio', { name: 'Nee, ik heb geen belangen te melden' }).click();
    await page.getByRole('button', { name: 'Verklaring bewaren' }).click();
    await page.getByRole('status').filter({ hasText: 'Je verklaring is bewaard.' }).waitFor();

    const theme = page.getByTestId('theme').first();
    await theme
      .getByRole('group', { name: 'Relevantie voor de klaspraktijk' })
      .getByRole('radio', { name: /^4\b/ })
      .click();
    await theme.getByRole('group', { name: 'Urgentie' }).getByRole('radio', { name: /^2\b/ }).click();
    await theme.getByRole('status').filter({ hasText: 'Opgeslagen' }).waitFor();
    await expect(page.getByTestId('progress').textContent()).resolves.toContain("1 van 3 thema's beoordeeld");
    expect(await overflowingElements(page), 'ballot').toEqual([]);
  });

  it('fits the public pages without sideways scrolling', async () => {
    session = await newSession(browser, { viewport: PHONE, baseURL: server.baseURL });
    const { page } = session;
    for (const [path, heading] of [
      ['/login', 'Aanmelden'],
      ['/agenda', /Kennisagenda/],
      ['/agenda/v1', /Kennisagenda/],
      [invitation, 'Welkom, Nieuw Lid'],
      ['/uitnodiging/geen-geldige-link', /./]
    ] as const) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      expect(await overflowingElements(page), path).toEqual([]);
    }
  });
});
