import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { account, launchBrowser, login, newSession, PASSWORD, screenshot } from './browser';
import { type Api, apiAs, type OwnServer, startServer } from './own-server';

/**
 * The pages under their Content-Security-Policy (SvelteKit's, with a nonce for its start-up script), and the lockout
 * after wrong passwords as the login page shows it. A server of its own, with the complete demo (closed round,
 * published agenda): the lockout must not shut other files out of the demo accounts.
 */

describe.sequential('security in the browser', () => {
  let server: OwnServer;
  let browser: Browser;
  let staff: Api;
  let cycleId: number;
  let demoRoundId: number;
  let openRoundId: number;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  /** Everything the browser refused under the policy, from the console and from securitypolicyviolation events. */
  let violations: string[] = [];

  async function open(user: string | null): Promise<Page> {
    ({ context, page } = await newSession(browser, { baseURL: server.baseURL }));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content[- ]Security[- ]Policy/i.test(message.text())) {
        violations.push(`${page!.url()}: ${message.text()}`);
      }
    });
    await context.exposeBinding('reportViolation', ({ page: from }, text: string) => {
      violations.push(`${from.url()}: ${text}`);
    });
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        const report = (window as unknown as { reportViolation(text: string): void }).reportViolation;
        void report(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sample})`);
      });
    });
    if (user) await login(page, user);
    return page;
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer('security', { demo: 'complete' }), launchBrowser()]);
    staff = await apiAs(server.baseURL, 'staff');
    cycleId = (await staff.get<{ id: number }[]>('/api/cycles'))[0]!.id;
    const rounds = await staff.get<{ id: number }[]>(`/api/cycles/${cycleId}/rounds`);
    demoRoundId = rounds[0]!.id;
    const themes = await staff.get<{ id: number }[]>(`/api/cycles/${cycleId}/themes`);
    const committees = await staff.get<{ id: number; kind: string }[]>(`/api/cycles/${cycleId}/committees`);
    openRoundId = (
      await staff.send<{ id: number }>('POST', `/api/cycles/${cycleId}/rounds`, {
        status: 'open',
        name: 'Ronde (security e2e)',
        criteria: [{ name: 'Relevantie', description: 'Helpt het leraren in de klas?' }],
        themeIds: themes.slice(0, 3).map((theme) => theme.id),
        committeeIds: [committees.find((c) => c.kind === 'user')!.id]
      })
    ).id;
  }, 180_000);

  afterEach(async (test) => {
    if (test.task.result?.state === 'fail') await screenshot(page, `security-${test.task.name}`);
    await context?.close();
    context = undefined;
    page = undefined;
    violations = [];
  });

  afterAll(async () => {
    await staff?.dispose();
    await browser?.close();
    await server?.stop();
  });

  /** Loads the page, waits until it is hydrated and idle, and says which policy it came with. */
  async function visit(p: Page, path: string): Promise<string[]> {
    const response = await p.goto(path);
    expect(response?.status(), path).toBe(200);
    await p.waitForLoadState('networkidle');
    return (await response!.headersArray())
      .filter((header) => header.name.toLowerCase() === 'content-security-policy')
      .map((header) => header.value);
  }

  it('serves the login page under one policy with a nonce, and refuses to be framed', async () => {
    const p = await open(null);
    const policies = await visit(p, '/login');
    expect(policies).toHaveLength(1);
    expect(policies[0]).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(policies[0]).toContain("frame-ancestors 'none'");
    await p.getByLabel('E-mailadres').fill(account('staff'));
    await p.getByLabel('Wachtwoord').fill(PASSWORD);
    await p.getByRole('button', { name: 'Aanmelden' }).click();
    await p.waitForURL((url) => url.pathname !== '/login');
    expect(violations).toEqual([]);
  });

  it('shows the staff pages, charts included, without a single violation', async () => {
    const p = await open('staff');
    for (const path of [
      '/cycles',
      `/cycles/${cycleId}`,
      `/cycles/${cycleId}/themes`,
      `/cycles/${cycleId}/board`,
      `/cycles/${cycleId}/rounds`,
      `/cycles/${cycleId}/rounds/${demoRoundId}`,
      `/cycles/${cycleId}/rounds/${demoRoundId}/analytics`,
      `/cycles/${cycleId}/timeline`,
      `/cycles/${cycleId}/publication`,
      '/audit'
    ]) {
      expect(await visit(p, path), path).toHaveLength(1);
    }
    // A chart is drawn: Chart.js works under the policy.
    await p.goto(`/cycles/${cycleId}/rounds/${demoRoundId}/analytics`);
    await expect(p.locator('canvas').count()).resolves.toBeGreaterThan(0);
    expect(violations).toEqual([]);
  });

  it('shows a committee member the ballot, and anyone the published agenda, without a violation', async () => {
    const member = await open('gebruiker1');
    for (const path of ['/committee', `/committee/rounds/${openRoundId}`, `/committee/rounds/${demoRoundId}`]) {
      expect(await visit(member, path), path).toHaveLength(1);
    }
    await context!.close();
    const visitor = await open(null);
    expect(await visit(visitor, '/agenda')).toHaveLength(1);
    expect(violations).toEqual([]);
  });

  it('locks an account after five wrong passwords, and says so on the login page', async () => {
    const p = await open(null);
    await p.goto('/login');
    const submit = p.getByRole('button', { name: 'Aanmelden' });
    /** Sends the form and waits for the answer: the button is enabled again once it is in. */
    const attempt = async (password: string) => {
      await p.getByLabel('E-mailadres').fill(account('director'));
      await p.getByLabel('Wachtwoord').fill(password);
      await submit.click();
      await submit.click({ trial: true });
      return p.getByRole('alert').textContent();
    };
    for (let i = 1; i <= 4; i++) {
      await expect(attempt(`wrong-password-${i}`)).resolves.toBe('E-mailadres of wachtwoord klopt niet.');
    }
    const locked = 'Te veel verkeerde wachtwoorden voor dit e-mailadres. Aanmelden kan weer over 15 min.';
    await expect(attempt('wrong-password-5')).resolves.toBe(locked);
    // Now even the right password is refused.
    await expect(attempt(PASSWORD)).resolves.toBe(locked);
    expect(new URL(p.url()).pathname).toBe('/login');
  });
});
