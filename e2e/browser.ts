import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';

export const PASSWORD = 'demo-password-e2e';
export const OUTPUT_DIR = fileURLToPath(new URL('./output/', import.meta.url));

/** The demo accounts seeded at the server's first start. */
export const account = (name: string) => `${name}@demo.kennisagenda.test`;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  });
}

export interface Session {
  context: BrowserContext;
  page: Page;
}

/**
 * A fresh browser profile (no cookies) speaking Dutch, as a Flemish user's browser would; on the global setup's
 * server unless `baseURL` names a test file's own.
 */
export async function newSession(
  browser: Browser,
  options: { viewport?: { width: number; height: number }; baseURL?: string } = {}
): Promise<Session> {
  const context = await browser.newContext({
    baseURL: options.baseURL ?? inject('baseURL'),
    locale: 'nl-BE',
    timezoneId: 'Europe/Brussels',
    acceptDownloads: true,
    viewport: options.viewport ?? { width: 1280, height: 900 }
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  return { context, page };
}

/** Logs in through the form, as a person would, and waits for the landing page. */
export async function login(page: Page, user: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('E-mailadres').fill(account(user));
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
  await page.getByRole('button', { name: 'Afmelden' }).waitFor();
}

/**
 * The logged-in sessions of one test: `open` starts one per person, `close` ends them all after the test, and
 * `page` is the newest page, the one to keep a picture of when the test fails.
 */
export class Sessions {
  readonly #browser: Browser;
  readonly #baseURL: string | undefined;
  #open: BrowserContext[] = [];
  page: Page | undefined;

  constructor(browser: Browser, baseURL?: string) {
    this.#browser = browser;
    this.#baseURL = baseURL;
  }

  async open(user: string, viewport?: { width: number; height: number }): Promise<Page> {
    const { context, page } = await newSession(this.#browser, { viewport, baseURL: this.#baseURL });
    this.#open.push(context);
    this.page = page;
    await login(page, user);
    return page;
  }

  async close(): Promise<void> {
    while (this.#open.length > 0) await this.#open.pop()!.close();
    this.page = undefined;
  }
}

export async function logout(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Afmelden' }).click();
  await page.waitForURL((url) => url.pathname === '/login');
  await page.getByRole('heading', { level: 1, name: 'Aanmelden' }).waitFor();
}

/** Keeps a full-page picture of what the browser showed when a test failed. */
export async function screenshot(page: Page | undefined, name: string): Promise<string | null> {
  if (!page || page.isClosed()) return null;
  await mkdir(OUTPUT_DIR, { recursive: true });
  const file = path.join(OUTPUT_DIR, `${name.replace(/[^\w.-]+/g, '-').slice(0, 100)}.png`);
  await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
  return file;
}

/**
 * The elements that stick out past the viewport's right edge (empty when the page fits), named
 * so that a failing test says what to fix. Content inside a box that scrolls sideways is fine.
 */
export function overflowingElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    if (document.documentElement.scrollWidth <= window.innerWidth) return [];
    const scrolls = (el: Element | null): boolean => {
      for (let node = el; node && node !== document.body; node = node.parentElement) {
        if (getComputedStyle(node).overflowX !== 'visible') return true;
      }
      return false;
    };
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${[...el.classList].map((c) => `.${c}`).join('')}`;
    const out: string[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.right > window.innerWidth + 0.5 && !scrolls(el.parentElement)) {
        out.push(`${name(el)} (${Math.round(box.width)} px wide, ends at ${Math.round(box.right)} px)`);
      }
    }
    return out.length > 0 ? out.slice(0, 10) : [`html (${document.documentElement.scrollWidth} px wide)`];
  });
}

/** Undoes, through the API, every import of these files, so a test leaves the data as it found them. */
export async function undoImports(page: Page, fileNames: readonly string[]): Promise<void> {
  const me = (await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string | null };
  if (!me.csrfToken) return;
  const cycles = (await (await page.request.get('/api/cycles')).json()) as { id: number }[];
  for (const cycle of cycles) {
    const response = await page.request.get(`/api/cycles/${cycle.id}/imports`);
    const batches = (await response.json()) as { id: number; fileName: string }[];
    for (const batch of batches.filter((b) => fileNames.includes(b.fileName))) {
      await page.request.delete(`/api/cycles/${cycle.id}/imports/${batch.id}`, {
        headers: { 'x-csrf-token': me.csrfToken }
      });
    }
  }
}
