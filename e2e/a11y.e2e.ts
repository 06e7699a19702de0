import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { account, launchBrowser, newSession, PASSWORD, screenshot, type Session } from './browser';
import { type Api, apiAs, type OwnServer, startServer } from './own-server';

/**
 * axe-core on every page, as the people who use it, in Dutch and in English: no violation of WCAG 2.1 A/AA. The
 * complete demo cycle (a closed round, a published agenda) runs on a server of this file's own, where open rounds of
 * every kind are added for the committee's ballots.
 */

type Role = 'public' | 'staff' | 'director' | 'wetenschap1';

interface Visit {
  /** The route folder under app/web/routes, as SvelteKit names it. */
  route: string;
  as: Role;
  /** The address, when it is not the route itself; `[name]` is filled from the ids made in beforeAll. */
  path?: string;
  /** Brings the page into a state worth checking too: a dialog open, a form showing its errors. */
  act?: (page: Page) => Promise<void>;
}

const CYCLE = '/cycles/[cycleId]';
const ROUND = `${CYCLE}/rounds/[roundId]`;

/** Adding a page is one line here. */
const VISITS: Visit[] = [
  { route: '/login', as: 'public' },
  { route: '/login', as: 'public', act: wrongPassword },
  { route: '/agenda', as: 'public' },
  { route: '/agenda/v[number]', as: 'public' },
  { route: '/vraagpunt', as: 'public' },
  { route: '/vraagpunt', as: 'public', act: submitEmptyForm },
  { route: '/uitnodiging/[token]', as: 'public', path: '/uitnodiging/geen-geldige-link' },
  { route: '/uitnodiging/[token]', as: 'public' },
  { route: '/uitnodiging/[token]', as: 'public', act: mismatchedPasswords },
  { route: '/', as: 'staff' },
  { route: '/cycles', as: 'staff' },
  { route: CYCLE, as: 'staff' },
  { route: `${CYCLE}/imports`, as: 'staff' },
  { route: `${CYCLE}/imports`, as: 'staff', act: openConfirmDialog },
  { route: `${CYCLE}/imports/[batchId]`, as: 'staff' },
  { route: `${CYCLE}/inbox`, as: 'staff' },
  { route: `${CYCLE}/inbox`, as: 'staff', act: openRowForm },
  { route: `${CYCLE}/duplicates`, as: 'staff' },
  { route: `${CYCLE}/themes`, as: 'staff' },
  { route: `${CYCLE}/board`, as: 'staff' },
  { route: `${CYCLE}/board/[themeId]`, as: 'staff' },
  { route: `${CYCLE}/board/[themeId]`, as: 'staff', path: `${CYCLE}/board/unassigned` },
  { route: `${CYCLE}/committees`, as: 'staff' },
  { route: `${CYCLE}/rounds`, as: 'staff' },
  { route: `${CYCLE}/rounds/new`, as: 'staff' },
  { route: `${CYCLE}/rounds/new`, as: 'staff', act: submitEmptyForm },
  { route: ROUND, as: 'staff' },
  { route: ROUND, as: 'staff', path: `${CYCLE}/rounds/[openRoundId]` },
  { route: `${ROUND}/edit`, as: 'staff' },
  { route: `${ROUND}/analytics`, as: 'staff' },
  { route: `${ROUND}/conflicts`, as: 'staff' },
  { route: `${ROUND}/feedback`, as: 'staff', path: `${CYCLE}/rounds/[feedbackRoundId]/feedback` },
  { route: '/rounds/[roundId]/ranking', as: 'staff' },
  { route: `${CYCLE}/routes`, as: 'staff' },
  { route: `${CYCLE}/evaluation`, as: 'staff' },
  { route: `${CYCLE}/timeline`, as: 'staff' },
  { route: `${CYCLE}/publication`, as: 'staff' },
  { route: `${CYCLE}/methodology`, as: 'staff' },
  { route: '/audit', as: 'staff' },
  { route: '/privacy', as: 'staff' },
  { route: '/cycles', as: 'director' },
  { route: CYCLE, as: 'director' },
  { route: `${CYCLE}/themes`, as: 'director' },
  { route: `${CYCLE}/board`, as: 'director' },
  { route: `${CYCLE}/board/[themeId]`, as: 'director' },
  { route: `${CYCLE}/rounds`, as: 'director' },
  { route: ROUND, as: 'director' },
  { route: `${ROUND}/analytics`, as: 'director' },
  { route: `${CYCLE}/routes`, as: 'director' },
  { route: `${CYCLE}/evaluation`, as: 'director' },
  { route: `${CYCLE}/timeline`, as: 'director' },
  { route: `${CYCLE}/publication`, as: 'director' },
  { route: `${CYCLE}/methodology`, as: 'director' },
  { route: '/audit', as: 'director' },
  { route: '/committee', as: 'wetenschap1' },
  { route: '/committee/rounds/[roundId]', as: 'wetenschap1', path: '/committee/rounds/[openRoundId]' },
  { route: '/committee/rounds/[roundId]', as: 'wetenschap1', path: '/committee/rounds/[feedbackRoundId]' },
  { route: '/committee/rounds/[roundId]', as: 'wetenschap1', path: '/committee/rounds/[rankingRoundId]' }
];

