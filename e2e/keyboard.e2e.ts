import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { account, launchBrowser, newSession, PASSWORD, screenshot, type Session } from './browser';
import { chooseOption, isFocused, tabTo } from './keyboard';
import { type Api, apiAs, type OwnServer, startServer } from './own-server';

/**
 * The three main journeys with the keyboard alone (WCAG 2.1.1): staff import a file and curate a theme, a committee
 * member rates a round, the director approves and publishes the agenda; and anyone's question through the public
 * form. Only Tab, Shift+Tab, Enter, Space, arrows and typed text; no clicks, no fill, no focus() calls. After each
 * action that re-renders, the focus must be on something sensible, never lost to <body>.
 *
 * The round and the publication change the demo cycle for good, so this file runs a server of its own.
 */

const CYCLE = 'Kennisagenda 2024–2027';
const SOURCE = 'Bevraging onderwijsnetten en begeleidingsdiensten';
const FILE = 'toetsenbord.csv';
/** A column of codes and one of questions under a heading the form does not recognise: staff map them. */
const CSV = [
  'code,omschrijving',
  'T1,"Hoe geef ik feedback op schrijfopdrachten zonder dat het me elke week een avond kost?"',
  'T2,"Welke aanpak helpt leerlingen in het eerste jaar secundair om hun planning zelf bij te houden?"',
  ''
].join('\n');

interface Theme {
  id: number;
  name: string;
}

