import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, overflowingElements, screenshot, Sessions } from './browser';
import { type Api, apiAs, groupQuestions, type OwnServer, startServer } from './own-server';

/**
 * Staff place the themes on the school years: make a proposal, move a theme by keyboard and another by drag and drop,
 * lower a capacity and see the year flagged, add an "after" dependency the timeline breaks and see it flagged.
 *
 * The timeline changes the demo cycle's placements, so this file runs a server of its own on a fresh database.
 */

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740 };
const Y1 = '2024-09-01';
const Y2 = '2025-09-01';
const Y3 = '2026-09-01';

interface Theme {
  id: number;
  name: string;
  year: string | null;
  isOverarching: boolean;
}
interface Timeline {
  years: { startsOn: string; capacity: number; themes: Theme[] }[];
  unplaced: Theme[];
  overarching: Theme[];
}

describe.sequential('timeline', () => {
  let server: OwnServer;
  let browser: Browser;
  let staff: Api;
  let sessions: Sessions;
  let cycleId: number;

  const year = (p: Page, startsOn: string): Locator =>
    p.locator(`[data-testid="timeline-year"][data-year="${startsOn}"]`);
  /** A theme's card within `scope` (the page, or one school year). */
  const card = (p: Page, name: string, scope: Page | Locator = p): Locator =>
    scope.getByTestId('timeline-card').filter({ has: p.getByRole('heading', { level: 3, name, exact: true }) });
  const fetchTimeline = () => staff.get<Timeline>(`/api/cycles/${cycleId}/timeline`);
  const yearOf = async (themeId: number) => {
    const timeline = await fetchTimeline();
    return timeline.years.find((y) => y.themes.some((th) => th.id === themeId))?.startsOn ?? null;
  };

  async function openTimeline(viewport = DESKTOP): Promise<Page> {
    const p = await sessions.open('staff', viewport);
    await p.goto(`/cycles/${cycleId}/timeline`);
    await p.getByRole('heading', { level: 1, name: 'Tijdlijn' }).waitFor();
    return p;
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer('timeline'), launchBrowser()]);
    sessions = new Sessions(browser, server.baseURL);
    staff = await apiAs(server.baseURL, 'staff');
    cycleId = (await staff.get<{ id: number }[]>('/api/cycles'))[0]!.id;
    await groupQuestions(staff, cycleId);
    for (const startsOn of [Y1, Y2, Y3]) {
      await staff.send('PUT', `/api/cycles/${cycleId}/school-years/${startsOn}`, { capacity: 2 });
    }
  }, 180_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await screenshot(sessions?.page, `timeline-${context.task.name}`);
    await sessions?.close();
  });

  afterAll(async () => {
    await staff?.dispose();
    await browser?.close();
    await server?.stop();
  });

  it('makes a proposal that places the themes in the school years, with a reason each', async () => {
    const p = await openTimeline();
    await expect.poll(() => p.getByTestId('priority-source').textContent()).toContain('afgesloten beoordelingsronde');
    await p.getByRole('button', { name: 'Voorstel maken' }).click();
    // With hand-placed themes not pinned the page asks first (a seeded agenda may have some).
    const confirm = p.getByRole('dialog').getByRole('button', { name: 'Voorstel maken' });
    if (await confirm.isVisible()) await confirm.click();
    await expect.poll(() => p.getByRole('status').textContent()).toContain('Voorstel gemaakt');
    for (const startsOn of [Y1, Y2, Y3]) {
      await expect.poll(() => year(p, startsOn).getByTestId('timeline-card').count()).toBeGreaterThan(0);
      await expect.poll(() => year(p, startsOn).getByTestId('timeline-load').textContent()).toMatch(/\d+ \/ 2/);
    }
    await expect.poll(() => p.getByRole('heading', { level: 2, name: 'Schooljaar 2024–2025' }).count()).toBe(1);
    const reason = await year(p, Y1).getByTestId('timeline-reason').first().textContent();
    expect(reason).toMatch(/Rang \d+|Vastgezet|Met de hand|vroegste schooljaar/);
    expect(await overflowingElements(p)).toEqual([]);
  });

  it('moves a theme by keyboard and another by drag and drop', async () => {
    const timeline = await fetchTimeline();
    const first = timeline.years[0]!.themes[0]!;
    const second = timeline.years[1]!.themes[0]!;
    const p = await openTimeline();

    // Keyboard: the school year select on the card, then "Verplaatsen".
    const select = card(p, first.name, year(p, Y1)).getByLabel('Schooljaar');
    await select.focus();
    await select.selectOption(Y3);
    await p.keyboard.press('Tab');
    await expect.poll(() => p.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Verplaatsen');
    await p.keyboard.press('Enter');
    await expect.poll(() => p.getByRole('status').textContent()).toContain(`‘${first.name}’ staat nu bij 2026–2027`);
    await expect.poll(() => card(p, first.name, year(p, Y3)).count()).toBe(1);
    expect(await yearOf(first.id)).toBe(Y3);
    // The keyboard stays on the moved card, and it is pinned now.
    await expect.poll(() => p.evaluate(() => document.activeElement?.id)).toBe(`timeline-theme-${first.id}-year`);
    await expect
      .poll(() =>
        card(p, first.name, year(p, Y3))
          .getByRole('button', { name: `Vastzetten: ${first.name}` })
          .getAttribute('aria-pressed')
      )
      .toBe('true');

    // Drag and drop: a card of the second year onto the first year.
    await card(p, second.name, year(p, Y2)).dragTo(year(p, Y1).getByRole('heading', { level: 2 }));
    await expect.poll(() => card(p, second.name, year(p, Y1)).count()).toBe(1);
    expect(await yearOf(second.id)).toBe(Y1);
  });

  it('flags a year over capacity after its capacity is lowered', async () => {
    const p = await openTimeline();
    const first = year(p, Y1);
    const count = await first.getByTestId('timeline-card').count();
    expect(count).toBeGreaterThan(0);
    await first.getByLabel('Capaciteit 2024–2025').fill(String(count - 1));
    await first.getByRole('button', { name: 'Capaciteit opslaan' }).click();
    await expect
      .poll(() => p.getByRole('status').textContent())
      .toContain('Meer thema’s dan de capaciteit in 2024–2025');
    await expect
      .poll(() => first.getByTestId('timeline-over').textContent())
      .toContain('1 thema meer dan de capaciteit');
    await expect.poll(() => first.getByTestId('timeline-load').textContent()).toContain(`${count} / ${count - 1}`);
  });

  it('adds an "after" dependency and flags it when the timeline breaks it', async () => {
    const timeline = await fetchTimeline();
    const early = timeline.years[0]!.themes[0]!;
    const late = timeline.years[2]!.themes[0]!;
    const p = await openTimeline();
    // The early theme "comes after" one in the last year: broken.
    await p.getByLabel('Thema', { exact: true }).selectOption(String(early.id));
    await p.getByLabel('komt na …').selectOption(String(late.id));
    await p.getByRole('button', { name: 'Volgorde toevoegen' }).click();
    await expect.poll(() => p.getByRole('status').textContent()).toContain('respecteert die volgorde nog niet');
    const dependency = p.getByTestId('timeline-dependency');
    await expect.poll(() => dependency.textContent()).toContain(`‘${early.name}’ komt na ‘${late.name}’`);
    await expect.poll(() => dependency.textContent()).toContain('niet gerespecteerd');
    await expect
      .poll(() => card(p, early.name).getByTestId('timeline-broken').textContent())
      .toContain(`Staat vóór ‘${late.name}’`);

    // The other way round would close a circle: refused with a clear message.
    await p.getByLabel('Thema', { exact: true }).selectOption(String(late.id));
    await p.getByLabel('komt na …').selectOption(String(early.id));
    await p.getByRole('button', { name: 'Volgorde toevoegen' }).click();
    await expect.poll(() => p.getByRole('status').textContent()).toContain('kan dan niet ook na');

    await dependency.getByRole('button', { name: /Verwijderen/ }).click();
    await expect.poll(() => p.getByTestId('timeline-dependency').count()).toBe(0);
    await expect.poll(() => card(p, early.name).getByTestId('timeline-broken').count()).toBe(0);
  });

  it('stacks the school years on a phone without sideways scrolling', async () => {
    const p = await openTimeline(PHONE);
    await year(p, Y1).waitFor();
    expect(await overflowingElements(p)).toEqual([]);
  });
});
