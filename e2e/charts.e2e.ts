import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, Sessions } from './browser';
import { apiAs, type OwnServer, startServer } from './own-server';

/**
 * Every chart has a text alternative: the canvas sits in a role="img" box with a name, described by the table that
 * holds the same figures (aria-describedby → the table's id), and that table is on the page, shown or behind a
 * "show as table" summary. The complete demo cycle (a closed round, routes, a published agenda) runs on a server of
 * this file's own; the themes page with a grouping proposal on a second one, holding the demo's inventory only (a
 * round's themes cannot be grouped anew).
 */

interface Chart {
  /** The chart's name, as read out. */
  name: string;
  /** What is wrong with its text alternative; empty when nothing is. */
  problems: string[];
}

/** Each canvas on the page with what is missing from its text alternative. */
function chartsOf(page: Page): Promise<Chart[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('canvas')].map((canvas) => {
      const problems: string[] = [];
      const box = canvas.closest('[role="img"]');
      const name = box?.getAttribute('aria-label')?.trim() ?? '';
      if (!box) problems.push('no role="img" around the canvas');
      if (!name) problems.push('no aria-label');
      const tableId = box?.getAttribute('aria-describedby') ?? '';
      const table = tableId ? document.getElementById(tableId) : null;
      if (!(table instanceof HTMLTableElement)) {
        problems.push(`aria-describedby="${tableId}" names no table`);
        return { name, problems };
      }
      const labelledBy = table.getAttribute('aria-labelledby');
      const title =
        table.caption?.textContent ??
        table.getAttribute('aria-label') ??
        (labelledBy ? document.getElementById(labelledBy)?.textContent : null);
      if (!title?.trim()) problems.push('the table has no name (caption, aria-label or aria-labelledby)');
      const rows = [...table.tBodies].flatMap((body) => [...body.rows]);
      if (rows.length === 0 || !rows.some((row) => /\d/.test(row.textContent ?? '')))
        problems.push('the table holds no figures');
      // Reachable: shown, or inside a <details> whose summary is shown.
      const details = table.closest('details');
      const shown = (element: Element) => (element as HTMLElement).offsetParent !== null;
      const reachable = details && !details.open ? shown(details.querySelector('summary')!) : shown(table);
      if (!reachable) problems.push('the table cannot be reached');
      return { name, problems };
    })
  );
}

async function expectAlternatives(page: Page, charts: number): Promise<void> {
  await page.waitForLoadState('networkidle');
  const found = await chartsOf(page);
  expect(found.length, 'charts on the page').toBeGreaterThanOrEqual(charts);
  expect(found.filter((chart) => chart.problems.length > 0)).toEqual([]);
}

describe.sequential('charts with table alternatives', () => {
  let server: OwnServer;
  let inventory: OwnServer;
  let browser: Browser;
  let sessions: Sessions;
  let proposals: Sessions;
  let cycle = '';
  let roundId = 0;

  beforeAll(async () => {
    // One after the other: seeding two demo cycles at once on a small machine can outlast the start-up timeout.
    [server, browser] = await Promise.all([startServer('charts', { demo: 'complete' }), launchBrowser()]);
    inventory = await startServer('charts-proposal');
    sessions = new Sessions(browser, server.baseURL);
    proposals = new Sessions(browser, inventory.baseURL);
    const complete = await apiAs(server.baseURL, 'staff');
    const cycleId = (await complete.get<{ id: number }[]>('/api/cycles'))[0]!.id;
    cycle = `/cycles/${cycleId}`;
    roundId = (await complete.get<{ id: number; status: string }[]>(`/api${cycle}/rounds`)).find(
      (round) => round.status === 'closed'
    )!.id;
    await complete.dispose();
  }, 240_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      await screenshot(sessions.page ?? proposals.page, `charts-${context.task.name}`);
    }
    await sessions.close();
    await proposals.close();
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([server?.stop(), inventory?.stop()]);
  });

  it.each([
    { name: 'the board', path: () => `${cycle}/board`, charts: 3 },
    { name: 'a round', path: () => `${cycle}/rounds/${roundId}`, charts: 1 },
    { name: 'its analytics', path: () => `${cycle}/rounds/${roundId}/analytics`, charts: 2 },
    { name: 'its ranking', path: () => `/rounds/${roundId}/ranking`, charts: 1 },
    { name: 'the evaluation', path: () => `${cycle}/evaluation`, charts: 1 },
    { name: 'the methodology report', path: () => `${cycle}/methodology`, charts: 2 }
  ])('gives every chart on $name a name and a table with its figures', async ({ path, charts }) => {
    const page = await sessions.open('staff');
    await page.goto(path());
    await expectAlternatives(page, charts);
  });

  it('gives the charts of the themes page and its grouping proposal a name and a table with their figures', async () => {
    // A new grouping with k chosen by silhouette, not accepted: the themes page shows it as a proposal with its chart of
    // the candidates' silhouettes.
    const staff = await apiAs(inventory.baseURL, 'staff');
    const proposalCycle = `/cycles/${(await staff.get<{ id: number }[]>('/api/cycles'))[0]!.id}`;
    const run = await staff.send<{ id: number }>('POST', `/api${proposalCycle}/clustering-runs`, { seed: 1 });
    await expect
      .poll(
        async () => (await staff.get<{ status: string }>(`/api${proposalCycle}/clustering-runs/${run.id}`)).status,
        { timeout: 60_000 }
      )
      .toBe('done');
    await staff.dispose();
    const page = await proposals.open('staff');
    await page.goto(`${proposalCycle}/themes`);
    await page.getByTestId('proposal').waitFor();
    await expectAlternatives(page, 2);
  });
});
