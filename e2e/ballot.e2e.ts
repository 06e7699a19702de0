import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, overflowingElements, screenshot, Sessions } from './browser';
import { type Api, apiAs, type OwnServer, startServer } from './own-server';

/**
 * What a committee member does in a round: declare interests, rate on a phone, submit; Delphi; feedback rounds.
 *
 * The rounds made here lock the demo cycle's themes and fill the members' lists, which the foundation journey
 * expects empty. So this file starts a server of its own, on a fresh embedded database with the demo data, next to
 * the one the global setup started (it uses the same build).
 */

const PHONE = { width: 360, height: 740 };

describe.sequential('a committee member at work', () => {
  let server: OwnServer;
  let browser: Browser;
  let staff: Api;
  let sessions: Sessions;
  let cycleId: number;
  let themes: { id: number; name: string }[];
  let committees: { scientific: number; user: number };

  const open = (user: string, viewport = PHONE): Promise<Page> => sessions.open(user, viewport);

  async function createRound(body: Record<string, unknown>): Promise<{ id: number; name: string }> {
    return staff.send('POST', `/api/cycles/${cycleId}/rounds`, { status: 'open', ...body });
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    sessions = new Sessions(browser, server.baseURL);
    staff = await apiAs(server.baseURL, 'staff');
    cycleId = (await staff.get<{ id: number }[]>('/api/cycles'))[0]!.id;
    themes = (await staff.get<{ id: number; name: string }[]>(`/api/cycles/${cycleId}/themes`))
      .slice(0, 3)
      .sort((a, b) => a.name.localeCompare(b.name, 'nl'));
    const list = await staff.get<{ id: number; kind: 'scientific' | 'user' }[]>(`/api/cycles/${cycleId}/committees`);
    committees = {
      scientific: list.find((c) => c.kind === 'scientific')!.id,
      user: list.find((c) => c.kind === 'user')!.id
    };
  }, 120_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await screenshot(sessions?.page, `ballot-${context.task.name}`);
    await sessions?.close();
  });

  afterAll(async () => {
    await staff?.dispose();
    await browser?.close();
    await server?.stop();
  });

  it('declares a conflict, rates every other theme on a phone (one "weet ik niet", a comment), and submits', async () => {
    const round = await createRound({
      name: 'Prioritering (ballot e2e)',
      criteria: [
        { name: 'Relevantie voor de klaspraktijk', description: 'Helpt het leraren in de klas?' },
        { name: 'Urgentie', description: 'Hoe dringend is kennis nodig?' }
      ],
      themeIds: themes.map((theme) => theme.id),
      committeeIds: [committees.user]
    });
    const [first, conflicted, last] = themes as [(typeof themes)[0], (typeof themes)[0], (typeof themes)[0]];
    const p = await open('gebruiker1');
    await p.getByRole('link', { name: `Beoordelen: ${round.name}` }).click();
    await p.getByRole('heading', { level: 1, name: round.name }).waitFor();
    await expect(p.getByTestId('locked').isVisible()).resolves.toBe(true);
    await expect(p.getByTestId('theme').count()).resolves.toBe(0);

    // The declaration: a conflict on one theme, with a short description.
    await p.getByRole('radio', { name: 'Ja, ik heb belangen te melden' }).check();
    await p.getByRole('button', { name: 'Verklaring bewaren' }).click();
    await expect(p.getByText('Vink een algemeen belang of minstens één thema aan').isVisible()).resolves.toBe(true);
    await p.getByRole('checkbox', { name: `Belangenconflict bij ‘${conflicted.name}’` }).check();
    await p.getByRole('button', { name: 'Verklaring bewaren' }).click();
    const description = p.getByLabel(`Beschrijf kort je belangenconflict bij ‘${conflicted.name}’`);
    await expect(description.getAttribute('aria-invalid')).resolves.toBe('true');
    await description.fill('Ik schreef mee aan een methode hierover.');
    await p.getByRole('button', { name: 'Verklaring bewaren' }).click();
    await p.getByRole('status').filter({ hasText: 'Je verklaring is bewaard.' }).waitFor();
    await expect(p.getByTestId('declaration-summary').textContent()).resolves.toContain(
      `Belangenconflict bij ‘${conflicted.name}’: Ik schreef mee aan een methode hierover.`
    );

    // The conflicted theme is shown, disabled, with the reason; the others count towards progress.
    const region = (name: string) => p.getByRole('region', { name, exact: true });
    await expect(region(conflicted.name).getByTestId('conflict').textContent()).resolves.toContain(
      'Je gaf een belangenconflict aan: Ik schreef mee aan een methode hierover.'
    );
    for (const radio of await region(conflicted.name).getByRole('radio').all()) {
      await expect(radio.isDisabled()).resolves.toBe(true);
    }
    await expect(
      region(conflicted.name).getByLabel('Opmerking bij dit thema (niet verplicht)').isDisabled()
    ).resolves.toBe(true);
    await expect(p.getByTestId('progress').textContent()).resolves.toContain("0 van 2 thema's beoordeeld");
    // Every theme shows its example questions.
    await expect(
      region(first.name)
        .getByText(/^\d voorbeeldvra(ag|gen)$/)
        .isVisible()
    ).resolves.toBe(true);
    await expect(region(first.name).locator('details li').count()).resolves.toBeGreaterThanOrEqual(1);

    // The first theme by keyboard: 4 on relevance, "weet ik niet" on urgency, and a comment.
    const relevance = region(first.name).getByRole('group', { name: 'Relevantie voor de klaspraktijk' });
    await relevance.getByRole('radio', { name: /^1\b/ }).focus();
    await p.keyboard.press('Space');
    for (let step = 1; step < 4; step++) await p.keyboard.press('ArrowRight');
    await region(first.name).getByRole('status').filter({ hasText: 'Opgeslagen' }).waitFor();
    await expect(relevance.getByRole('radio', { name: '4', exact: true }).isChecked()).resolves.toBe(true);
    const urgency = region(first.name).getByRole('group', { name: 'Urgentie' });
    await urgency.getByRole('radio', { name: 'Weet ik niet' }).check();
    await region(first.name)
      .getByLabel('Opmerking bij dit thema (niet verplicht)')
      .fill('Vooral voor het lager onderwijs.');
    await p.keyboard.press('Tab');
    await expect.poll(() => region(first.name).getByRole('status').textContent()).toContain('Opgeslagen');
    await expect(p.getByTestId('progress').textContent()).resolves.toContain("1 van 2 thema's beoordeeld");

    // The last theme with taps.
    await region(last.name)
      .getByRole('group', { name: 'Relevantie voor de klaspraktijk' })
      .getByRole('radio', { name: /^5\b/ })
      .check();
    await region(last.name)
      .getByRole('group', { name: 'Urgentie' })
      .getByRole('radio', { name: '2', exact: true })
      .check();
    await expect.poll(() => p.getByTestId('progress').textContent()).toContain("2 van 2 thema's beoordeeld");
    await expect(overflowingElements(p)).resolves.toEqual([]);
    await screenshot(p, 'ballot-conflict-360');

    // The final submit, after confirming; then the answers stay as stored.
    await p.getByRole('button', { name: 'Beoordeling indienen' }).click();
    await expect(p.getByRole('dialog').textContent()).resolves.toContain('Je kunt ze daarna nog wijzigen');
    await p.getByRole('dialog').getByRole('button', { name: 'Ja, dien in' }).click();
    await expect(p.getByTestId('submitted').textContent()).resolves.toMatch(/^Ingediend op /);
    await p.reload();
    await expect(p.getByTestId('submitted').textContent()).resolves.toMatch(/^Ingediend op /);
    await expect(relevance.getByRole('radio', { name: '4', exact: true }).isChecked()).resolves.toBe(true);
    await expect(urgency.getByRole('radio', { name: 'Weet ik niet' }).isChecked()).resolves.toBe(true);
    await expect(region(first.name).getByLabel('Opmerking bij dit thema (niet verplicht)').inputValue()).resolves.toBe(
      'Vooral voor het lager onderwijs.'
    );
    // The list of rounds says so too.
    await p.goto('/committee');
    await expect(p.getByTestId('member-round').filter({ hasText: round.name }).textContent()).resolves.toContain(
      'Ingediend op'
    );

    // Staff see the declaration.
    const s = await open('staff', { width: 1280, height: 900 });
    await s.goto(`/cycles/${cycleId}/rounds/${round.id}/conflicts`);
    await s.getByRole('heading', { level: 1, name: `Belangenverklaringen: ${round.name}` }).waitFor();
    const row = s.getByTestId('declarations').getByRole('row', { name: /Katrien Peirsman/ });
    await expect(row.textContent()).resolves.toContain('Gebruikerscommissie');
    await expect(row.textContent()).resolves.toContain('conflict bij thema');
    await expect(row.textContent()).resolves.toContain(conflicted.name);
    await expect(row.textContent()).resolves.toContain('Ik schreef mee aan een methode hierover.');
    await expect(s.getByTestId('undeclared').getByRole('listitem').count()).resolves.toBe(5);
  });

  it('shows the round-1 median and IQR in a Delphi round 2, and asks a reason for a changed score', async () => {
    const criteria = [{ name: 'Prioriteit', description: 'Hoe dringend is kennis over dit thema nodig?' }];
    const [theme] = themes as [(typeof themes)[0]];
    const first = await createRound({
      name: 'Delphi ronde 1 (e2e)',
      criteria,
      themeIds: [theme.id],
      committeeIds: [committees.scientific]
    });
    // Four scientists score round 1: 2, 3, 4 and 5.
    for (const [i, value] of [2, 3, 4, 5].entries()) {
      const member = await apiAs(server.baseURL, `wetenschap${i + 1}`);
      await member.send('PUT', `/api/rounds/${first.id}/declaration`, { none: true, themes: [] });
      await member.send('PUT', `/api/rounds/${first.id}/scores`, { themeId: theme.id, value });
      await member.dispose();
    }
    await staff.send('POST', `/api/rounds/${first.id}/close`);
    const second = await createRound({
      name: 'Delphi ronde 2 (e2e)',
      criteria,
      themeIds: [theme.id],
      committeeIds: [committees.scientific],
      previousRoundId: first.id
    });

    const p = await open('wetenschap1');
    await p.goto(`/committee/rounds/${second.id}`);
    await p.getByRole('heading', { level: 1, name: second.name }).waitFor();
    await expect(p.getByText(`Deze ronde volgt op ‘${first.name}’`).isVisible()).resolves.toBe(true);
    await p.getByRole('radio', { name: 'Nee, ik heb geen belangen te melden' }).check();
    await p.getByRole('button', { name: 'Verklaring bewaren' }).click();
    await p.getByRole('status').filter({ hasText: 'Je verklaring is bewaard.' }).waitFor();

    const region = p.getByRole('region', { name: theme.name, exact: true });
    const delphi = region.getByTestId('delphi');
    // Type-7 quartiles of 2, 3, 4, 5: 2,75, 3,5 and 4,25.
    await expect(delphi.textContent()).resolves.toContain(`In ‘${first.name}’ gaf je 2.`);
    await expect(delphi.textContent()).resolves.toContain('De groep (4 scores): mediaan 3,5, interkwartielafstand 1,5');
    await expect(delphi.textContent()).resolves.toContain('tussen 2,75 en 4,25');
    await expect(overflowingElements(p)).resolves.toEqual([]);

    // The same score needs no reason; another one waits for it.
    await region.getByRole('radio', { name: /^2\b/ }).check();
    await region.getByRole('status').filter({ hasText: 'Opgeslagen' }).waitFor();
    await region.getByRole('radio', { name: '4', exact: true }).check();
    const reason = region.getByLabel('Waarom pas je je score aan? (verplicht)');
    await reason.waitFor();
    await expect(region.getByRole('status').textContent()).resolves.toContain(
      'Nog niet bewaard: geef kort aan waarom je je score aanpast.'
    );
    await screenshot(p, 'ballot-delphi-360');
    await reason.fill('De groep wees op de vele vragen uit het lager onderwijs.');
    await region.getByRole('button', { name: 'Score en reden bewaren' }).click();
    await region.getByRole('status').filter({ hasText: 'Opgeslagen' }).waitFor();

    await p.reload();
    await expect(region.getByRole('radio', { name: '4', exact: true }).isChecked()).resolves.toBe(true);
    await expect(region.getByLabel('Waarom pas je je score aan? (verplicht)').inputValue()).resolves.toBe(
      'De groep wees op de vele vragen uit het lager onderwijs.'
    );
  });

  it('gives feedback per theme in a feedback round; staff read it and mark it handled', async () => {
    const [theme] = themes as [(typeof themes)[0]];
    const round = await createRound({
      name: 'Concretisering (e2e)',
      kind: 'feedback',
      themeIds: themes.map((t) => t.id),
      committeeIds: [committees.user]
    });
    const p = await open('gebruiker2');
    await p.getByRole('link', { name: `Feedback geven: ${round.name}` }).click();
    await p.getByRole('heading', { level: 1, name: round.name }).waitFor();
    const region = p.getByRole('region', { name: theme.name, exact: true });
    await region.getByLabel('Soort feedback').selectOption({ label: 'Hiaten' });
    await region.getByLabel('Je feedback').fill('Het thema mist de eerste graad secundair.');
    await region.getByRole('button', { name: 'Toevoegen' }).click();
    await region.getByRole('status').filter({ hasText: 'Je feedback (‘Hiaten’) is bewaard.' }).waitFor();
    await region.getByLabel('Soort feedback').selectOption({ label: 'Literatuursuggesties' });
    await region.getByLabel('Je feedback').fill('Zie de review van Hattie (2023).');
    await region.getByRole('button', { name: 'Toevoegen' }).click();
    await region.getByRole('status').filter({ hasText: 'Literatuursuggesties' }).waitFor();
    await expect(region.getByTestId('feedback-item').count()).resolves.toBe(2);
    await expect(p.getByTestId('progress').textContent()).resolves.toContain("Feedback gegeven bij 1 van 3 thema's");
    // Deleting asks first.
    await region.getByRole('button', { name: /^Verwijderen: Zie de review/ }).click();
    await p.getByRole('dialog').getByRole('button', { name: 'Ja, verwijder' }).click();
    await region.getByRole('status').filter({ hasText: 'Je feedback is verwijderd.' }).waitFor();
    await expect(region.getByTestId('feedback-item').count()).resolves.toBe(1);
    await expect(overflowingElements(p)).resolves.toEqual([]);

    const s = await open('staff', PHONE);
    await s.goto(`/cycles/${cycleId}/rounds/${round.id}/feedback`);
    await s.getByRole('heading', { level: 1, name: `Feedback: ${round.name}` }).waitFor();
    await expect(s.getByTestId('feedback-summary').textContent()).resolves.toContain(
      '1 feedbackpunt, waarvan 1 nog te verwerken'
    );
    const staffRegion = s.getByRole('region', { name: theme.name, exact: true });
    await expect(staffRegion.textContent()).resolves.toContain('Hiaten: 1');
    await expect(staffRegion.getByTestId('staff-feedback-item').textContent()).resolves.toContain('Dries Verstraeten');
    await staffRegion.getByRole('button', { name: /^Markeer als verwerkt: Het thema mist/ }).click();
    await s.getByRole('status').filter({ hasText: 'Gemarkeerd als verwerkt' }).waitFor();
    await expect(staffRegion.getByTestId('staff-feedback-item').textContent()).resolves.toContain('verwerkt door');
    await s.getByRole('checkbox', { name: 'Toon alleen wat nog niet verwerkt is' }).check();
    await expect(staffRegion.getByTestId('staff-feedback-item').count()).resolves.toBe(0);
    await expect(staffRegion.textContent()).resolves.toContain('Alle feedback bij dit thema is verwerkt.');
    await expect(overflowingElements(s)).resolves.toEqual([]);
  });

  it('ranks a top 2 by keyboard alone in a ranking round', async () => {
    const [a, b, c] = themes as [(typeof themes)[0], (typeof themes)[0], (typeof themes)[0]];
    const round = await createRound({
      name: 'Top 2 (e2e)',
      scaleKind: 'ranking',
      rankTopN: 2,
      themeIds: themes.map((t) => t.id),
      committeeIds: [committees.user]
    });
    const p = await open('gebruiker3');
    await p.goto(`/committee/rounds/${round.id}`);
    await p.getByRole('heading', { level: 1, name: round.name }).waitFor();
    await p.getByRole('radio', { name: 'Nee, ik heb geen belangen te melden' }).check();
    await p.getByRole('button', { name: 'Verklaring bewaren' }).click();
    await p.getByRole('status').filter({ hasText: 'Je verklaring is bewaard.' }).waitFor();

    const top = p.getByTestId('ranking');
    await p.getByRole('button', { name: `Zet in je top 2: ${a.name}` }).focus();
    await p.keyboard.press('Enter');
    await p.getByRole('button', { name: `Zet in je top 2: ${b.name}` }).focus();
    await p.keyboard.press('Enter');
    await top.getByRole('status').filter({ hasText: 'Opgeslagen' }).waitFor();
    await expect(top.getByTestId('ranked').allTextContents()).resolves.toEqual([
      expect.stringContaining(a.name),
      expect.stringContaining(b.name)
    ]);
    // The top is full: the third theme waits; moving up keeps the focus on the moved theme.
    await expect(p.getByRole('button', { name: `Zet in je top 2: ${c.name}` }).isDisabled()).resolves.toBe(true);
    await top.getByRole('button', { name: `Hoger: ${b.name}` }).focus();
    await p.keyboard.press('Enter');
    await expect(top.getByText(`‘${b.name}’ staat nu op plaats 1 van 2.`).count()).resolves.toBe(1);
    await expect
      .poll(() => p.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe(`Lager: ${b.name}`);
    await top.getByRole('status').filter({ hasText: 'Opgeslagen' }).waitFor();
    await expect(p.getByTestId('progress').textContent()).resolves.toContain('2 van 2 plaatsen ingevuld');
    await expect(overflowingElements(p)).resolves.toEqual([]);

    await p.reload();
    await expect(p.getByTestId('ranking').getByTestId('ranked').allTextContents()).resolves.toEqual([
      expect.stringContaining(b.name),
      expect.stringContaining(a.name)
    ]);
  });
});
