import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser, login, logout, newSession, overflowingElements, screenshot, type Session } from './browser';

const ROUND = 'Twee criteria op 1–9 (rounds.e2e)';
const FOLLOW_UP = 'Vervolgronde (rounds.e2e)';

/** A week ahead at 17:00, as a datetime-local field takes it. */
function nextWeek(): string {
  const day = new Date(Date.now() + 7 * 86_400_000);
  return `${day.toISOString().slice(0, 10)}T17:00`;
}

/**
 * Removes, through the API, the rounds this file made: nobody answered in them, so they can go, and the other
 * browser tests (the journey groups the demo questions again) find the demo cycle as it was.
 */
async function removeOwnRounds(page: Page): Promise<void> {
  const me = (await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string | null };
  if (!me.csrfToken) return;
  const cycles = (await (await page.request.get('/api/cycles')).json()) as { id: number }[];
  for (const cycle of cycles) {
    const rounds = (await (await page.request.get(`/api/cycles/${cycle.id}/rounds`)).json()) as {
      id: number;
      name: string;
    }[];
    // Newest first: a follow-up goes before the round it follows.
    for (const round of rounds.filter((r) => r.name === ROUND || r.name === FOLLOW_UP)) {
      await page.request.delete(`/api/rounds/${round.id}`, { headers: { 'x-csrf-token': me.csrfToken } });
    }
  }
}

