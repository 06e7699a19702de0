import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, overflowingElements, screenshot, Sessions } from './browser';
import { type Api, apiAs, type OwnServer, startServer } from './own-server';

/**
 * Anyone asks a question through the public Vraagpunt form (on a phone, with and without the page's script, in
 * Dutch and English); staff triage the inbox: accept into the cycle, undo, out of scope, duplicate, export.
 *
 * Accepting adds questions to the demo cycle, so this file runs a server of its own.
 */

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 740 };
const QUESTION = 'Hoe leer ik leerlingen in het derde leerjaar vlot en met begrip lezen?';

describe.sequential('the Vraagpunt form and its inbox', () => {
  let server: OwnServer;
  let browser: Browser;
  let staff: Api;
  let sessions: Sessions;
  let cycleId: number;
  let page: Page | undefined;

  const visitor = async (options: { javaScriptEnabled?: boolean; locale?: 'en' } = {}): Promise<Page> => {
    const context = await browser.newContext({
      baseURL: server.baseURL,
      locale: 'nl-BE',
      viewport: PHONE,
      javaScriptEnabled: options.javaScriptEnabled ?? true
    });
    if (options.locale) {
      await context.addCookies([{ name: 'kw_locale', value: options.locale, url: server.baseURL }]);
    }
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    return page;
  };

  const inboxTexts = async () =>
    (
      await staff.get<{ items: { text: string; status: string }[] }>(`/api/cycles/${cycleId}/submissions?status=new`)
    ).items.map((s) => s.text);

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer('vraagpunt'), launchBrowser()]);
    sessions = new Sessions(browser, server.baseURL);
    staff = await apiAs(server.baseURL, 'staff');
    cycleId = (await staff.get<{ id: number }[]>('/api/cycles'))[0]!.id;
  }, 180_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail')
      await screenshot(page ?? sessions.page, `vraagpunt-${context.task.name}`);
    await page?.context().close();
    page = undefined;
    await sessions?.close();
  });

  afterAll(async () => {
    await staff?.dispose();
    await browser?.close();
    await server?.stop();
  });

  it('takes a question on a phone: says what to fix beside each field, then confirms', async () => {
    const p = await visitor();
    await p.goto('/agenda');
    await p.getByRole('link', { name: 'Vraag stellen' }).click();
    await p.getByRole('heading', { level: 1, name: 'Vraagpunt: welke kennis mis je?' }).waitFor();
    // The script has taken over the form (the other test sends it without).
    await p.waitForLoadState('networkidle');
    await expect(overflowingElements(p)).resolves.toEqual([]);
    // The honeypot is there for robots only: not visible, not in the tab order, hidden from screen readers.
    const trap = p.locator('#vp-website');
    const box = (await trap.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(0);
    expect(await trap.getAttribute('tabindex')).toBe('-1');
    await expect(trap.evaluate((el) => el.closest('[aria-hidden="true"]') !== null)).resolves.toBe(true);

    await p.getByRole('textbox', { name: /^Je vraag/ }).fill('Lezen?');
    await p.getByRole('textbox', { name: 'E-mailadres' }).fill('an.smets@school');
    await p.getByRole('button', { name: 'Vraag versturen' }).click();
    const problems = p.getByTestId('vraagpunt-problems');
    await problems.getByRole('heading', { name: 'Controleer je vraag' }).waitFor();
    await expect(problems.getByRole('link').allInnerTexts()).resolves.toEqual([
      'Je vraag is te kort: schrijf minstens 10 tekens.',
      'Vul een geldig e-mailadres in, zoals naam@school.be.',
      'Vink de toestemming aan als we je mogen contacteren, of laat naam en e-mailadres leeg.'
    ]);
    // Focus moves to the list of problems; each field says its own problem and is marked invalid.
    await expect(p.evaluate(() => document.activeElement?.getAttribute('data-testid'))).resolves.toBe(
      'vraagpunt-problems'
    );
    const question = p.getByRole('textbox', { name: /^Je vraag/ });
    expect(await question.getAttribute('aria-invalid')).toBe('true');
    await expect(question.evaluate((el) => el.getAttribute('aria-describedby'))).resolves.toContain('vp-text-error');
    await expect(p.locator('#vp-text-error').innerText()).resolves.toBe(
      'Je vraag is te kort: schrijf minstens 10 tekens.'
    );
    // What was typed is still there.
    await expect(question.inputValue()).resolves.toBe('Lezen?');
    expect(await inboxTexts()).not.toContain('Lezen?');

    await question.fill(QUESTION);
    await p.getByRole('combobox', { name: 'Onderwijsniveau' }).selectOption({ label: 'Lager onderwijs' });
    await p.getByRole('combobox', { name: 'Je rol' }).selectOption({ label: 'Leraar' });
    await p.getByRole('textbox', { name: 'Naam' }).fill('An Smets');
    await p.getByRole('textbox', { name: 'E-mailadres' }).fill('an.smets@school.be');
    await p.getByRole('checkbox', { name: /Ik geef toestemming/ }).check();
    await p.getByRole('button', { name: 'Vraag versturen' }).click();
    const thanks = p.getByRole('heading', { level: 1, name: 'Bedankt, je vraag is goed aangekomen' });
    await thanks.waitFor();
    await expect(thanks.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await expect(overflowingElements(p)).resolves.toEqual([]);
    expect(await inboxTexts()).toContain(QUESTION);
  });

  it('works without the page script too, and in English', async () => {
    const p = await visitor({ javaScriptEnabled: false, locale: 'en' });
    await p.goto('/vraagpunt');
    await p.getByRole('heading', { level: 1, name: 'Vraagpunt: what knowledge are you missing?' }).waitFor();
    await p.getByRole('button', { name: 'Send question' }).click();
    await expect(p.locator('#vp-text-error').innerText()).resolves.toBe('Enter your question.');
    await p.getByRole('textbox', { name: /^Your question/ }).fill('Which feedback on writing helps pupils most?');
    await p.getByRole('button', { name: 'Send question' }).click();
    await p.getByRole('heading', { level: 1, name: 'Thank you, your question has arrived' }).waitFor();
    expect(await inboxTexts()).toContain('Which feedback on writing helps pupils most?');
  });

  it('lets staff accept, undo, put out of scope, note a duplicate and export', async () => {
    const s = await sessions.open('staff', DESKTOP);
    await s.goto(`/cycles/${cycleId}`);
    await s.getByRole('navigation', { name: 'Hoofdnavigatie' }).getByRole('link', { name: 'Vraagpunt-inbox' }).click();
    await s.getByRole('heading', { level: 1, name: 'Vraagpunt-inbox' }).waitFor();
    const item = (text: string) => s.getByTestId('submission').filter({ hasText: text });
    await item(QUESTION).getByText('An Smets · an.smets@school.be').waitFor();

    // Accept two at once, then undo.
    await item(QUESTION).getByRole('checkbox').check();
    await item('Which feedback on writing').getByRole('checkbox').check();
    await s.getByText('2 vragen geselecteerd').waitFor();
    await s.getByRole('button', { name: 'Selectie aanvaarden' }).click();
    await s.getByRole('status').filter({ hasText: '2 vragen aanvaard in deze cyclus.' }).waitFor();
    await expect(item(QUESTION).count()).resolves.toBe(0);
    const accepted = await staff.get<{ items: { text: string; questionId: number }[] }>(
      `/api/cycles/${cycleId}/submissions?status=accepted`
    );
    expect(accepted.items.map((i) => i.text).sort()).toEqual(
      [QUESTION, 'Which feedback on writing helps pupils most?'].sort()
    );
    const questions = await staff.get<{ id: number; text: string }[]>(`/api/cycles/${cycleId}/questions`);
    expect(questions.map((q) => q.text)).toContain(QUESTION);
    await s.getByRole('button', { name: 'Ongedaan maken' }).click();
    await s.getByRole('status').filter({ hasText: 'Ongedaan gemaakt: 2 vragen terug in de inbox.' }).waitFor();
    await item(QUESTION).waitFor();
    expect((await staff.get<{ text: string }[]>(`/api/cycles/${cycleId}/questions`)).map((q) => q.text)).not.toContain(
      QUESTION
    );

    // Out of scope needs a reason.
    const practical = item('inschrijvingen voor het volgende schooljaar');
    await practical.getByRole('button', { name: 'Buiten scope…' }).click();
    await practical.getByRole('textbox', { name: 'Waarom buiten scope?' }).fill('Praktische vraag, geen kennisvraag');
    await practical.getByRole('button', { name: 'Buiten scope zetten' }).click();
    await s.getByRole('status').filter({ hasText: '1 vraag buiten scope gezet.' }).waitFor();
    await s.getByRole('link', { name: /^Buiten scope \(1\)/ }).click();
    await item('inschrijvingen').getByText('Praktische vraag, geen kennisvraag').waitFor();

    // A duplicate of the question it resembles, as suggested.
    await s.getByRole('link', { name: /^Nieuw/ }).click();
    const parents = item('ouders die weinig Nederlands spreken');
    const suggestion = await parents.getByTestId('similar').innerText();
    const suggested = /#(\d+)/.exec(suggestion)![1]!;
    await parents.getByRole('button', { name: 'Dubbel van…' }).click();
    await expect(
      parents.getByRole('textbox', { name: 'Nummer van de vraag die ze herhaalt' }).inputValue()
    ).resolves.toBe(suggested);
    await parents.getByRole('button', { name: 'Als dubbel noteren' }).click();
    await s.getByRole('status').filter({ hasText: '1 vraag als dubbel genoteerd.' }).waitFor();

    // The export holds what the view shows.
    await s.getByRole('link', { name: /^Alle/ }).click();
    const [download] = await Promise.all([
      s.waitForEvent('download'),
      s.getByRole('link', { name: 'CSV downloaden' }).click()
    ]);
    const csv = await (await download.createReadStream()).toArray();
    const text = Buffer.concat(csv).toString('utf8');
    expect(text).toContain('out_of_scope');
    expect(text).toContain(`,duplicate,,${suggested},`);
    expect(text).toContain('an.smets@school.be');
  });
});
