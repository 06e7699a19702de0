import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, login, newSession, screenshot, type Session } from './browser';

describe('who may see what, and in which language', () => {
  let browser: Browser;
  let session: Session | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await screenshot(session?.page, `access-${context.task.name}`);
    await session?.context.close();
    session = undefined;
  });

  it('sends an anonymous visitor of /cycles to the login page, and back after logging in', async () => {
    session = await newSession(browser);
    const { page } = session;
    await page.goto('/cycles');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/cycles');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Aanmelden');

    await page.getByLabel('E-mailadres').fill('director@demo.kennisagenda.test');
    await page.getByLabel('Wachtwoord').fill('demo-password-e2e');
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.waitForURL('**/cycles');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe("Kennisagenda's");
    // The director reads along: no link to the import page.
    await expect(page.getByRole('link', { name: 'Bronnen en import' }).count()).resolves.toBe(0);
  });

  it('tells a wrong password without logging in', async () => {
    session = await newSession(browser);
    const { page } = session;
    await page.goto('/login');
    await page.getByLabel('E-mailadres').fill('staff@demo.kennisagenda.test');
    await page.getByLabel('Wachtwoord').fill('not-the-password');
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.getByRole('alert').filter({ hasText: 'E-mailadres of wachtwoord klopt niet.' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('shows a committee member the 403 page on /cycles', async () => {
    session = await newSession(browser);
    const { page } = session;
    await login(page, 'gebruiker2');
    expect(new URL(page.url()).pathname).toBe('/committee');

    const response = await page.goto('/cycles');
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Er ging iets mis (403)');
    await expect(page.getByText('Je rol geeft geen toegang tot deze pagina of actie.').isVisible()).resolves.toBe(true);
    // The page is reached by client-side navigation just the same.
    await page.getByRole('link', { name: 'Terug naar het begin' }).click();
    await page.waitForURL('**/committee');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Mijn beoordelingen');
  });

  it('switches the interface to English and back', async () => {
    session = await newSession(browser);
    const { page } = session;
    await login(page, 'staff');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe("Kennisagenda's");

    await page.getByRole('group', { name: 'Taal' }).getByRole('button', { name: 'EN' }).click();
    await page.getByRole('heading', { level: 1, name: 'Knowledge agendas' }).waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await expect(page.getByRole('button', { name: 'Log out' }).isVisible()).resolves.toBe(true);
    await expect(page.getByText('Logged in as').textContent()).resolves.toContain('(staff)');

    // The choice is remembered by the server for the next page.
    await page.getByRole('link', { name: /^Open / }).click();
    await page.getByRole('heading', { level: 1, name: 'Sources and import' }).waitFor();
    await page.reload();
    await expect(page.getByRole('heading', { level: 2, name: 'Import questions' }).isVisible()).resolves.toBe(true);

    await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'NL' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bronnen en import' }).waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('nl-BE');
  });
});