const LOCALES = ['nl-BE', 'en'] as const;
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const ROUTES_DIR = fileURLToPath(new URL('../app/web/routes/', import.meta.url));

/** Every page route of the app, e.g. /cycles/[cycleId]/board/[themeId]: each folder holding a +page.svelte. */
function pageRoutes(dir = ROUTES_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return pageRoutes(path.join(dir, entry.name));
    if (entry.name !== '+page.svelte') return [];
    return [`/${path.relative(ROUTES_DIR, dir).split(path.sep).join('/')}`.replace(/\/$/, '') || '/'];
  });
}

const title = (visit: Visit) =>
  [visit.path ?? visit.route, `as ${visit.as}`, visit.act?.name].filter(Boolean).join(' ');

async function wrongPassword(page: Page): Promise<void> {
  await page.locator('#email').fill(account('staff'));
  await page.locator('#password').fill('not-the-password');
  await page.locator('form button[type="submit"]').click();
  await page.locator('[role="alert"]:not(:empty)').waitFor();
}

async function mismatchedPasswords(page: Page): Promise<void> {
  await page.locator('#password').fill('kort');
  await page.locator('#confirm').fill('anders');
  await page.locator('form button[type="submit"]').click();
  await page.locator('#confirm[aria-invalid="true"]').waitFor();
}

async function openConfirmDialog(page: Page): Promise<void> {
  await page.locator('button:has(+ dialog)').first().click();
  await page.locator('dialog[open]').waitFor();
}

/** The first inbox question's "out of scope" form, opened. */
async function openRowForm(page: Page): Promise<void> {
  await page.locator('[data-testid="submission"] button[aria-expanded]').first().click();
  await page.locator('[data-testid="submission"] form input').first().waitFor();
}

async function submitEmptyForm(page: Page): Promise<void> {
  await page.locator('form button[type="submit"]').click();
  await page.locator('[aria-invalid="true"]').first().waitFor();
}

