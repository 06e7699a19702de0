import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, login, newSession, overflowingElements, screenshot, type Session } from './browser';

const COMMITTEE = 'Gebruikerscommissie';
const INVITEE = { name: 'Noor Vermeulen', email: 'noor.vermeulen@e2e.kennisagenda.test' };
const WITHDRAWN = { name: 'Jan Wouters', email: 'jan.wouters@e2e.kennisagenda.test' };
const PASSWORD = 'mijn geheime zin 2025';
const PHONE = { width: 360, height: 740 };

interface Overview {
  id: number;
  name: string;
  members: { userId: number; email: string }[];
  invitations: { id: number; email: string; status: string }[];
}

describe.sequential('committees: staff invite, a new member joins through the link', () => {
  let browser: Browser;
  const sessions: Session[] = [];
  let staff: Page;
  let committeesUrl = '';
  let link = '';

  async function open(viewport?: { width: number; height: number }): Promise<Page> {
    const session = await newSession(browser, { viewport });
    sessions.push(session);
    return session.page;
  }

  /** The committee as the API shows it to staff. */
  async function overview(): Promise<Overview> {
    const cycleId = committeesUrl.split('/')[2];
    const response = await staff.request.get(`/api/cycles/${cycleId}/committees/overview`);
    const all = (await response.json()) as Overview[];
    return all.find((c) => c.name === COMMITTEE)!;
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    staff = await open();
    await login(staff, 'staff');
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      for (const [i, session] of sessions.entries())
        await screenshot(session.page, `committees-${context.task.name}-${i}`);
    }
  });

  // Leave the demo committees as they were for the other browser tests: no new member, no open invitation.
  afterAll(async () => {
    try {
      if (committeesUrl) {
        const committee = await overview();
        const me = (await (await staff.request.get('/api/auth/me')).json()) as { csrfToken: string };
        const headers = { 'x-csrf-token': me.csrfToken };
        for (const member of committee.members.filter((m) => m.email.endsWith('@e2e.kennisagenda.test'))) {
          await staff.request.delete(`/api/committees/${committee.id}/members/${member.userId}`, { headers });
        }
        for (const invitation of committee.invitations.filter((i) => i.status === 'open')) {
          await staff.request.post(`/api/invitations/${invitation.id}/revoke`, { headers });
        }
      }
    } finally {
      for (const session of sessions) await session.context.close();
      await browser?.close();
    }
  });

  it('staff find the committees through the navigation and make an invitation link', async () => {
    await staff
      .getByRole('link', { name: /^Open / })
      .first()
      .click();
    await staff.getByRole('navigation', { name: 'Hoofdnavigatie' }).getByRole('link', { name: 'Commissies' }).click();
    await staff.getByRole('heading', { level: 1, name: 'Commissies' }).waitFor();
    committeesUrl = new URL(staff.url()).pathname;
    expect(committeesUrl).toMatch(/^\/cycles\/\d+\/committees$/);

    const card = staff.getByRole('region', { name: COMMITTEE, exact: true });
    await expect(card.getByText('0 van max. 2').count()).resolves.toBe(1);
    await expect(card.getByText('6 van max. 20').isVisible()).resolves.toBe(true);

    // Mistakes are named beside the field, and nothing is sent.
    await card.getByRole('button', { name: 'Uitnodigingslink maken' }).click();
    await card.getByText('Vul de naam in van wie je uitnodigt.').waitFor();
    await expect(
      card.getByLabel('Naam', { exact: true }).evaluate((el) => el === document.activeElement)
    ).resolves.toBe(true);

    await card.getByLabel('Naam', { exact: true }).fill(INVITEE.name);
    await card.getByLabel('E-mailadres').fill(INVITEE.email);
    await card.getByLabel('Rol in de commissie').selectOption({ label: 'lid' });
    await card.getByRole('button', { name: 'Uitnodigingslink maken' }).click();

    const panel = card.getByTestId('invitation-link');
    await panel.getByRole('heading', { name: `Uitnodigingslink voor ${INVITEE.name}` }).waitFor();
    await expect(panel.textContent()).resolves.toContain(
      `Kopieer de link en bezorg hem aan ${INVITEE.name} (${INVITEE.email})`
    );
    await expect(panel.textContent()).resolves.toContain('De werkbank verstuurt zelf geen e-mails.');
    // The new link has the focus.
    await expect(panel.getByRole('heading').evaluate((el) => el === document.activeElement)).resolves.toBe(true);

    await staff.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await panel.getByRole('button', { name: 'Link kopiëren' }).click();
    await panel.getByRole('status').filter({ hasText: 'De link is gekopieerd.' }).waitFor();
    link = await staff.evaluate(() => navigator.clipboard.readText());
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/uitnodiging\/[\w-]{43}$/);
    await expect(panel.getByLabel('Uitnodigingslink').inputValue()).resolves.toBe(link);

    const row = card.getByTestId('invitation').filter({ hasText: INVITEE.email });
    await expect(row.textContent()).resolves.toContain('open');
    await expect(card.getByText('7 van max. 20').isVisible()).resolves.toBe(true);
    await expect(card.getByText('waarvan 1 uitnodiging nog open').isVisible()).resolves.toBe(true);
    await screenshot(staff, 'committees-desktop');
  });

  it('the invitee opens the link on a phone, sets a password by keyboard and lands on the committee page', async () => {
    const page = await open(PHONE);
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: `Welkom, ${INVITEE.name}` }).waitFor();
    const intro = await page.locator('main').textContent();
    expect(intro).toContain('Je bent uitgenodigd als lid van de gebruikerscommissie voor Kennisagenda 2024–2027.');
    expect(intro).toContain('Kennisagenda 2024–2027');
    expect(intro).toContain('Deze link is geldig tot');
    await expect(page.getByTestId('invitation-email').textContent()).resolves.toBe(INVITEE.email);
    expect(await overflowingElements(page)).toEqual([]);
    await screenshot(page, 'invitation-360');

    // Two different passwords: the form says so and keeps the invitee on the page.
    await page.getByLabel('Wachtwoord', { exact: true }).focus();
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Tab');
    await page.keyboard.type(`${PASSWORD}!`);
    await page.keyboard.press('Enter');
    await page.getByText('De twee wachtwoorden zijn niet gelijk.').waitFor();
    await expect(
      page.getByLabel('Herhaal het wachtwoord').evaluate((el) => el === document.activeElement)
    ).resolves.toBe(true);

    await page.keyboard.press('Backspace');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/committee');
    await page.getByRole('button', { name: 'Afmelden' }).waitFor();
    await expect(page.getByText('Aangemeld als').textContent()).resolves.toContain(INVITEE.name);
    await expect(page.getByRole('heading', { level: 1 }).isVisible()).resolves.toBe(true);
    expect(await overflowingElements(page)).toEqual([]);
  });

  it('a used link and a withdrawn link explain why they no longer work', async () => {
    const page = await open(PHONE);
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'Deze uitnodigingslink werkt niet' }).waitFor();
    await expect(page.getByTestId('invitation-problem').textContent()).resolves.toContain(
      'Deze uitnodigingslink werd al gebruikt'
    );
    await expect(page.getByLabel('Wachtwoord', { exact: true }).count()).resolves.toBe(0);

    // Staff withdraw a second invitation; its link explains that too.
    const card = staff.getByRole('region', { name: COMMITTEE, exact: true });
    await card.getByLabel('Naam', { exact: true }).fill(WITHDRAWN.name);
    await card.getByLabel('E-mailadres').fill(WITHDRAWN.email);
    await card.getByRole('button', { name: 'Uitnodigingslink maken' }).click();
    const panel = card.getByTestId('invitation-link');
    await panel.getByRole('heading', { name: `Uitnodigingslink voor ${WITHDRAWN.name}` }).waitFor();
    const withdrawnLink = await panel.getByLabel('Uitnodigingslink').inputValue();
    await card.getByRole('button', { name: `Uitnodiging van ${WITHDRAWN.name} intrekken` }).click();
    await staff.getByRole('dialog').getByRole('button', { name: 'Ja, intrekken' }).click();
    await card
      .getByRole('status')
      .filter({ hasText: `De uitnodiging van ${WITHDRAWN.name} is ingetrokken.` })
      .waitFor();
    await expect(card.getByTestId('invitation-link').count()).resolves.toBe(0);

    await page.goto(withdrawnLink);
    await page.getByRole('heading', { level: 1, name: 'Deze uitnodigingslink werkt niet' }).waitFor();
    await expect(page.getByTestId('invitation-problem').textContent()).resolves.toContain(
      'Deze uitnodiging werd ingetrokken.'
    );
    await page.goto('/uitnodiging/bestaat-niet');
    await expect(page.getByTestId('invitation-problem').textContent()).resolves.toContain(
      'Deze uitnodigingslink kennen we niet.'
    );
  });

  it('staff see the new member and the invitation accepted; the director only reads', async () => {
    await staff.reload();
    const card = staff.getByRole('region', { name: COMMITTEE, exact: true });
    const members = card.getByRole('table', { name: `Leden van ${COMMITTEE}` });
    await expect(members.getByRole('row').filter({ hasText: INVITEE.email }).textContent()).resolves.toContain(
      INVITEE.name
    );
    await expect(card.getByTestId('invitation').filter({ hasText: INVITEE.email }).textContent()).resolves.toContain(
      'aanvaard'
    );
    await expect(card.getByTestId('invitation').filter({ hasText: WITHDRAWN.email }).textContent()).resolves.toContain(
      'ingetrokken'
    );

    const director = await open(PHONE);
    await login(director, 'director');
    await director.goto(committeesUrl);
    await director.getByRole('heading', { level: 1, name: 'Commissies' }).waitFor();
    await director.getByText(INVITEE.name).first().waitFor();
    await expect(director.getByRole('button', { name: 'Uitnodigingslink maken' }).count()).resolves.toBe(0);
    await expect(director.getByRole('button', { name: 'Commissie maken' }).count()).resolves.toBe(0);
    await expect(director.getByRole('combobox').count()).resolves.toBe(0);
    expect(await overflowingElements(director)).toEqual([]);
    await screenshot(director, 'committees-director-360');
  });

  it('staff remove the new member again after confirming', async () => {
    const card = staff.getByRole('region', { name: COMMITTEE, exact: true });
    await card.getByRole('button', { name: `${INVITEE.name} verwijderen uit ${COMMITTEE}` }).click();
    const dialog = staff.getByRole('dialog');
    await expect(dialog.textContent()).resolves.toContain('Het account blijft bestaan');
    await dialog.getByRole('button', { name: 'Ja, verwijderen' }).click();
    await card
      .getByRole('status')
      .filter({ hasText: `${INVITEE.name} is verwijderd uit ${COMMITTEE}.` })
      .waitFor();
    await expect(
      card
        .getByRole('table', { name: `Leden van ${COMMITTEE}` })
        .getByText(INVITEE.email)
        .count()
    ).resolves.toBe(0);
    expect((await overview()).members.some((m) => m.email === INVITEE.email)).toBe(false);
  });

  it('staff change a committee’s limit, never below its members, and the new-committee form checks its fields', async () => {
    const card = staff.getByRole('region', { name: COMMITTEE, exact: true });
    await card.getByRole('button', { name: `${COMMITTEE} aanpassen` }).click();
    const limit = card.getByLabel('Maximum aantal leden en voorzitters');
    await limit.fill('5');
    await card.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
    await card
      .getByRole('alert')
      .filter({ hasText: 'Er zijn al 6 leden en voorzitters (openstaande uitnodigingen meegeteld).' })
      .waitFor();
    await limit.fill('25');
    await card.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
    await card
      .getByRole('status')
      .filter({ hasText: `${COMMITTEE} is bijgewerkt.` })
      .waitFor();
    await expect(card.getByText('6 van max. 25').isVisible()).resolves.toBe(true);
    // And back, so that the demo stays as it was.
    await card.getByRole('button', { name: `${COMMITTEE} aanpassen` }).click();
    await card.getByLabel('Maximum aantal leden en voorzitters').fill('20');
    await card.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
    await card.getByText('6 van max. 20').waitFor();

    // Both committees exist: the new-committee form does not offer a name already taken, and asks for one.
    const form = staff.getByRole('region', { name: 'Nieuwe commissie' });
    await expect(form.getByLabel('Naam').inputValue()).resolves.toBe('');
    await form.getByRole('button', { name: 'Commissie maken' }).click();
    await form.getByText('Vul een naam in voor de commissie.').waitFor();
    await expect(form.getByLabel('Naam').evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await expect(staff.getByTestId('committee').count()).resolves.toBe(2);
  });
});