describe.sequential('the main journeys, with the keyboard alone', () => {
  let server: OwnServer;
  let browser: Browser;
  let staff: Api;
  let session: Session | undefined;
  let cycleId: number;
  let themes: Theme[];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer('keyboard'), launchBrowser()]);
    staff = await apiAs(server.baseURL, 'staff');
    cycleId = (await staff.get<{ id: number }[]>('/api/cycles'))[0]!.id;
    themes = (await staff.get<Theme[]>(`/api/cycles/${cycleId}/themes`)).sort((a, b) =>
      a.name.localeCompare(b.name, 'nl')
    );
  }, 120_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await screenshot(session?.page, `keyboard-${context.task.name}`);
    await session?.context.close();
    session = undefined;
  });

  afterAll(async () => {
    await staff?.dispose();
    await browser?.close();
    await server?.stop();
  });

  /** Opens the login page and logs in by typing, Tab and Enter; waits for the landing page. */
  async function login(user: string): Promise<Page> {
    session = await newSession(browser, { baseURL: server.baseURL });
    const { page } = session;
    await page.goto('/login');
    await tabTo(page, { role: 'textbox', name: 'E-mailadres' });
    await page.keyboard.type(account(user));
    await page.keyboard.press('Tab');
    await expect(isFocused(page.getByLabel('Wachtwoord'))).resolves.toBe(true);
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname !== '/login');
    // The layout's buttons are enabled once the page runs its script: from then on every key counts.
    await page.getByRole('button', { name: 'Afmelden' }).and(page.locator(':enabled')).waitFor();
    return page;
  }

  /** Follows a link with Enter and waits for the page it leads to. */
  async function follow(page: Page, link: Locator, heading: string | RegExp): Promise<void> {
    await expect(isFocused(link)).resolves.toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  }

  it('staff import a file, mapping its columns, then move a question and rename a theme and undo both', async () => {
    const page = await login('staff');
    await page.waitForURL('**/cycles');
    await follow(page, await tabTo(page, { role: 'link', name: `Open ${CYCLE}` }), 'Bronnen en import');

    // Step 1: the source with the arrow keys, the file through the file chooser that Space opens.
    const source = await tabTo(page, { role: 'combobox', name: 'Bron' });
    await chooseOption(page, source, SOURCE);
    await tabTo(page, page.getByLabel('Bestand', { exact: true }));
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
    await chooser.setFiles({ name: FILE, mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
    await page.getByText(`Gekozen: ${FILE}`).waitFor();
    await tabTo(page, { role: 'button', name: 'Voorbeeld bekijken' });
    await page.keyboard.press('Enter');
    const step2 = page.getByRole('heading', { level: 3, name: 'Stap 2 van 2: nakijken en importeren' });
    await step2.waitFor();
    await expect.poll(() => isFocused(step2)).toBe(true);

    // Step 2: say what each column holds, then import.
    const roles = page.getByRole('group', { name: 'Wat staat er in elke kolom?' });
    const code = await tabTo(page, roles.getByLabel('code', { exact: true }));
    await chooseOption(page, code, 'Niet importeren');
    const text = await tabTo(page, roles.getByLabel('omschrijving', { exact: true }));
    await chooseOption(page, text, 'Vraagtekst');
    const counts = page.getByTestId('preview-counts');
    await expect.poll(() => counts.textContent()).toContain('2 vragen na het splitsen van cellen');
    // The preview counted again without taking the select away from under the keyboard.
    await expect(isFocused(text)).resolves.toBe(true);
    await tabTo(page, { role: 'button', name: 'Importeren' });
    await page.keyboard.press('Enter');
    const summary = page.getByRole('status').filter({ hasText: `Import van ${FILE} voltooid` });
    await summary.waitFor();
    await expect.poll(() => isFocused(summary.getByRole('heading', { level: 3 }))).toBe(true);
    await expect(page.getByTestId('import-added').textContent()).resolves.toBe('2');

    // Back up to the navigation, to the board, and into the first theme.
    const board = await tabTo(page, { role: 'link', name: 'Themabord' }, { back: true });
    await follow(page, board, 'Themabord');
    const [theme, other] = themes as [Theme, Theme];
    await follow(page, await tabTo(page, { role: 'link', name: theme.name }), theme.name);

    // Move the first question to another theme: its checkbox with Space, the target with the arrow keys.
    const row = page.getByTestId('question-row').first();
    const questionId = await row.getAttribute('data-question-id');
    await tabTo(page, { role: 'checkbox', name: `Vraag ${questionId} selecteren` });
    await page.keyboard.press('Space');
    const target = await tabTo(page, { role: 'combobox', name: 'Verplaatsen naar' });
    await chooseOption(page, target, other.name);
    await tabTo(page, { role: 'button', name: '1 vraag verplaatsen' });
    await page.keyboard.press('Enter');
    const status = page.getByTestId('curation-status');
    await expect.poll(() => status.textContent()).toContain('Gedaan:');
    // The message and its "Ongedaan maken" share a box that takes the focus after each change.
    const feedback = status.locator('xpath=..');
    await expect.poll(() => isFocused(feedback)).toBe(true);
    const moved = page.locator(`#question-${questionId}`);
    await expect.poll(() => moved.count()).toBe(0);

    // "Ongedaan maken" is the next stop after the message that took the focus.
    await page.keyboard.press('Tab');
    await expect(isFocused(page.getByRole('button', { name: 'Ongedaan maken' }))).resolves.toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => status.textContent()).toContain('Ongedaan gemaakt:');
    await expect.poll(() => isFocused(feedback)).toBe(true);
    await expect.poll(() => moved.count()).toBe(1);

    // Rename the theme: the form takes the focus (Annuleren gives it back), Enter saves, the message takes the focus
    // again; then undo.
    const edit = await tabTo(page, { role: 'button', name: 'Naam en beschrijving wijzigen' }, { back: true });
    await page.keyboard.press('Enter');
    const name = page.getByRole('textbox', { name: 'Naam van het thema' });
    await expect.poll(() => isFocused(name)).toBe(true);
    await tabTo(page, page.getByTestId('edit-form').getByRole('button', { name: 'Annuleren' }));
    await page.keyboard.press('Enter');
    await expect.poll(() => isFocused(edit)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => isFocused(name)).toBe(true);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(`${theme.name} (toetsenbord)`);
    await page.keyboard.press('Enter');
    const title = page.getByRole('heading', { level: 1 });
    await expect.poll(() => title.textContent()).toBe(`${theme.name} (toetsenbord)`);
    await expect.poll(() => isFocused(feedback)).toBe(true);
    await tabTo(page, { role: 'button', name: 'Ongedaan maken' });
    await page.keyboard.press('Enter');
    await expect.poll(() => title.textContent()).toBe(theme.name);
    await expect.poll(() => isFocused(feedback)).toBe(true);
    const current = await staff.get<Theme[]>(`/api/cycles/${cycleId}/themes`);
    expect(current.find((t) => t.id === theme.id)?.name).toBe(theme.name);
  });

  it('a committee member declares no conflicts, rates every theme with the arrow keys, comments and submits', async () => {
    const list = await staff.get<{ id: number; kind: string }[]>(`/api/cycles/${cycleId}/committees`);
    const rated = themes.slice(-2);
    const round = await staff.send<{ id: number; name: string }>('POST', `/api/cycles/${cycleId}/rounds`, {
      status: 'open',
      name: 'Prioritering (toetsenbord e2e)',
      criteria: [
        { name: 'Relevantie voor de klaspraktijk', description: 'Helpt het leraren in de klas?' },
        { name: 'Urgentie', description: 'Hoe dringend is kennis nodig?' }
      ],
      themeIds: rated.map((theme) => theme.id),
      committeeIds: [list.find((committee) => committee.kind === 'user')!.id]
    });

    const page = await login('gebruiker1');
    await follow(page, await tabTo(page, { role: 'link', name: `Beoordelen: ${round.name}` }), round.name);

    await tabTo(page, { role: 'radio', name: 'Nee, ik heb geen belangen te melden' });
    await page.keyboard.press('Space');
    await tabTo(page, { role: 'button', name: 'Verklaring bewaren' });
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Je verklaring is bewaard.' }).waitFor();
    await expect.poll(() => isFocused(page.getByRole('heading', { name: 'Jouw verklaring' }))).toBe(true);

    // In each group: Tab lands on the first score, Space takes it, each ArrowRight the next one.
    const scores: [number, number][] = [
      [4, 2],
      [5, 3]
    ];
    for (const [i, theme] of rated.entries()) {
      const region = page.getByRole('region', { name: theme.name, exact: true });
      for (const [c, criterion] of ['Relevantie voor de klaspraktijk', 'Urgentie'].entries()) {
        const group = region.getByRole('group', { name: criterion });
        await tabTo(page, group.getByRole('radio', { name: /^1\b/ }));
        await page.keyboard.press('Space');
        const value = scores[i]![c]!;
        for (let step = 1; step < value; step++) await page.keyboard.press('ArrowRight');
        const radio = group.getByRole('radio', { name: new RegExp(`^${value}\\b`) });
        await expect.poll(() => radio.isChecked()).toBe(true);
        await expect(isFocused(radio)).resolves.toBe(true);
      }
      await region.getByRole('status').filter({ hasText: 'Opgeslagen' }).waitFor();
    }
    const last = page.getByRole('region', { name: rated[1]!.name, exact: true });
    await tabTo(page, last.getByRole('textbox', { name: 'Opmerking bij dit thema (niet verplicht)' }));
    await page.keyboard.type('Vooral voor de eerste graad.');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.getByTestId('progress').textContent()).toContain("2 van 2 thema's beoordeeld");

    // The dialog takes the focus; after submitting, the focus stays in the panel that says so.
    await tabTo(page, { role: 'button', name: 'Beoordeling indienen' });
    await page.keyboard.press('Enter');
    const yes = page.getByRole('dialog').getByRole('button', { name: 'Ja, dien in' });
    await expect.poll(() => isFocused(yes)).toBe(true);
    await page.keyboard.press('Enter');
    const submitted = page.getByTestId('submitted');
    await expect.poll(() => submitted.textContent()).toMatch(/^Ingediend op /);
    await expect.poll(() => isFocused(submitted)).toBe(true);

    const member = await apiAs(server.baseURL, 'gebruiker1');
    const ballot = await member.get<{ themes: { id: number; comment: string | null }[] }>(
      `/api/rounds/${round.id}/ballot`
    );
    await member.dispose();
    expect(ballot.themes.find((theme) => theme.id === rated[1]!.id)?.comment).toBe('Vooral voor de eerste graad.');
  });

  it('the director approves the proposal staff made, publishes it, and finds it on the public agenda', async () => {
    for (const [theme, year] of [
      [themes[0]!, '2024-09-01'],
      [themes[1]!, '2025-09-01']
    ] as const) {
      await staff.send('PUT', `/api/themes/${theme.id}/placement`, { year });
    }
    await staff.send('POST', `/api/cycles/${cycleId}/agenda/proposals`, { note: 'Voorstel (toetsenbord)' });
    const { versions } = await staff.get<{ versions: { number: number | null }[] }>(
      `/api/cycles/${cycleId}/agenda/versions`
    );
    const number = Math.max(0, ...versions.map((v) => v.number ?? 0)) + 1;

    const page = await login('director');
    await page.waitForURL('**/cycles');
    await follow(page, await tabTo(page, { role: 'link', name: `Open ${CYCLE}` }), "Thema's");
    await follow(page, await tabTo(page, { role: 'link', name: 'Publicatie' }), 'Publicatie');

    await tabTo(page, { role: 'textbox', name: 'Opmerking bij de beoordeling (optioneel)' });
    await page.keyboard.type('Akkoord');
    await tabTo(page, { role: 'button', name: 'Goedkeuren' });
    await page.keyboard.press('Enter');
    const approved = page.getByRole('status').filter({ hasText: 'Het voorstel is goedgekeurd.' });
    await approved.waitFor();
    // The message takes the focus: the button pressed made way for "Publiceren".
    const messages = page.locator('[aria-live]').filter({ has: approved });
    await expect.poll(() => isFocused(messages)).toBe(true);

    // The dialog takes the focus, Escape closes it and gives the focus back; a second time, Enter confirms.
    const publish = await tabTo(page, { role: 'button', name: 'Publiceren' });
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('dialog').getByRole('button', { name: `Versie ${number} publiceren` });
    await expect.poll(() => isFocused(confirm)).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => isFocused(publish)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => isFocused(confirm)).toBe(true);
    await page.keyboard.press('Enter');
    const published = page.getByRole('status').filter({ hasText: `Versie ${number} is gepubliceerd.` });
    await published.waitFor();
    await expect.poll(() => isFocused(page.locator('[aria-live]').filter({ has: published }))).toBe(true);

    await follow(
      page,
      await tabTo(page, { role: 'link', name: 'Gepubliceerde agenda' }, { back: true }),
      /kennisagenda/i
    );
    await page
      .getByTestId('agenda-version')
      .filter({ hasText: `Versie ${number}, gepubliceerd op` })
      .waitFor();
    await page.getByRole('heading', { level: 3, name: themes[0]!.name }).waitFor();
  });
  it('anyone asks a question through the public Vraagpunt form', async () => {
    session = await newSession(browser, { baseURL: server.baseURL, viewport: { width: 360, height: 740 } });
    const { page } = session;
    await page.goto('/agenda');
    await page.waitForLoadState('networkidle');
    await follow(page, await tabTo(page, { role: 'link', name: 'Vraag stellen' }), 'Vraagpunt: welke kennis mis je?');
    await page.waitForLoadState('networkidle');
    await tabTo(page, { role: 'textbox', name: 'Je vraag (verplicht)' });
    await page.keyboard.type('Hoe bouw ik rustmomenten in voor leerlingen met autisme?');
    await chooseOption(
      page,
      await tabTo(page, { role: 'combobox', name: 'Onderwijsniveau' }),
      'Buitengewoon onderwijs'
    );
    // The honeypot is skipped: from the last field the next stop is the button.
    await tabTo(page, { role: 'checkbox', name: /Ik geef toestemming/, exact: false });
    await page.keyboard.press('Tab');
    await expect(isFocused(page.getByRole('button', { name: 'Vraag versturen' }))).resolves.toBe(true);
    await page.keyboard.press('Enter');
    const thanks = page.getByRole('heading', { level: 1, name: 'Bedankt, je vraag is goed aangekomen' });
    await thanks.waitFor();
    await expect.poll(() => isFocused(thanks)).toBe(true);
    const inbox = await staff.get<{ items: { text: string; level: string }[] }>(
      `/api/cycles/${cycleId}/submissions?status=new`
    );
    expect(inbox.items).toContainEqual(
      expect.objectContaining({
        text: 'Hoe bouw ik rustmomenten in voor leerlingen met autisme?',
        level: 'buitengewoon'
      })
    );
  });
});
