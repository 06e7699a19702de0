import type { Browser, Route } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, Sessions } from './browser';
import { type Api, apiAs, type OwnServer, startServer } from './own-server';

/**
 * A score saved while the database is away (a restart): the server answers 503, the ballot says it will try again
 * and when, tries again by itself, and says "Opgeslagen" once the score is stored. The 503s are made in the browser
 * (the server's own 503 is tested in app/server/faults/connection-drop.test.ts); the retry that passes reaches the
 * real server. It runs on a server of its own, as its round locks a demo theme.
 */

const UNAVAILABLE = {
  status: 503,
  headers: { 'retry-after': '5' },
  contentType: 'application/json',
  body: JSON.stringify({
    error: {
      code: 'database_unavailable',
      message: 'The database is unavailable for a moment; try again.',
      details: {}
    }
  })
};

describe.sequential('a score saved while the database restarts', () => {
  let server: OwnServer;
  let browser: Browser;
  let staff: Api;
  let sessions: Sessions;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer('ballot-retry'), launchBrowser()]);
    sessions = new Sessions(browser, server.baseURL);
    staff = await apiAs(server.baseURL, 'staff');
  }, 120_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await screenshot(sessions?.page, `ballot-retry-${context.task.name}`);
    await sessions?.close();
  });

  afterAll(async () => {
    await staff?.dispose();
    await browser?.close();
    await server?.stop();
  });

  it('says it retries, retries by itself, and keeps the score', async () => {
    const cycleId = (await staff.get<{ id: number }[]>('/api/cycles'))[0]!.id;
    const [theme] = await staff.get<{ id: number; name: string }[]>(`/api/cycles/${cycleId}/themes`);
    const committee = (await staff.get<{ id: number; kind: string }[]>(`/api/cycles/${cycleId}/committees`)).find(
      (c) => c.kind === 'user'
    )!;
    const round = await staff.send<{ id: number; name: string }>('POST', `/api/cycles/${cycleId}/rounds`, {
      status: 'open',
      name: 'Prioritering (herstel e2e)',
      criteria: [{ name: 'Prioriteit', description: 'Hoe dringend is kennis over dit thema nodig?' }],
      themeIds: [theme!.id],
      committeeIds: [committee.id]
    });
    const member = await apiAs(server.baseURL, 'gebruiker1');
    await member.send('PUT', `/api/rounds/${round.id}/declaration`, { none: true, themes: [] });

    const p = await sessions.open('gebruiker1');
    // The first save and its first retry meet a database that is away; the second retry gets through.
    const saves: string[] = [];
    let holdRetry!: () => void;
    const retryHeld = new Promise<void>((resolve) => (holdRetry = resolve));
    let releaseRetry!: () => void;
    const retryReleased = new Promise<void>((resolve) => (releaseRetry = resolve));
    await p.route('**/api/rounds/*/scores', async (route: Route) => {
      saves.push(route.request().postData() ?? '');
      if (saves.length === 1) return route.fulfill(UNAVAILABLE);
      if (saves.length === 2) {
        // Held while the test reads the status of a retry on its way.
        holdRetry();
        await retryReleased;
        return route.fulfill(UNAVAILABLE);
      }
      return route.continue();
    });

    // The page's clock stands still once it has loaded: the retries come when the test moves it on.
    await p.clock.install();
    await p.goto(`/committee/rounds/${round.id}`);
    await p.getByRole('heading', { level: 1, name: round.name }).waitFor();
    await p.clock.pauseAt(Date.now() + 60_000);
    const region = p.getByRole('region', { name: theme!.name, exact: true });
    const status = async () => (await region.getByRole('status').textContent())?.trim();
    await region.getByRole('group', { name: 'Prioriteit' }).getByRole('radio', { name: '4', exact: true }).check();

    await expect.poll(status).toBe('Opslaan mislukt: De databank is even niet bereikbaar. Nieuwe poging over 2 s…');
    await expect(region.getByRole('button', { name: 'Opnieuw proberen' }).isVisible()).resolves.toBe(true);
    await p.clock.runFor(2_000);
    await retryHeld;
    await expect.poll(status).toBe('Opnieuw proberen…');
    releaseRetry();
    await expect.poll(status).toBe('Opslaan mislukt: De databank is even niet bereikbaar. Nieuwe poging over 5 s…');
    await p.clock.runFor(5_000);
    await expect.poll(status).toBe('✓ Opgeslagen');
    // Every attempt sent the same score.
    expect(saves).toHaveLength(3);
    expect(new Set(saves).size).toBe(1);

    // Stored once, as chosen: after a reload the ballot shows it, and the member's own ballot holds it.
    await p.unroute('**/api/rounds/*/scores');
    await p.reload();
    await p.getByRole('heading', { level: 1, name: round.name }).waitFor();
    await expect(
      p
        .getByRole('region', { name: theme!.name, exact: true })
        .getByRole('group', { name: 'Prioriteit' })
        .getByRole('radio', { name: '4', exact: true })
        .isChecked()
    ).resolves.toBe(true);
    const ballot = await member.get<{ themes: { id: number; scores: Record<string, number | null> }[] }>(
      `/api/rounds/${round.id}/ballot`
    );
    expect(Object.values(ballot.themes.find((th) => th.id === theme!.id)!.scores)).toEqual([4]);
    await member.dispose();
  });
});