describe.sequential('staff set up and follow a rating round', () => {
  let browser: Browser;
  let session: Session | undefined;
  let page: Page;
  let roundsUrl = '';
  let roundUrl = '';
  let themeCount = 0;
  let broken = false;

  async function start(user: string, viewport?: { width: number; height: number }) {
    await session?.context.close();
    session = await newSession(browser, { viewport });
    page = session.page;
    await login(page, user);
  }

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await start('staff').catch(() => undefined);
    await removeOwnRounds(page).catch(() => undefined);
    await session?.context.close();
    await browser?.close();
  });

  beforeEach((context) => {
    if (broken) context.skip();
  });

  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return;
    broken = true;
    await screenshot(page, `rounds-${context.task.name}`);
  });

  it('staff set up a round with two weighted criteria on a 1–9 scale and open it', async () => {
    await start('staff');
    const cycles = (await (await page.request.get('/api/cycles')).json()) as { id: number }[];
    roundsUrl = `/cycles/${cycles[0]!.id}/rounds`;
    await page.goto(roundsUrl);
    await page.getByRole('link', { name: 'Nieuwe ronde opzetten' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nieuwe ronde opzetten' }).waitFor();

    themeCount = Number(/van de (\d+) thema/.exec((await page.getByTestId('themes-chosen').textContent()) ?? '')?.[1]);
    expect(themeCount).toBeGreaterThan(1);
    await page.getByLabel('Naam van de ronde').fill(ROUND);
    await page.getByRole('radio', { name: /^Score van 1 .* tot 9/ }).check();

    // Keep two of the six presets: remove the last four, then give urgency twice the weight and put it first.
    const criteria = page.getByTestId('criteria').locator(':scope > li');
    await expect(criteria.count()).resolves.toBe(6);
    for (let left = 6; left > 2; left--) {
      await page
        .getByRole('button', { name: /^Criterium .* verwijderen$/ })
        .last()
        .click();
      await expect.poll(() => criteria.count()).toBe(left - 1);
    }
    const urgency = criteria.nth(1);
    await expect(urgency.getByLabel('Naam').inputValue()).resolves.toBe('Urgentie');
    await urgency.getByLabel('Gewicht').fill('2');
    await expect(urgency.textContent()).resolves.toMatch(/67\s?% van het totaal/);
    await page.getByRole('button', { name: 'Urgentie één plaats hoger zetten' }).click();
    await expect(criteria.first().getByLabel('Naam').inputValue()).resolves.toBe('Urgentie');
    // The focus follows the criterion that moved.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Urgentie één plaats lager zetten');

    await page.getByLabel('Geplande sluiting').fill(nextWeek());
    await expect(page.getByRole('checkbox', { name: 'Blind beoordelen (aanbevolen)' }).isChecked()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Ronde openen' }).click();

    await page.waitForURL(/\/rounds\/\d+\?saved=opened$/);
    roundUrl = new URL(page.url()).pathname;
    await page
      .getByRole('status')
      .filter({ hasText: `Ronde ‘${ROUND}’ is geopend.` })
      .waitFor();
    await expect(page.getByTestId('round-status').textContent()).resolves.toBe('open');
    const rows = page.getByTestId('criteria').locator('tbody tr');
    await expect(rows.allTextContents()).resolves.toEqual([
      expect.stringMatching(/^Urgentie.*2$/),
      expect.stringMatching(/^Relevantie voor de klaspraktijk.*1$/)
    ]);
    await expect(page.getByRole('region', { name: 'Opzet' }).textContent()).resolves.toContain('schaal 1 tot 9');
  });

  it('staff see the progress per committee and per member, who has not submitted, and download the scores', async () => {
    const committees = page.getByTestId('committee-progress');
    await expect(committees.locator('tbody tr').allTextContents()).resolves.toEqual([
      expect.stringMatching(/^Wetenschappelijke commissie\s*0\s*0\s*5\s*5$/),
      expect.stringMatching(/^Gebruikerscommissie\s*0\s*0\s*6\s*6$/)
    ]);
    await expect(
      page
        .getByRole('img', { name: /Gestapeld staafdiagram/ })
        .locator('canvas')
        .count()
    ).resolves.toBe(1);

    const waiting = page.getByRole('region', { name: 'Nog niet ingediend' });
    await expect(waiting.textContent()).resolves.toContain('11 van de 11 leden hebben nog niet ingediend');
    await expect(waiting.getByRole('listitem').count()).resolves.toBe(11);
    await expect(waiting.getByRole('listitem').filter({ hasText: 'Katrien Peirsman' }).textContent()).resolves.toMatch(
      new RegExp(`Gebruikerscommissie\\s+—\\s+0 van ${themeCount} thema's beoordeeld`)
    );
    const members = page.getByTestId('member-progress');
    await expect(members.locator('tbody tr').count()).resolves.toBe(11);
    await expect(members.getByRole('row', { name: /Annelies Vermeersch/ }).textContent()).resolves.toMatch(
      /Wetenschappelijke commissie.*nee.*nog niets/
    );

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download alle scores (CSV)' }).click()
    ]);
    expect(download.suggestedFilename()).toMatch(/^scores-ronde-\d+\.csv$/);
    const csv = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '').trim();
    // Nobody has scored yet: the header alone.
    expect(csv).toBe(
      'round_id,round,committee,member_id,member,theme_id,theme,criterion,value,dont_know,reason,updated_at'
    );

    // The page reads on a phone: the tables scroll sideways, the chart follows the width.
    await page.setViewportSize({ width: 360, height: 740 });
    await expect.poll(() => overflowingElements(page), { timeout: 15_000 }).toEqual([]);
    await screenshot(page, 'round-monitor-360');
    await logout(page);
  });

  it('the director reads the round page but cannot change it or download raw scores', async () => {
    await start('director');
    await page.goto(roundUrl);
    await page.getByRole('heading', { level: 1, name: ROUND }).waitFor();
    await expect(page.getByTestId('member-progress').locator('tbody tr').count()).resolves.toBe(11);
    await expect(page.getByRole('button', { name: 'Sluit ronde' }).count()).resolves.toBe(0);
    await expect(page.getByRole('link', { name: 'Download alle scores (CSV)' }).count()).resolves.toBe(0);
    await logout(page);
  });

  it('staff close the round and set up a follow-up that copies its scale and criteria, as a draft', async () => {
    await start('staff');
    await page.goto(roundUrl);
    await page.getByRole('button', { name: 'Sluit ronde' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Ja, sluit de ronde' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Ronde ‘${ROUND}’ is afgesloten.` })
      .waitFor();

    await page.goto(`${roundsUrl}/new`);
    await page.getByLabel('Vervolg op').selectOption({ label: ROUND });
    await expect
      .poll(() => page.getByTestId('delphi-status').textContent())
      .toContain('Geen enkel thema had consensus in die ronde');
    await expect(page.getByRole('radio', { name: /^Score van 1 .* tot 9/ }).isChecked()).resolves.toBe(true);
    await expect(page.getByRole('radio', { name: /^Score van 1 .* tot 5/ }).isDisabled()).resolves.toBe(true);
    const criteria = page.getByTestId('criteria').locator(':scope > li');
    await expect(criteria.count()).resolves.toBe(2);
    await expect(criteria.first().getByLabel('Naam').inputValue()).resolves.toBe('Urgentie');
    await expect(criteria.first().getByLabel('Gewicht').inputValue()).resolves.toBe('2');
    // Nobody scored in the earlier round: no theme reached consensus, all stay in.
    const choices = page.getByTestId('theme-choices').getByRole('listitem');
    await expect(choices.filter({ hasText: 'geen consensus' }).count()).resolves.toBe(themeCount);
    await expect(page.getByTestId('themes-chosen').textContent()).resolves.toBe(
      `${themeCount} van de ${themeCount} thema's worden beoordeeld.`
    );

    // The form works on a phone too.
    await page.setViewportSize({ width: 360, height: 740 });
    await expect.poll(() => overflowingElements(page), { timeout: 15_000 }).toEqual([]);
    await screenshot(page, 'round-form-360');

    await page.getByLabel('Naam van de ronde').fill(FOLLOW_UP);
    await page.getByRole('button', { name: 'Bewaar als ontwerp' }).click();
    await page.waitForURL(/\/rounds\/\d+\?saved=draft$/);
    await expect(page.getByTestId('round-status').textContent()).resolves.toBe('in voorbereiding');
    await expect(page.getByRole('region', { name: 'Opzet' }).textContent()).resolves.toContain(ROUND);

    // The draft can still change: the form reopens with what was saved, and the earlier round's figures.
    await page.getByRole('link', { name: 'Ontwerp bewerken' }).click();
    await page.getByRole('heading', { level: 1, name: `Ontwerp bewerken: ${FOLLOW_UP}` }).waitFor();
    await expect(page.getByLabel('Vervolg op').locator('option:checked').textContent()).resolves.toBe(ROUND);
    await expect(page.getByTestId('criteria').locator(':scope > li').count()).resolves.toBe(2);
    await expect.poll(() => page.getByTestId('theme-choices').getByText('geen consensus').count()).toBe(themeCount);
    await page
      .getByLabel('Toelichting voor de leden (niet verplicht)')
      .fill('Bekijk eerst de mediaan van je commissie.');
    await page.getByRole('button', { name: 'Ontwerp bewaren' }).click();
    await page.waitForURL(/\/rounds\/\d+\?saved=draft$/);
    await expect(page.getByRole('region', { name: 'Opzet' }).textContent()).resolves.toContain(
      'Bekijk eerst de mediaan van je commissie.'
    );

    // A draft that is not needed is deleted, after confirming.
    await page.getByRole('button', { name: 'Ontwerp verwijderen' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Ja, verwijder het ontwerp' }).click();
    await page.waitForURL((url) => url.pathname === roundsUrl);
    await page
      .getByRole('status')
      .filter({ hasText: `Ronde ‘${FOLLOW_UP}’ is verwijderd.` })
      .waitFor();

    // Nobody answered in the closed round either: it can go, and the demo cycle is as it was.
    await removeOwnRounds(page);
    await page.reload();
    await expect(page.getByTestId('round').filter({ hasText: '(rounds.e2e)' }).count()).resolves.toBe(0);
    await logout(page);
  });
});
