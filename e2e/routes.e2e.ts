import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, overflowingElements, screenshot, Sessions } from './browser';
import { type Api, apiAs, groupQuestions, type OwnServer, startServer } from './own-server';

/**
 * Staff record a theme's knowledge route and an output that answers two of its questions, and see it in the
 * end-of-cycle evaluation; the director adds an ad-hoc theme (refused without a justification) and sees it marked.
 *
 * Routes, outputs and an ad-hoc theme change the demo cycle, so this file runs a server of its own.
 */

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740 };

interface RouteTheme {
  themeId: number;
  name: string;
  questionCount: number;
}

describe.sequential('knowledge routes and evaluation', () => {
  let server: OwnServer;
  let browser: Browser;
  let staff: Api;
  let sessions: Sessions;
  let cycleId: number;
  let theme: RouteTheme;

  const themeItem = (p: Page, name: string): Locator =>
    p.getByTestId('route-theme').filter({ has: p.getByRole('heading', { level: 3, name, exact: true }) });

  async function openRoutes(user: string, viewport = DESKTOP): Promise<Page> {
    const p = await sessions.open(user, viewport);
    await p.goto(`/cycles/${cycleId}/routes`);
    await p.getByRole('heading', { level: 1, name: 'Kennisroutes' }).waitFor();
    return p;
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer('routes'), launchBrowser()]);
    sessions = new Sessions(browser, server.baseURL);
    staff = await apiAs(server.baseURL, 'staff');
    cycleId = (await staff.get<{ id: number }[]>('/api/cycles'))[0]!.id;
    await groupQuestions(staff, cycleId);
    const routes = await staff.get<{ themes: RouteTheme[] }>(`/api/cycles/${cycleId}/routes`);
    // A theme with a few questions: two of them make a share that is not 0 % nor 100 %.
    theme = routes.themes.find((t) => t.questionCount >= 3)!;
    expect(theme).toBeDefined();
  }, 180_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await screenshot(sessions?.page, `routes-${context.task.name}`);
    await sessions?.close();
  });

  afterAll(async () => {
    await staff?.dispose();
    await browser?.close();
    await server?.stop();
  });

  it('records the route, warns about a mismatch, and adds an output covering two questions', async () => {
    const p = await openRoutes('staff');
    const item = themeItem(p, theme.name);
    await item.getByLabel('Kennisstatus').selectOption({ label: 'te weinig kennis' });
    await item.getByLabel('Gepland resultaat').selectOption({ label: 'leidraad' });
    await expect
      .poll(() => item.getByTestId('route-warning').textContent())
      .toContain('meestal een onderzoeksopdracht');
    await item.getByLabel('Gepland resultaat').selectOption({ label: 'onderzoeksopdracht' });
    await expect.poll(() => item.getByTestId('route-warning').count()).toBe(0);
    await item.getByLabel('Notitie').fill('Weinig onderzoek in Vlaanderen.');
    await item.getByRole('button', { name: 'Route opslaan' }).click();
    await expect.poll(() => p.getByTestId('routes-status').textContent()).toContain('is opgeslagen');

    const saved = await staff.get<{ themes: (RouteTheme & { evidenceStatus: string; plannedOutput: string })[] }>(
      `/api/cycles/${cycleId}/routes`
    );
    expect(saved.themes.find((t) => t.themeId === theme.themeId)).toMatchObject({
      evidenceStatus: 'too_little',
      plannedOutput: 'research',
      note: 'Weinig onderzoek in Vlaanderen.'
    });

    await item.getByRole('button', { name: 'Resultaat toevoegen' }).click();
    const form = item.getByTestId('output-form');
    await form.getByLabel('Titel').fill('Onderzoek naar de praktijk');
    await form.getByLabel('Link (begint met http:// of https://)').fill('ftp://example.be/rapport');
    await form.getByLabel('een keuze uit de vragen').check();
    const boxes = form.getByTestId('output-questions').getByRole('checkbox');
    await expect.poll(() => boxes.count()).toBeGreaterThanOrEqual(3);
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await form.getByRole('button', { name: 'Resultaat opslaan' }).click();
    // A link that is no web address is refused with a clear message, and the form keeps what was typed.
    await expect.poll(() => form.getByTestId('output-error').textContent()).toContain('http:// of https://');
    await form.getByLabel('Link (begint met http:// of https://)').fill('https://example.be/rapport');
    await form.getByRole('button', { name: 'Resultaat opslaan' }).click();
    await expect.poll(() => p.getByTestId('routes-status').textContent()).toContain('toegevoegd');
    const row = item.getByTestId('output-row');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('2 vragen');
    expect(await row.getByRole('link', { name: 'Onderzoek naar de praktijk' }).getAttribute('href')).toBe(
      'https://example.be/rapport'
    );
  });

  it('shows the output and its share of the theme on the evaluation page', async () => {
    const routes = await staff.get<{ themes: RouteTheme[] }>(`/api/cycles/${cycleId}/routes`);
    const total = routes.themes.find((t) => t.themeId === theme.themeId)!.questionCount;
    const expected = `${Math.round((2 / total) * 100)}%`;

    const p = await sessions.open('director', PHONE);
    await p.goto(`/cycles/${cycleId}/evaluation`);
    await p.getByRole('heading', { level: 1, name: 'Evaluatie' }).waitFor();
    const row = p.locator(`[data-testid="evaluation-row"][data-theme-id="${theme.themeId}"]`);
    expect(await row.textContent()).toContain('Onderzoek naar de praktijk');
    // nl-BE writes "40 %" with a (narrow) no-break space.
    expect((await row.getByTestId('theme-share').textContent())?.replace(/\s/g, '')).toBe(expected);
    expect(await p.getByTestId('themes-without-output').textContent()).not.toContain(theme.name);
    expect(await p.getByTestId('evaluation-csv').getAttribute('href')).toBe(`/api/cycles/${cycleId}/evaluation.csv`);
    expect(await overflowingElements(p)).toEqual([]);
  });

  it('adds an ad-hoc theme only with a justification, and marks it as ad-hoc', async () => {
    const p = await openRoutes('director');
    // The director reads the routes without changing them.
    expect(await p.getByTestId('route-form').count()).toBe(0);
    const form = p.getByTestId('ad-hoc-form');
    await form.getByLabel('Naam').fill('Lesgeven tijdens een hittegolf');
    await form.getByRole('button', { name: 'Ad-hocthema toevoegen' }).click();
    await expect.poll(() => form.getByTestId('ad-hoc-error').textContent()).toContain('Geef een verantwoording');
    const justification = form.getByLabel('Verantwoording');
    expect(await justification.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => p.evaluate(() => document.activeElement?.id)).toBe('adhoc-justification');

    await justification.fill('Scholen vragen nu om richtlijnen voor de warme junidagen.');
    await form.getByRole('button', { name: 'Ad-hocthema toevoegen' }).click();
    await expect.poll(() => p.getByTestId('routes-status').textContent()).toContain('toegevoegd');
    const item = themeItem(p, 'Lesgeven tijdens een hittegolf');
    await expect.poll(() => item.getByTestId('badge-ad-hoc').textContent()).toBe('ad-hocthema');
    expect(await item.getByTestId('ad-hoc-justification').textContent()).toContain('warme junidagen');

    await p.goto(`/cycles/${cycleId}/evaluation`);
    const row = p.getByTestId('evaluation-row').filter({ hasText: 'Lesgeven tijdens een hittegolf' });
    expect(await row.getByTestId('badge-ad-hoc').count()).toBe(1);
    expect(await p.getByTestId('themes-without-output').textContent()).toContain('Lesgeven tijdens een hittegolf');

    // The theme board marks it too.
    await p.goto(`/cycles/${cycleId}/board`);
    const card = p.getByTestId('theme-card').filter({ hasText: 'Lesgeven tijdens een hittegolf' });
    await expect.poll(() => card.getByTestId('badge-ad-hoc').textContent()).toBe('Ad-hocthema');
  });
});
