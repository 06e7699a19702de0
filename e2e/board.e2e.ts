import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, overflowingElements, screenshot, Sessions } from './browser';
import { type Api, apiAs, groupQuestions, type OwnServer, startServer } from './own-server';

/**
 * Staff shape the themes on the theme board: merge two themes through the checkboxes and undo it, lock a theme,
 * meet a stale edit, see merging and deleting a theme in a rating round refused; the bins and the charts' tables are
 * always there; the director reads along without actions.
 *
 * Curation changes the demo cycle's themes, so this file runs a server of its own on a fresh embedded database.
 */

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };

interface Card {
  id: number;
  name: string;
  size: number;
  version: number;
  inRound: boolean;
}

interface Board {
  themes: Card[];
  unassigned: { count: number };
  outOfScope: { count: number };
}

describe.sequential('theme board', () => {
  let server: OwnServer;
  let browser: Browser;
  let staff: Api;
  let sessions: Sessions;
  let cycleId: number;
  let board: Board;

  const open = (user: string, viewport = DESKTOP): Promise<Page> => sessions.open(user, viewport);

  async function openBoard(user: string, viewport = DESKTOP): Promise<Page> {
    const p = await open(user, viewport);
    await p.goto(`/cycles/${cycleId}/board`);
    await p.getByRole('heading', { level: 1, name: 'Themabord' }).waitFor();
    return p;
  }

  const cards = (p: Page) => p.getByTestId('theme-card');
  const card = (p: Page, name: string): Locator =>
    cards(p).filter({ has: p.getByRole('heading', { level: 3, name, exact: true }) });

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer('board'), launchBrowser()]);
    sessions = new Sessions(browser, server.baseURL);
    staff = await apiAs(server.baseURL, 'staff');
    cycleId = (await staff.get<{ id: number }[]>('/api/cycles'))[0]!.id;
  }, 120_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await screenshot(sessions?.page, `board-${context.task.name}`);
    await sessions?.close();
  });

  afterAll(async () => {
    await staff?.dispose();
    await browser?.close();
    await server?.stop();
  });

  it('says what to do while the cycle has no themes, and keeps every question in "niet toegewezen"', async () => {
    await groupQuestions(staff, cycleId);
    board = await staff.get<Board>(`/api/cycles/${cycleId}/theme-board`);
    expect(board.themes.length).toBeGreaterThanOrEqual(3);
    // Delete every theme through the API (its questions go to "niet toegewezen"), look, then undo step by step.
    const steps: number[] = [];
    for (const theme of board.themes) {
      const result = await staff.send<{ step: { id: number } }>(
        'DELETE',
        `/api/themes/${theme.id}?version=${theme.version}`
      );
      steps.push(result.step.id);
    }
    const s = await openBoard('staff');
    await expect(s.getByTestId('board-empty').textContent()).resolves.toContain("nog geen thema's");
    await expect(
      s
        .getByTestId('board-empty')
        .getByRole('link', { name: "Groepeer de vragen eerst in thema's." })
        .getAttribute('href')
    ).resolves.toBe(`/cycles/${cycleId}/themes`);
    const total = board.themes.reduce((sum, theme) => sum + theme.size, 0) + board.unassigned.count;
    await expect(s.getByTestId('bin-unassigned').getByTestId('bin-count').textContent()).resolves.toBe(
      `${total} vragen`
    );
    await expect(overflowingElements(s)).resolves.toEqual([]);
    for (const id of steps.reverse()) {
      await staff.send('POST', `/api/cycles/${cycleId}/curation/undo`, { operationId: id });
    }
    board = await staff.get<Board>(`/api/cycles/${cycleId}/theme-board`);
    expect(board.themes.length).toBe(steps.length);
  }, 120_000);

  it('reaches the board from the navigation and shows every theme and both bins', async () => {
    const s = await open('staff');
    await s.goto(`/cycles/${cycleId}/themes`);
    await s.getByRole('navigation').getByRole('link', { name: 'Themabord' }).click();
    await s.getByRole('heading', { level: 1, name: 'Themabord' }).waitFor();
    await expect(cards(s).count()).resolves.toBe(board.themes.length);
    const largest = [...board.themes].sort((a, b) => b.size - a.size)[0]!;
    await expect(cards(s).first().getByRole('heading', { level: 3 }).textContent()).resolves.toContain(largest.name);
    await expect(card(s, largest.name).getByRole('link', { name: largest.name }).getAttribute('href')).resolves.toBe(
      `/cycles/${cycleId}/board/${largest.id}`
    );

    const unassigned = s.getByTestId('bin-unassigned');
    await expect(unassigned.getByRole('link', { name: 'Niet toegewezen' }).getAttribute('href')).resolves.toBe(
      `/cycles/${cycleId}/board/unassigned`
    );
    await expect(unassigned.textContent()).resolves.toMatch(new RegExp(`${board.unassigned.count} vra(ag|gen)`));
    const outOfScope = s.getByTestId('bin-out-of-scope');
    await expect(outOfScope.getByRole('link', { name: 'Buiten scope' }).getAttribute('href')).resolves.toBe(
      `/cycles/${cycleId}/board/out-of-scope`
    );
    await expect(outOfScope.textContent()).resolves.toMatch(new RegExp(`${board.outOfScope.count} vra(ag|gen)`));

    // The charts each come with a table.
    await expect(s.getByTestId('table-sources').locator('tbody tr').count()).resolves.toBe(board.themes.length);
    await expect(s.getByTestId('table-levels').locator('tbody tr').count()).resolves.toBe(board.themes.length);
    const mapTable = s.getByTestId('table-map');
    await expect(mapTable.locator('tbody tr').count()).resolves.toBeGreaterThanOrEqual(board.themes.length);
    await expect(s.getByTestId('question-map').locator('canvas').isVisible()).resolves.toBe(true);
    // A click on a point of the map opens that question on its theme's page: find a point by its colour (the
    // first theme's, #332288) on the canvas and click it.
    const canvas = s.getByTestId('question-map').locator('canvas');
    await canvas.scrollIntoViewIfNeeded();
    await s.waitForTimeout(600);
    const spot = await canvas.evaluate((element) => {
      const c = element as HTMLCanvasElement;
      const pixels = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const ratio = c.width / c.getBoundingClientRect().width;
      for (let i = 0; i < pixels.length; i += 4) {
        if (pixels[i] === 0x33 && pixels[i + 1] === 0x22 && pixels[i + 2] === 0x88) {
          const x = (i / 4) % c.width;
          const y = Math.floor(i / 4 / c.width);
          // The middle of the dot, a few pixels below its top edge.
          return { x: x / ratio, y: y / ratio + 4 };
        }
      }
      return null;
    });
    expect(spot).not.toBeNull();
    await canvas.click({ position: spot! });
    await s.waitForURL(
      (url) => /^\/cycles\/\d+\/board\/(\d+|unassigned)$/.test(url.pathname) && /^#question-\d+$/.test(url.hash)
    );
    await s.goBack();
    await s.getByRole('heading', { level: 1, name: 'Themabord' }).waitFor();

    // The map's table links every theme to its page, as a click on one of its points does.
    await s.getByTestId('question-map').getByText('Toon de cijfers als tabel').click();
    await mapTable.getByRole('link', { name: largest.name, exact: true }).click();
    await s.waitForURL((url) => url.pathname === `/cycles/${cycleId}/board/${largest.id}`);
  });

  it('filters and sorts through the form', async () => {
    const s = await openBoard('staff');
    const [first] = [...board.themes].sort((a, b) => a.name.localeCompare(b.name, 'nl-BE'));
    await s.getByLabel('Sorteer').selectOption('name');
    await s.getByRole('button', { name: 'Toepassen' }).click();
    await s.waitForURL((url) => url.searchParams.get('sort') === 'name');
    await expect(cards(s).first().getByRole('heading', { level: 3 }).textContent()).resolves.toContain(first!.name);

    await s.getByLabel('Zoek in naam of trefwoorden').fill(first!.name);
    await s.getByRole('button', { name: 'Toepassen' }).click();
    await s.waitForURL((url) => url.searchParams.get('q') === first!.name);
    await expect(card(s, first!.name).count()).resolves.toBe(1);
    await s.getByRole('link', { name: 'Alles tonen' }).click();
    await s.waitForURL((url) => url.search === '');
    await expect(cards(s).count()).resolves.toBe(board.themes.length);
  });

  it('merges two themes through the checkboxes and undoes the merge', async () => {
    const s = await openBoard('staff');
    const [a, b] = board.themes;
    await card(s, a!.name).getByRole('checkbox').check();
    await card(s, b!.name).getByRole('checkbox').check();
    await s.getByLabel('Naam van het samengevoegde thema (niet verplicht)').fill('Samengevoegd thema');
    await s.getByRole('button', { name: "2 thema's samenvoegen" }).click();

    await expect.poll(() => cards(s).count()).toBe(board.themes.length - 1);
    await expect(card(s, 'Samengevoegd thema').count()).resolves.toBe(1);
    await expect(card(s, 'Samengevoegd thema').getByTestId('theme-size').textContent()).resolves.toContain(
      `${a!.size + b!.size} vragen`
    );
    const status = s.getByTestId('board-status');
    await expect(status.textContent()).resolves.toContain('Gedaan:');
    await expect(s.getByTestId('history-step').first().textContent()).resolves.toContain('Samengevoegd thema');

    await s.getByTestId('status-undo').click();
    await expect.poll(() => cards(s).count()).toBe(board.themes.length);
    await expect(status.textContent()).resolves.toContain('Ongedaan gemaakt:');
    await expect(card(s, a!.name).count()).resolves.toBe(1);
    await expect(card(s, b!.name).count()).resolves.toBe(1);
    await expect(s.getByTestId('history-step').first().getByTestId('step-undone').count()).resolves.toBe(1);
  });

  it('locks a theme, and shows a stale edit with who changed it', async () => {
    const s = await openBoard('staff');
    const theme = board.themes[2]!;
    const target = card(s, theme.name);
    await target.getByRole('button', { name: `‘${theme.name}’ vergrendeld`, pressed: false }).click();
    await target.getByTestId('badge-locked').waitFor();
    await expect(s.getByTestId('board-status').textContent()).resolves.toContain('Gedaan:');

    // Only the locked theme passes the filter.
    await s.getByLabel('Alleen vergrendelde').check();
    await s.getByRole('button', { name: 'Toepassen' }).click();
    await s.waitForURL((url) => url.searchParams.get('locked') === '1');
    await expect(cards(s).count()).resolves.toBe(1);
    await s.getByRole('link', { name: 'Alles tonen' }).click();
    await s.waitForURL((url) => url.search === '');

    // Someone else marks it overarching meanwhile; this page still holds the old version.
    const fresh = await staff.get<Board>(`/api/cycles/${cycleId}/theme-board`);
    const now = fresh.themes.find((t) => t.id === theme.id)!;
    await staff.send('PATCH', `/api/themes/${theme.id}`, { version: now.version, isOverarching: true });
    await target.getByRole('button', { name: `‘${theme.name}’ vergrendeld`, pressed: true }).click();
    await expect
      .poll(() => s.getByTestId('board-status').textContent())
      .toContain(`‘${theme.name}’ werd intussen gewijzigd door`);
    // The fresh board shows the other change, and the theme is still locked.
    await target.getByTestId('badge-overarching').waitFor();
    await expect(target.getByTestId('badge-locked').count()).resolves.toBe(1);
  });

  it('deletes a theme after confirmation, its questions to "niet toegewezen", and undoes it', async () => {
    const s = await openBoard('staff');
    const theme = [...board.themes].sort((a, b) => a.size - b.size)[0]!;
    const unassigned = s.getByTestId('bin-unassigned');
    const before = (await unassigned.getByTestId('bin-count').textContent())!;
    await card(s, theme.name)
      .getByRole('button', { name: `‘${theme.name}’ verwijderen` })
      .click();
    await s.getByRole('dialog').getByRole('button', { name: 'Ja, verwijderen' }).click();
    await expect.poll(() => cards(s).count()).toBe(board.themes.length - 1);
    await expect(unassigned.getByTestId('bin-count').textContent()).resolves.toContain(
      `${Number.parseInt(before, 10) + theme.size} vragen`
    );
    await expect(s.getByTestId('board-status').textContent()).resolves.toContain('Gedaan:');
    await s.getByTestId('status-undo').click();
    await expect.poll(() => cards(s).count()).toBe(board.themes.length);
    await expect(unassigned.getByTestId('bin-count').textContent()).resolves.toBe(before);
  });

  it('refuses to merge a theme that a rating round includes, and says why', async () => {
    const s = await openBoard('staff');
    // Undoing earlier steps may have given themes new ids: take them as they are now.
    const [a, b] = (await staff.get<Board>(`/api/cycles/${cycleId}/theme-board`)).themes;
    const committees = await staff.get<{ id: number }[]>(`/api/cycles/${cycleId}/committees`);
    // The round is made after the page was loaded: the page still offers the merge.
    await staff.send('POST', `/api/cycles/${cycleId}/rounds`, {
      name: 'Prioritering (themabord e2e)',
      themeIds: [a!.id],
      committeeIds: committees.map((committee) => committee.id)
    });
    await card(s, a!.name).getByRole('checkbox').check();
    await card(s, b!.name).getByRole('checkbox').check();
    await s.getByRole('button', { name: "2 thema's samenvoegen" }).click();
    await expect
      .poll(() => s.getByTestId('board-status').textContent())
      .toContain(`‘${a!.name}’ zit al in een beoordelingsronde`);
    await expect(cards(s).count()).resolves.toBe(board.themes.length);
    // The fresh board marks the theme, and it can no longer be picked or deleted.
    await card(s, a!.name).getByTestId('badge-round').waitFor();
    await expect(card(s, a!.name).getByRole('checkbox').isDisabled()).resolves.toBe(true);
    await expect(
      card(s, a!.name)
        .getByRole('button', { name: `‘${a!.name}’ verwijderen` })
        .count()
    ).resolves.toBe(0);
  });

  it('refuses to delete a theme that a rating round includes, and says why', async () => {
    const s = await openBoard('staff');
    const themes = (await staff.get<Board>(`/api/cycles/${cycleId}/theme-board`)).themes;
    const theme = themes.find((t) => !t.inRound)!;
    // As above, the round comes after the page was loaded: the page still offers the delete.
    await staff.send('POST', `/api/cycles/${cycleId}/rounds`, {
      name: 'Prioritering (verwijderen e2e)',
      themeIds: [theme.id]
    });
    await card(s, theme.name)
      .getByRole('button', { name: `‘${theme.name}’ verwijderen` })
      .click();
    await s.getByRole('dialog').getByRole('button', { name: 'Ja, verwijderen' }).click();
    await expect
      .poll(() => s.getByTestId('board-status').textContent())
      .toContain(`‘${theme.name}’ zit al in een beoordelingsronde`);
    await expect(cards(s).count()).resolves.toBe(themes.length);
    await card(s, theme.name).getByTestId('badge-round').waitFor();
    await expect(
      card(s, theme.name)
        .getByRole('button', { name: `‘${theme.name}’ verwijderen` })
        .count()
    ).resolves.toBe(0);
  });

  it('fits a phone', async () => {
    const s = await openBoard('staff', PHONE);
    await expect(overflowingElements(s)).resolves.toEqual([]);
    await screenshot(s, 'board-360');
  });

  it('shows the director the board without the actions', async () => {
    const d = await openBoard('director');
    await expect(cards(d).count()).resolves.toBe(board.themes.length);
    await expect(cards(d).getByRole('checkbox').count()).resolves.toBe(0);
    await expect(d.getByTestId('merge-form').count()).resolves.toBe(0);
    await expect(d.getByRole('button', { name: /vergrendeld|Verwijderen|Ongedaan maken/ }).count()).resolves.toBe(0);
    await d.getByTestId('bin-unassigned').waitFor();
    await expect(d.getByTestId('history-step').count()).resolves.toBeGreaterThan(0);
  });
});