describe.sequential('accessibility of every page (axe-core, WCAG 2.1 AA)', () => {
  let server: OwnServer;
  let browser: Browser;
  const ids: Record<string, string> = { number: '1' };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer('a11y', { demo: 'complete' }), launchBrowser()]);
    const staff = await apiAs(server.baseURL, 'staff');
    try {
      await createData(staff);
    } finally {
      await staff.dispose();
    }
  }, 180_000);

  async function createData(staff: Api): Promise<void> {
    const cycleId = (await staff.get<{ id: number }[]>('/api/cycles'))[0]!.id;
    const themes = await staff.get<{ id: number }[]>(`/api/cycles/${cycleId}/themes`);
    const batches = await staff.get<{ id: number }[]>(`/api/cycles/${cycleId}/imports`);
    const rounds = await staff.get<{ id: number; status: string }[]>(`/api/cycles/${cycleId}/rounds`);
    const committees = await staff.get<{ id: number; kind: string }[]>(`/api/cycles/${cycleId}/committees`);
    const scientific = committees.find((c) => c.kind === 'scientific')!.id;
    const open = (body: Record<string, unknown>) =>
      staff.send<{ id: number }>('POST', `/api/cycles/${cycleId}/rounds`, {
        status: 'open',
        themeIds: themes.slice(0, 4).map((theme) => theme.id),
        committeeIds: [scientific],
        ...body
      });
    const rating = await open({
      name: 'Toegankelijkheid (beoordeling)',
      criteria: [{ name: 'Relevantie', description: 'Helpt het leraren in de klas?' }]
    });
    const feedback = await open({ name: 'Toegankelijkheid (feedback)', kind: 'feedback' });
    const ranking = await open({ name: 'Toegankelijkheid (top 2)', scaleKind: 'ranking', rankTopN: 2 });
    // The member has declared no interests, so the ballots show their themes rather than the declaration alone.
    const member = await apiAs(server.baseURL, 'wetenschap1');
    for (const round of [rating, ranking]) {
      await member.send('PUT', `/api/rounds/${round.id}/declaration`, { none: true, themes: [] });
    }
    await member.dispose();
    const invitation = await staff.send<{ token: string }>('POST', `/api/committees/${scientific}/invitations`, {
      name: 'Toegankelijke Tester',
      email: 'toegankelijk@demo.kennisagenda.test',
      membership: 'member'
    });
    Object.assign(ids, {
      cycleId: String(cycleId),
      themeId: String(themes[0]!.id),
      batchId: String(batches[0]!.id),
      roundId: String(rounds.find((round) => round.status === 'closed')!.id),
      openRoundId: String(rating.id),
      feedbackRoundId: String(feedback.id),
      rankingRoundId: String(ranking.id),
      token: invitation.token
    });
  }

  /** One logged-in browser profile per person and language, kept for all their pages. */
  const sessions = new Map<string, Session>();
  let current: Page | undefined;

  async function sessionOf(role: Role, locale: string): Promise<Page> {
    const key = `${role}/${locale}`;
    let session = sessions.get(key);
    if (!session) {
      session = await newSession(browser, { baseURL: server.baseURL });
      await session.context.addCookies([{ name: 'kw_locale', value: locale, url: server.baseURL }]);
      if (role !== 'public') {
        const login = await session.page.request.post('/api/auth/login', {
          data: { email: account(role), password: PASSWORD }
        });
        if (!login.ok()) throw new Error(`login as ${role} failed: ${await login.text()}`);
      }
      sessions.set(key, session);
    }
    return session.page;
  }

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await screenshot(current, `a11y-${context.task.name}`);
  });

  afterAll(async () => {
    for (const session of sessions.values()) await session.context.close();
    await browser?.close();
    await server?.stop();
  });

  const fill = (template: string) =>
    template.replace(/\[(\w+)\]/g, (_, name: string) => {
      if (!(name in ids)) throw new Error(`No value for [${name}] in ${template}`);
      return ids[name]!;
    });

  it('visits every page route of the app', () => {
    const visited = new Set(VISITS.map((visit) => visit.route));
    expect(pageRoutes().filter((route) => !visited.has(route))).toEqual([]);
  });

  describe.each(LOCALES)('in %s', (locale) => {
    it.each(VISITS.map((visit) => [title(visit), visit] as const))('%s', async (_, visit) => {
      const page = (current = await sessionOf(visit.as, locale));
      const address = fill(visit.path ?? visit.route);
      const response = await page.goto(address);
      expect(response?.status(), address).toBeLessThan(400);
      await page.waitForLoadState('networkidle');
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe(locale);
      if (visit.act) await visit.act(page);
      const { violations } = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
      // Each violation with its rule, what it asks and where: enough to find and fix it.
      const found = violations.map(
        (violation) =>
          `${violation.id} — ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(' | ')}`
      );
      expect(found, address).toEqual([]);
    });
  });
});
