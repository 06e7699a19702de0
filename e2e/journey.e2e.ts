import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { overflowingElements, launchBrowser, login, logout, newSession, screenshot, type Session } from './browser';

const CYCLE = 'Kennisagenda 2024–2027';
const SOURCE = 'Focusgroepen (9 sessies)';
const ROUND = 'Prioritering najaar (e2e)';

const NEW_QUESTIONS = [
  'Hoe begeleid ik nieuwkomers zonder Nederlands in een gewone klas van het derde leerjaar?',
  'Welke aanpak werkt om schoolverzuim bij jongeren in het deeltijds beroepssecundair terug te dringen?',
  'Hoe zet ik peer tutoring in bij wiskunde in de eerste graad zonder dat sterke leerlingen zich vervelen?',
  'Wat zegt onderzoek over huiswerk in de lagere school: helpt het of vergroot het de ongelijkheid?',
  'Hoe organiseer ik co-teaching met een zorgleerkracht zodat we allebei een echte rol hebben?',
  'Hoe geef ik kleuters met een taalachterstand meer spreekkansen tijdens het vrij spel?'
];

/** Header, six new questions and one row without question text (rejected as row 8). */
const CSV = [
  'vraag,onderwijsniveau,functie',
  ...NEW_QUESTIONS.map((q) => `"${q}",lager,leraar`),
  ',lager,leraar',
  ''
].join('\n');

/** A few themes from a previous cycle, as staff would upload them to seed the grouping. */
const SEED_NAMES = ['Wiskunde', 'Digitalisering', 'Motivatie en welbevinden', 'Taalonderwijs'];
const SEED_CSV = [
  'theme,description',
  'Wiskunde,"Reken- en wiskundeonderwijs: getalbegrip, automatiseren, breuken, vraagstukken, dyscalculie."',
  'Digitalisering,"Inzet en effecten van digitale middelen, AI, schermgebruik, smartphones en mediawijsheid."',
  'Motivatie en welbevinden,"Motivatie, betrokkenheid en mentaal welzijn van leerlingen: faalangst, pesten."',
  'Taalonderwijs,"Lees-, schrijf-, spelling- en woordenschatonderwijs, NT2 en schooltaal in alle vakken."',
  ''
].join('\n');

/** "4,50" → 4.5 */
const parseDutch = (text: string) => Number(text.trim().replace(/\./g, '').replace(',', '.'));

