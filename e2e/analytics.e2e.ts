import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, overflowingElements, screenshot, Sessions } from './browser';
import { type Api, apiAs, groupQuestions, type OwnServer, startServer } from './own-server';

/**
 * Staff study a closed rating round on the analytics page: the combined ranking, agreement, an unusual rater and
 * what the ranking would be without them, the committees side by side, the settings and the downloads.
 *
 * The round locks the demo cycle's themes, so this file runs a server of its own on a fresh embedded database.
 */

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };

interface Theme {
  id: number;
  name: string;
}

describe.sequential('rating analytics of a round', () => {
  let server: OwnServer;
  let browser: Browser;
  let staff: Api;
  let sessions: Sessions;
  let cycleId: number;
  let themes: Theme[];
  let committees: { id: number; name: string; kind: 'scientific' | 'user' }[];
  let round: { id: number; name: string };
  let straightLiner: string;

  const open = (user: string, viewport = DESKTOP): Promise<Page> => sessions.open(user, viewport);

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer('analytics'), launchBrowser()]);
    sessions = new Sessions(browser, server.baseURL);
    staff = await apiAs(server.baseURL, 'staff');
    cycleId = (await staff.get<{ id: number }[]>('/api/cycles'))[0]!.id;
    await groupQuestions(staff, cycleId);
    themes = await staff.get<Theme[]>(`/api/cycles/${cycleId}/themes`);
    committees = await staff.get(`/api/cycles/${cycleId}/committees`);
    round = await staff.send('POST', `/api/cycles/${cycleId}/rounds`, {
      name: 'Prioritering (analyse e2e)',
      status: 'open',
      criteria: [
        { name: 'Relevantie', description: 'Helpt het leraren in de klas?' },
        { name: 'Urgentie', description: 'Hoe dringend is kennis nodig?', weight: 2 }
      ],
      themeIds: themes.map((theme) => theme.id),
      committeeIds: committees.map((committee) => committee.id)
    });
    const { criteria } = await staff.get<{ criteria: { id: number }[] }>(`/api/rounds/${round.id}`);

    // Three scientists and three users score every theme on 1–5 along a shared pattern with small differences;
    // the third user gives 3 everywhere (straight-lining).
    const members = ['wetenschap1', 'wetenschap2', 'wetenschap3', 'gebruiker1', 'gebruiker2', 'gebruiker3'];
    for (const [r, user] of members.entries()) {
      const member = await apiAs(server.baseURL, user);
      if (user === 'gebruiker3') straightLiner = member.name;
      await member.send('PUT', `/api/rounds/${round.id}/declaration`, { none: true, themes: [] });
      for (const [i, theme] of themes.entries()) {
        for (const [c, criterion] of criteria.entries()) {
          // Users see the themes in another order than scientists: the committees' rankings differ.
          const base = r < 3 ? 1 + ((i + c) % 5) : 5 - ((i * 2 + c) % 5);
          const nudge = (i + r) % 4 === 0 ? 1 : (i + r) % 4 === 1 ? -1 : 0;
          const value = user === 'gebruiker3' ? 3 : Math.min(5, Math.max(1, base + nudge));
          await member.send('PUT', `/api/rounds/${round.id}/scores`, {
            themeId: theme.id,
            criterionId: criterion.id,
            value
          });
        }
      }
      await member.dispose();
    }
  }, 180_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await screenshot(sessions?.page, `analytics-${context.task.name}`);
    await sessions?.close();
  });

  afterAll(async () => {
    await staff?.dispose();
    await browser?.close();
    await server?.stop();
  });

  it('tells the director to wait while the round is open', async () => {
    const d = await open('director');
    await d.goto(`/cycles/${cycleId}/rounds/${round.id}/analytics`);
    await d.getByRole('heading', { level: 2, name: 'De analyse volgt na het afsluiten' }).waitFor();
    await expect(d.getByTestId('ranking').count()).resolves.toBe(0);
  });

  it('shows staff the ranking, agreement, the straight-liner with a what-if, the committees side by side', async () => {
    await staff.send('POST', `/api/rounds/${round.id}/close`);
    const s = await open('staff');
    await s.goto(`/cycles/${cycleId}/rounds/${round.id}`);
    await s.getByRole('link', { name: 'Analyse', exact: true }).click();
    await s.getByRole('heading', { level: 1, name: `Analyse: ${round.name}` }).waitFor();

    // The combined ranking lists every theme, with the share of resamples in the default top 15.
    const ranking = s.getByTestId('ranking');
    await expect(ranking.locator('tbody tr').count()).resolves.toBe(themes.length);
    for (const theme of themes) {
      await expect(ranking.getByRole('rowheader', { name: theme.name, exact: true }).count()).resolves.toBe(1);
    }
    const { topN } = await staff.get<{ topN: number }>(`/api/rounds/${round.id}/analytics`);
    await expect(ranking.locator('thead').textContent()).resolves.toContain(`In top ${topN}`);
    await expect(s.getByRole('img', { name: /^Staafdiagram: per thema het aandeel/ }).isVisible()).resolves.toBe(true);

    // Agreement per committee × criterion, read in words.
    const agreement = s.getByTestId('agreement');
    for (const committee of committees) {
      await expect(agreement.getByRole('rowheader', { name: committee.name }).count()).resolves.toBeGreaterThan(0);
    }
    await expect(agreement.textContent()).resolves.toMatch(/Goed|Aanvaardbaar|Zwak|Niet te berekenen/);

    // The straight-liner, with the reason as a sentence and what the ranking would be without them.
    const rater = s.getByTestId('flagged-rater').filter({ has: s.getByRole('heading', { name: straightLiner }) });
    await expect(rater.getByTestId('flags').textContent()).resolves.toContain(
      `Gaf overal dezelfde score (3, ${themes.length * 2} scores)`
    );
    const whatIf = rater.getByTestId('what-if');
    await expect(whatIf.getByRole('heading', { name: `Wat als ${straightLiner} niet meetelt?` }).count()).resolves.toBe(
      1
    );
    await expect(whatIf.textContent()).resolves.toMatch(/Rang zonder|verschuift geen enkel thema/);

    // The committees side by side: a scatter plot with the table as its alternative.
    await expect(s.getByTestId('rank-correlation').textContent()).resolves.toMatch(
      /Spearmans rangcorrelatie|niet berekend/
    );
    await expect(s.getByTestId('scatter').locator('canvas').isVisible()).resolves.toBe(true);
    await expect(s.getByTestId('scatter').getByRole('img').getAttribute('aria-describedby')).resolves.toBe(
      'comparison-table'
    );
    await expect(s.getByTestId('comparison').locator('tbody tr').count()).resolves.toBe(themes.length);

    // Figures per theme in folded sections.
    await expect(s.getByTestId('theme-cells').count()).resolves.toBe(themes.length);

    // The CSV with the current settings.
    const csv = await s.request.get((await s.getByTestId('download-csv').getAttribute('href'))!);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
  });

  it('applies other settings through the form, explains refused ones, and fits a phone', async () => {
    const s = await open('staff', PHONE);
    const base = `/cycles/${cycleId}/rounds/${round.id}/analytics`;
    await s.goto(base);
    await s.getByRole('heading', { level: 1, name: `Analyse: ${round.name}` }).waitFor();
    await expect(overflowingElements(s)).resolves.toEqual([]);
    await screenshot(s, 'analytics-360');

    const users = committees.find((committee) => committee.kind === 'user')!;
    await s.getByLabel("Top N: aantal thema's dat als top telt").fill('3');
    await s.getByLabel(`Gewicht van ${users.name}`).fill('2');
    await s.getByRole('button', { name: 'Toepassen' }).click();
    await s.waitForURL((url) => url.searchParams.get('topN') === '3');
    await s.getByTestId('ranking').locator('thead').getByText('In top 3').waitFor();
    await expect(s.getByTestId('facts').textContent()).resolves.toContain('Top 3');
    await expect(s.getByTestId('committee-facts').filter({ hasText: users.name }).textContent()).resolves.toContain(
      'gewicht 2'
    );
    await expect(s.getByLabel(`Gewicht van ${users.name}`).inputValue()).resolves.toBe('2');
    const href = (await s.getByTestId('download-csv').getAttribute('href'))!;
    expect(new URL(href, server.baseURL).searchParams.get('topN')).toBe('3');
    expect(new URL(href, server.baseURL).searchParams.get('weights')).toContain(`${users.id}:2`);

    // A value the API refuses comes back as a message next to the form, the typed value kept.
    await s.goto(`${base}?topN=0`);
    await expect(s.getByRole('alert').textContent()).resolves.toContain(
      'Top N moet een geheel getal van 1 tot 500 zijn.'
    );
    await expect(s.getByLabel("Top N: aantal thema's dat als top telt").getAttribute('aria-invalid')).resolves.toBe(
      'true'
    );
    await expect(overflowingElements(s)).resolves.toEqual([]);
  });

  it('shows the director the analysis once the round is closed', async () => {
    const d = await open('director');
    await d.goto(`/cycles/${cycleId}/rounds/${round.id}`);
    await d.getByRole('link', { name: 'Analyse', exact: true }).click();
    await d.getByRole('heading', { level: 1, name: `Analyse: ${round.name}` }).waitFor();
    await expect(d.getByTestId('ranking').locator('tbody tr').count()).resolves.toBe(themes.length);
    await expect(d.getByTestId('flagged-rater').count()).resolves.toBeGreaterThanOrEqual(1);
  });
});