describe.sequential('the journey of one rating round, from import to ranking', () => {
  let browser: Browser;
  let session: Session | undefined;
  let page: Page;
  let cycleUrl = '';
  let themeNames: string[] = [];
  let broken = false;
  const file = path.join(os.tmpdir(), `nieuwe-vragen-${process.pid}.csv`);
  const seedFile = path.join(os.tmpdir(), `startthemas-${process.pid}.csv`);

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
    await session?.context.close();
    await browser?.close();
  });

  // Each step builds on the one before: after a failure the rest is skipped, not failed again.
  beforeEach((context) => {
    if (broken) context.skip();
  });

  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return;
    broken = true;
    await screenshot(page, `journey-${context.task.name}`);
  });

  it('staff log in through the form and open the cycle', async () => {
    session = await newSession(browser);
    page = session.page;
    await page.goto('/login');
    await page.getByLabel('E-mailadres').fill('staff@demo.kennisagenda.test');
    await page.getByLabel('Wachtwoord').fill('demo-password-e2e');
    await page.getByRole('button', { name: 'Aanmelden' }).click();

    await page.waitForURL('**/cycles');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe("Kennisagenda's");
    await expect(page.getByText('Aangemeld als').textContent()).resolves.toContain('medewerker');
    await expect(page.getByRole('heading', { level: 2, name: CYCLE }).isVisible()).resolves.toBe(true);
    await expect(page.getByText('2024–2025, 2025–2026, 2026–2027').isVisible()).resolves.toBe(true);

    await page.getByRole('link', { name: `Open ${CYCLE}` }).click();
    await page.waitForURL('**/cycles/*/imports');
    cycleUrl = new URL(page.url()).pathname.replace(/\/imports$/, '');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Bronnen en import');
    const sources = page.getByRole('table', { name: 'Bronnen' });
    await expect(sources.getByRole('row').count()).resolves.toBe(4);
    await expect(
      sources.getByRole('row', { name: new RegExp(SOURCE.replace(/[()]/g, '\\$&')) }).textContent()
    ).resolves.toContain('16');
  });

  it('staff import a CSV into an existing source, checking the preview first, and see the summary', async () => {
    await writeFile(file, CSV, 'utf8');

    await page.getByLabel('Bron', { exact: true }).selectOption({ label: SOURCE });
    await page.getByLabel('Bestand', { exact: true }).setInputFiles(file);
    await expect(page.getByText(`Gekozen: ${path.basename(file)}`).isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Voorbeeld bekijken' }).click();

    await page.getByRole('heading', { level: 3, name: 'Stap 2 van 2: nakijken en importeren' }).waitFor();
    await expect(page.getByTestId('preview-format').textContent()).resolves.toBe('CSV (algemeen)');
    const roles = page.getByRole('group', { name: 'Wat staat er in elke kolom?' });
    await expect(roles.getByLabel('vraag', { exact: true }).inputValue()).resolves.toBe('text');
    await expect(roles.getByLabel('onderwijsniveau', { exact: true }).inputValue()).resolves.toBe('level');
    await expect(page.getByTestId('preview-counts').textContent()).resolves.toContain(
      '6 vragen na het splitsen van cellen'
    );
    await page.getByRole('button', { name: 'Importeren', exact: true }).click();

    const summary = page.getByRole('status').filter({ hasText: 'voltooid' });
    await summary.waitFor();
    await expect(summary.getByRole('heading', { level: 3 }).textContent()).resolves.toBe(
      `Import van ${path.basename(file)} voltooid`
    );
    await expect(page.getByTestId('import-added').textContent()).resolves.toBe('6');
    await expect(summary.textContent()).resolves.toContain(`6 nieuwe vragen staan nu in ‘${SOURCE}’.`);
    await expect(summary.getByRole('listitem').allTextContents()).resolves.toEqual(['Rij 8: de vraag is leeg']);

    // The page data follow: the source counts 16 + 6 questions, the batch is listed.
    const sources = page.getByRole('table', { name: 'Bronnen' });
    await expect.poll(() => sources.getByRole('row', { name: /Focusgroepen/ }).textContent()).toContain('22');
    await expect(page.getByRole('table', { name: 'Eerdere imports' }).textContent()).resolves.toContain(
      path.basename(file)
    );
  });

  it('staff put the new questions without a theme into the nearest existing theme', async () => {
    await page.getByRole('navigation', { name: 'Hoofdnavigatie' }).getByRole('link', { name: "Thema's" }).click();
    await page.waitForURL(`**${cycleUrl}/themes`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe("Thema's");

    const section = page.getByRole('region', { name: 'Vragen zonder thema' });
    const before = Number(/(\d+) vra/.exec((await section.getByTestId('unassigned-count').textContent()) ?? '')?.[1]);
    expect(before).toBeGreaterThanOrEqual(NEW_QUESTIONS.length);
    await section.getByRole('button', { name: "Wijs toe aan bestaande thema's" }).click();
    const status = page.getByRole('status').filter({ hasText: 'toegewezen aan een bestaand thema' });
    await status.waitFor({ timeout: 60_000 });
    const [assigned, left] = [...((await status.textContent()) ?? '').matchAll(/(\d+)/g)].map((m) => Number(m[1]));
    expect(assigned! + left!).toBe(before);
  });

  it('staff start a grouping from an uploaded theme file, see the seed themes proposed, and discard it', async () => {
    const current = await page.getByTestId('themes').locator(':scope > li h3').allTextContents();
    await writeFile(seedFile, SEED_CSV, 'utf8');
    await page.getByRole('radio', { name: "Startthema's uit een bestand" }).check();
    await page.getByLabel("Bestand met startthema's (CSV)").setInputFiles(seedFile);
    await expect
      .poll(() => page.getByTestId('seed-file-result').textContent())
      .toContain(`4 startthema's gelezen uit ${path.basename(seedFile)}`);
    await page.getByRole('button', { name: "Groepeer vragen in thema's" }).click();
    await page.getByRole('progressbar', { name: 'Voortgang van de groepering' }).waitFor();

    await page.getByRole('status').filter({ hasText: 'Klaar:' }).waitFor({ timeout: 60_000 });
    const proposal = page.getByTestId('proposal');
    const proposed = await proposal.getByTestId('proposed-themes').locator(':scope > li h4').allTextContents();
    expect(proposed.slice(0, 4).map((name) => name.replace(/\s*startthema\s*$/, '').trim())).toEqual(SEED_NAMES);
    // The demo cycle has themes: the proposal is compared with them.
    await expect(
      proposal.getByRole('table', { name: 'Aantal vragen per huidig en voorgesteld thema' }).isVisible()
    ).resolves.toBe(true);

    await proposal.getByRole('button', { name: 'Voorstel verwerpen' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Ja, verwerp het voorstel' }).click();
    await page.getByRole('status').filter({ hasText: 'Het voorstel is verworpen.' }).waitFor();
    await expect(page.getByTestId('proposal').count()).resolves.toBe(0);
    await expect(page.getByTestId('themes').locator(':scope > li h3').allTextContents()).resolves.toEqual(current);
  });

  it('staff group the questions into themes, leave and come back, compare, accept, and see the themes', async () => {
    await page.getByRole('radio', { name: "Zonder startthema's" }).check();
    await page.getByRole('button', { name: "Groepeer vragen in thema's" }).click();
    await page.getByRole('progressbar', { name: 'Voortgang van de groepering' }).waitFor();
    await expect(page.getByTestId('run-progress').getByRole('status').textContent()).resolves.toMatch(/Stap \d van 3/);

    // The grouping goes on while staff look elsewhere; back on the page it shows where it is.
    await page.goto(`${cycleUrl}/imports`);
    await page.goto(`${cycleUrl}/themes`);
    const proposal = page.getByTestId('proposal');
    await proposal.waitFor({ timeout: 60_000 });
    const found = Number(await proposal.getByTestId('proposal-k').textContent());
    expect(found).toBeGreaterThanOrEqual(2);
    await expect(proposal.getByTestId('proposed-themes').locator(':scope > li').count()).resolves.toBe(found);
    await expect(
      proposal.getByTestId('proposed-themes').locator(':scope > li').first().getByRole('listitem').count()
    ).resolves.toBeGreaterThan(0);
    await expect(proposal.getByTestId('comparison-summary').textContent()).resolves.toMatch(/vragen verhuizen/);
    const cells = proposal.getByRole('table', { name: 'Aantal vragen per huidig en voorgesteld thema' });
    await expect(cells.locator('tbody tr').count()).resolves.toBeGreaterThan(0);
    // The silhouette per k, as a chart with its table.
    await expect(proposal.getByRole('img', { name: /Lijndiagram van de silhouetscore/ }).count()).resolves.toBe(1);

    // The proposal and its comparison read on a phone too.
    await page.setViewportSize({ width: 360, height: 740 });
    // Charts follow the new width a moment later (Chart.js resizes on a ResizeObserver).
    await expect.poll(() => overflowingElements(page), { timeout: 15_000 }).toEqual([]);
    await screenshot(page, 'theme-proposal-360');
    await page.setViewportSize({ width: 1280, height: 900 });

    await proposal.getByRole('button', { name: 'Voorstel aanvaarden' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Ja, aanvaard het voorstel' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Het voorstel is aanvaard: de kennisagenda heeft nu ${found} thema` })
      .waitFor();
    await expect(page.getByTestId('proposal').count()).resolves.toBe(0);

    const themes = page.getByTestId('themes').locator(':scope > li');
    await expect.poll(() => themes.count()).toBe(found);
    themeNames = await themes.getByRole('heading', { level: 3 }).allTextContents();
    expect(themeNames).toHaveLength(found);
    // Every theme shows its size and typical questions; the chart has its table.
    await expect(themes.first().getByRole('heading', { level: 4, name: 'Typische vragen' }).isVisible()).resolves.toBe(
      true
    );
    await expect(
      page
        .getByRole('img', { name: /Staafdiagram/ })
        .locator('canvas')
        .count()
    ).resolves.toBe(1);
    await page.getByText('Toon de cijfers als tabel').last().click();
    const table = page.getByRole('table', { name: "Thema's volgens aantal vragen" });
    await expect(table.locator('tbody tr').count()).resolves.toBe(found);
    // The 50 demo questions (two of them near-duplicates, not confirmed) and the 6 new ones, apart from any the grouping left unassigned.
    const total = (await table.locator('tbody td').allTextContents()).reduce((sum, n) => sum + Number(n), 0);
    expect(total).toBeGreaterThan(40);
    expect(total).toBeLessThanOrEqual(50 + 6);
  });

  it('staff open a rating round with all themes, both committees and one criterion on 1–5', async () => {
    await page
      .getByRole('navigation', { name: 'Hoofdnavigatie' })
      .getByRole('link', { name: 'Beoordelingsrondes' })
      .click();
    await page.waitForURL(`**${cycleUrl}/rounds`);
    await expect(page.getByText('Er is nog geen beoordelingsronde.').isVisible()).resolves.toBe(true);
    await page.getByRole('link', { name: 'Nieuwe ronde opzetten' }).click();
    await page.waitForURL(`**${cycleUrl}/rounds/new`);

    const committees = page.getByRole('group', { name: 'Commissies die beoordelen' });
    await expect(committees.getByRole('checkbox').count()).resolves.toBe(2);
    for (const box of await committees.getByRole('checkbox').all()) await expect(box.isChecked()).resolves.toBe(true);
    await expect(
      page.getByText(`${themeNames.length} van de ${themeNames.length} thema's worden beoordeeld.`).isVisible()
    ).resolves.toBe(true);
    await expect(page.getByRole('radio', { name: /^Score van 1 .* tot 5/ }).isChecked()).resolves.toBe(true);
    await expect(page.getByRole('checkbox', { name: 'Blind beoordelen (aanbevolen)' }).isChecked()).resolves.toBe(true);

    // The six preset criteria: this round keeps only the first, so members give one score per theme.
    const criteria = page.getByTestId('criteria').locator(':scope > li');
    await expect(criteria.count()).resolves.toBe(6);
    for (let left = 6; left > 1; left--) {
      await page
        .getByRole('button', { name: /^Criterium .* verwijderen$/ })
        .last()
        .click();
      await expect.poll(() => criteria.count()).toBe(left - 1);
    }
    await expect(criteria.getByLabel('Naam').inputValue()).resolves.toBe('Relevantie voor de klaspraktijk');

    await page.getByLabel('Naam van de ronde').fill(ROUND);
    await page.getByRole('button', { name: 'Ronde openen' }).click();
    await page.waitForURL(/\/rounds\/\d+\?saved=opened$/);
    await page
      .getByRole('status')
      .filter({ hasText: `Ronde ‘${ROUND}’ is geopend.` })
      .waitFor();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(ROUND);
    await expect(page.getByTestId('round-status').textContent()).resolves.toBe('open');
    await expect(page.getByRole('region', { name: 'Opzet' }).textContent()).resolves.toContain(
      'Wetenschappelijke commissie, Gebruikerscommissie'
    );

    // Staff monitor the members' progress: 5 scientists and 6 user committee members, nobody has rated yet.
    const progress = page.getByTestId('member-progress');
    await expect(progress.locator('tbody tr').count()).resolves.toBe(11);
    await expect(progress.getByRole('row', { name: /Katrien Peirsman/ }).textContent()).resolves.toContain(
      `0 van ${themeNames.length} thema's beoordeeld`
    );
    await expect(page.getByTestId('waiting').getByRole('listitem').count()).resolves.toBe(11);

    // Rated themes are fixed: the page says so before anyone tries to group again.
    await page.goto(`${cycleUrl}/themes`);
    await expect(page.getByRole('button', { name: "Groepeer vragen in thema's" }).isDisabled()).resolves.toBe(true);
    await expect(page.getByText("De thema's zitten al in een beoordelingsronde").isVisible()).resolves.toBe(true);
    await logout(page);
  });

  it('staff cannot undo the import once its questions are being rated', async () => {
    await start('staff');
    await page.goto(`${cycleUrl}/imports`);
    const batch = page.getByTestId('batch').filter({ hasText: path.basename(file) });
    await batch.getByRole('button', { name: `Ongedaan maken: ${path.basename(file)}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Ja, maak ongedaan' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `De import van ${path.basename(file)} kan niet meer ongedaan gemaakt worden` })
      .waitFor();
    await expect(batch.count()).resolves.toBe(1);
    await logout(page);
  });

  it('the director sees a friendly explanation while the round is still open', async () => {
    await start('director');
    await page.goto(`${cycleUrl}/rounds`);
    await expect(page.getByRole('button', { name: 'Ronde openen' }).count()).resolves.toBe(0);
    await page.getByRole('link', { name: `Bekijk de rangschikking: ${ROUND}` }).click();
    await page.getByRole('heading', { level: 2, name: 'Deze ronde loopt nog' }).waitFor();
    await expect(page.getByRole('table').count()).resolves.toBe(0);
    await logout(page);
  });

  it('an observer reads the ballot but cannot rate', async () => {
    await start('waarnemer1');
    await page.getByRole('link', { name: `Bekijken: ${ROUND}` }).click();
    await page.getByTestId('read-only').waitFor();
    await expect(page.getByTestId('read-only').textContent()).resolves.toContain('waarnemer');
    await expect(page.getByTestId('theme').count()).resolves.toBe(themeNames.length);
    await expect(page.getByRole('radio').first().isDisabled()).resolves.toBe(true);
    await logout(page);
  });

  it('a user committee member rates every theme by keyboard on a 360 px screen', async () => {
    await start('gebruiker1', { width: 360, height: 740 });
    await page.waitForURL('**/committee');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Mijn beoordelingen');
    await page.getByRole('link', { name: `Beoordelen: ${ROUND}` }).click();
    await page.getByRole('heading', { level: 1, name: ROUND }).waitFor();
    // The ballot opens once the member has declared their interests: here, by keyboard, none.
    await expect(page.getByTestId('locked').isVisible()).resolves.toBe(true);
    await page.getByRole('radio', { name: 'Nee, ik heb geen belangen te melden' }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Verklaring bewaren' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Je verklaring is bewaard.' }).waitFor();
    await expect(page.getByTestId('declaration-summary').textContent()).resolves.toContain(
      'Je hebt geen belangen te melden.'
    );
    await expect(page.getByTestId('progress').textContent()).resolves.toContain(
      `0 van ${themeNames.length} thema's beoordeeld`
    );

    const fieldsets = page.getByTestId('theme');
    const count = await fieldsets.count();
    expect(count).toBe(themeNames.length);
    const chosen: number[] = [];
    for (let i = 0; i < count; i++) {
      const fieldset = fieldsets.nth(i);
      const value = (i % 5) + 1;
      chosen.push(value);
      // Keyboard only: focus the first option, Space picks it, arrow keys move the choice along.
      await fieldset.getByRole('radio').first().focus();
      await page.keyboard.press('Space');
      for (let step = 1; step < value; step++) await page.keyboard.press('ArrowRight');
      await fieldset.getByRole('status').filter({ hasText: 'Opgeslagen' }).waitFor();
      await expect(fieldset.getByRole('radio', { name: new RegExp(`^${value}\\b`) }).isChecked()).resolves.toBe(true);
    }
    await expect
      .poll(() => page.getByTestId('progress').textContent())
      .toContain(`${count} van ${count} thema's beoordeeld`);
    await expect(page.getByText("Bedankt! Je hebt alle thema's beoordeeld.").isVisible()).resolves.toBe(true);
    await expect(overflowingElements(page)).resolves.toEqual([]);
    await screenshot(page, 'ballot-360');

    // The final submit, confirmed; changes stay possible until the round closes.
    await page.getByRole('button', { name: 'Beoordeling indienen' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').getByRole('button', { name: 'Ja, dien in' }).click();
    await expect(page.getByTestId('submitted').textContent()).resolves.toMatch(/^Ingediend op /);

    // The last value of every run of arrow keys is the one stored.
    await page.reload();
    for (let i = 0; i < count; i++) {
      await expect(fieldsets.nth(i).getByRole('radio', { checked: true }).getAttribute('value')).resolves.toBe(
        String(chosen[i])
      );
    }
    await logout(page);
  });

  it('a scientific committee member rates every theme with the mouse', async () => {
    await start('wetenschap2');
    await page.getByRole('link', { name: `Beoordelen: ${ROUND}` }).click();
    await page.getByRole('heading', { level: 1, name: ROUND }).waitFor();
    await page.getByRole('radio', { name: 'Nee, ik heb geen belangen te melden' }).check();
    await page.getByRole('button', { name: 'Verklaring bewaren' }).click();
    await page.getByRole('status').filter({ hasText: 'Je verklaring is bewaard.' }).waitFor();
    const fieldsets = page.getByTestId('theme');
    const count = await fieldsets.count();
    expect(count).toBe(themeNames.length);
    for (let i = 0; i < count; i++) {
      const fieldset = fieldsets.nth(i);
      // Other values than the first member's, so the means differ from theme to theme.
      const value = ((i * 2) % 5) + 1;
      await fieldset
        .locator('label', { has: page.getByRole('radio') })
        .nth(value - 1)
        .click();
      await fieldset.getByRole('status').filter({ hasText: 'Opgeslagen' }).waitFor();
    }
    await expect.poll(() => page.getByTestId('progress').textContent()).toContain(`${count} van ${count}`);
    await logout(page);
  });

  it('staff follow the round and close it after confirming', async () => {
    await start('staff');
    await page.goto(`${cycleUrl}/rounds`);
    await page.getByRole('link', { name: `Opvolgen: ${ROUND}` }).click();
    await page.getByRole('heading', { level: 1, name: ROUND }).waitFor();
    await expect(
      page
        .getByTestId('member-progress')
        .getByRole('row', { name: /Katrien Peirsman/ })
        .textContent()
    ).resolves.toContain(`${themeNames.length} van ${themeNames.length} thema's beoordeeld`);
    await page.getByRole('button', { name: 'Sluit ronde' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.textContent()).resolves.toContain(`Ronde ‘${ROUND}’ afsluiten?`);
    await dialog.getByRole('button', { name: 'Ja, sluit de ronde' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Ronde ‘${ROUND}’ is afgesloten.` })
      .waitFor();
    await expect(page.getByTestId('round-status').textContent()).resolves.toBe('afgesloten');
    await expect(page.getByRole('button', { name: 'Sluit ronde' }).count()).resolves.toBe(0);
    await logout(page);
  });

  it('the director sees the themes ranked by mean score and downloads the CSV', async () => {
    await start('director');
    await page.goto(`${cycleUrl}/rounds`);
    await page.getByRole('link', { name: `Bekijk de rangschikking: ${ROUND}` }).click();
    await page.getByRole('heading', { level: 1, name: `Rangschikking: ${ROUND}` }).waitFor();

    const table = page.getByRole('table', { name: "Thema's volgens gemiddelde score" });
    const rows = table.locator('tbody tr');
    await expect(rows.count()).resolves.toBe(themeNames.length);
    const means = (await rows.locator('td:nth-child(3)').allTextContents()).map(parseDutch);
    expect(means.every((mean) => mean >= 1 && mean <= 5)).toBe(true);
    expect(means[0]).toBe(Math.max(...means));
    expect([...means].sort((a, b) => b - a)).toEqual(means);
    // Locale formatting: two decimals with a comma.
    await expect(rows.first().locator('td:nth-child(3)').textContent()).resolves.toMatch(/^\d,\d\d$/);
    await expect(rows.first().locator('td:nth-child(4)').textContent()).resolves.toBe('2');
    await expect(page.getByRole('img', { name: /gemiddelde score per thema/ }).isVisible()).resolves.toBe(true);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download als CSV' }).click()
    ]);
    expect(download.suggestedFilename()).toMatch(/^ranking-ronde-\d+\.csv$/);
    const csv = await readFile(await download.path(), 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe('rank,theme_id,theme,mean_score,raters');
    expect(lines).toHaveLength(themeNames.length + 1);
    expect(lines[1]?.startsWith('1,')).toBe(true);
    await screenshot(page, 'ranking-desktop');
    await logout(page);
  });
});
