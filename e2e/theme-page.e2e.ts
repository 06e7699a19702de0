import { type APIRequestContext, type Browser, type Page, request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { account, launchBrowser, login, overflowingElements, PASSWORD, screenshot } from './browser';
import { type OwnServer, startServer } from './own-server';

/**
 * Staff curate one theme on its page: search its questions, move some by keyboard and by drag and drop, undo a move,
 * split questions off into a new theme and put one out of scope; the director reads along without the actions.
 *
 * Curation changes the demo themes other browser tests rely on, so this file runs a server of its own.
 */

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };

interface Api {
  get<T>(url: string): Promise<T>;
  send<T>(method: 'POST' | 'PATCH', url: string, data?: unknown): Promise<T>;
  dispose(): Promise<void>;
}

async function apiAs(baseURL: string, user: string): Promise<Api> {
  const context: APIRequestContext = await request.newContext({ baseURL });
  const login = await context.post('/api/auth/login', { data: { email: account(user), password: PASSWORD } });
  if (!login.ok()) throw new Error(`login as ${user} failed: ${await login.text()}`);
  const me = (await login.json()) as { csrfToken: string };
  const check = async <T>(response: Awaited<ReturnType<APIRequestContext['get']>>): Promise<T> => {
    if (!response.ok()) throw new Error(`${response.url()}: ${response.status()} ${await response.text()}`);
    return (await response.json()) as T;
  };
  return {
    get: async <T>(url: string) => check<T>(await context.get(url)),
    send: async <T>(method: 'POST' | 'PATCH', url: string, data: unknown = {}) =>
      check<T>(await context.fetch(url, { method, data, headers: { 'x-csrf-token': me.csrfToken } })),
    dispose: () => context.dispose()
  };
}

interface Theme {
  id: number;
  name: string;
  description: string;
  size: number;
  version: number;
}

interface QuestionList {
  total: number;
  questions: { id: number; text: string; outOfScopeReason: string | null }[];
}

/** The cycle's themes; when it has none, the questions are grouped first (as staff would on the themes page). */
async function groupQuestions(staff: Api, cycleId: number): Promise<void> {
  if ((await staff.get<unknown[]>(`/api/cycles/${cycleId}/themes`)).length > 0) return;
  const run = await staff.send<{ id: number }>('POST', `/api/cycles/${cycleId}/clustering-runs`, { k: 6, seed: 1 });
  await expect
    .poll(
      async () => (await staff.get<{ status: string }>(`/api/cycles/${cycleId}/clustering-runs/${run.id}`)).status,
      { timeout: 60_000 }
    )
    .toBe('done');
  await staff.send('POST', `/api/cycles/${cycleId}/clustering-runs/${run.id}/accept`);
}

describe.sequential('the theme page', () => {
  let server: OwnServer;
  let browser: Browser;
  let staff: Api;
  let page: Page | undefined;
  let cycleId: number;
  /** The largest theme, curated here, and the one questions move to. */
  let theme: Theme;
  let target: Theme;
  const close: (() => Promise<void>)[] = [];

  async function open(user: string, viewport = DESKTOP): Promise<Page> {
    const context = await browser.newContext({
      baseURL: server.baseURL,
      locale: 'nl-BE',
      timezoneId: 'Europe/Brussels',
      viewport
    });
    context.setDefaultTimeout(15_000);
    close.push(() => context.close());
    page = await context.newPage();
    await login(page, user);
    return page;
  }

  const themePath = (id: number | string) => `/cycles/${cycleId}/board/${id}`;
  const questionsOf = (id: number | string, q = '') =>
    staff.get<QuestionList>(
      `/api/cycles/${cycleId}/questions/search?theme=${id}&limit=1000${q ? `&q=${encodeURIComponent(q)}` : ''}`
    );
  const rows = (p: Page) => p.getByTestId('question-row');
  const row = (p: Page, id: number) => p.locator(`#question-${id}`);

  /** Waits for a change's summary in the live region. */
  async function done(p: Page, prefix = 'Gedaan:'): Promise<void> {
    await expect
      .poll(async () => (await p.getByTestId('curation-status').textContent())?.trim() ?? '', { timeout: 15_000 })
      .toMatch(new RegExp(`^${prefix}`));
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer('theme-page'), launchBrowser()]);
    staff = await apiAs(server.baseURL, 'staff');
    cycleId = (await staff.get<{ id: number }[]>('/api/cycles'))[0]!.id;
    await groupQuestions(staff, cycleId);
    const board = await staff.get<{ themes: Theme[] }>(`/api/cycles/${cycleId}/theme-board`);
    const bySize = [...board.themes].sort((a, b) => b.size - a.size);
    theme = bySize[0]!;
    target = bySize[1]!;
  }, 180_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await screenshot(page, `theme-page-${context.task.name}`);
    while (close.length > 0) await close.pop()!();
    page = undefined;
  });

  afterAll(async () => {
    await staff?.dispose();
    await browser?.close();
    await server?.stop();
  });

  it('lists the theme with provenance and narrows the list by a Dutch full-text search', async () => {
    const all = await questionsOf(theme.id);
    // A word of the theme that some of its questions have and others lack.
    const words = [...new Set(all.questions.flatMap((q) => q.text.toLowerCase().match(/\p{L}{6,}/gu) ?? []))];
    let word = '';
    let matches = 0;
    for (const candidate of words.slice(0, 60)) {
      const found = (await questionsOf(theme.id, candidate)).total;
      if (found > 0 && found < all.total) {
        word = candidate;
        matches = found;
        break;
      }
    }
    expect(word).not.toBe('');

    const s = await open('staff');
    await s.goto(themePath(theme.id));
    await s.getByRole('heading', { level: 1, name: theme.name }).waitFor();
    await expect(rows(s).count()).resolves.toBe(Math.min(all.total, 1000));
    await expect(s.getByTestId('lineage-csv').getAttribute('href')).resolves.toBe(
      `/api/themes/${theme.id}/lineage.csv`
    );
    await expect(s.getByRole('columnheader', { name: 'Bestand' }).count()).resolves.toBe(1);

    await s.getByLabel('Zoeken in de vraagtekst').fill(word);
    await s.getByLabel('Zoeken in de vraagtekst').press('Enter');
    await s.waitForURL((url) => url.searchParams.get('q') === word);
    await expect.poll(() => rows(s).count()).toBe(matches);
    await expect(s.getByTestId('match-count').textContent()).resolves.toContain(
      `${matches} ${matches === 1 ? 'vraag' : 'vragen'} gevonden`
    );

    // Nothing matches: an empty state, not an empty table.
    await s.goto(`${themePath(theme.id)}?q=xyzzyquux`);
    await s.getByTestId('questions-empty').waitFor();
    await expect(rows(s).count()).resolves.toBe(0);
  });

  it('moves a question with the keyboard only', async () => {
    const s = await open('staff');
    await s.goto(themePath(theme.id));
    const id = Number(await rows(s).first().getAttribute('data-question-id'));

    await s.locator(`#pick-${id}`).focus();
    await s.keyboard.press('Space');
    await expect(s.locator(`#pick-${id}`).isChecked()).resolves.toBe(true);

    // The select's options: the first is the prompt; step down to the target theme with the arrow keys.
    const select = s.getByLabel('Verplaatsen naar');
    const values = await select
      .locator('option')
      .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
    await select.focus();
    for (let i = 0; i < values.indexOf(String(target.id)); i++) await s.keyboard.press('ArrowDown');
    await expect(select.inputValue()).resolves.toBe(String(target.id));
    await s.getByRole('button', { name: '1 vraag verplaatsen' }).focus();
    await s.keyboard.press('Enter');

    await done(s);
    await expect.poll(() => row(s, id).count()).toBe(0);
    await s.goto(themePath(target.id));
    await expect(row(s, id).count()).resolves.toBe(1);
  });

  it('moves a question by drag and drop, and undoes the move', async () => {
    const s = await open('staff');
    await s.goto(themePath(theme.id));
    const id = Number(await rows(s).first().getAttribute('data-question-id'));

    await row(s, id).dragTo(s.locator(`[data-testid="drop-target"][data-theme="${target.id}"]`));
    await done(s);
    await expect.poll(() => row(s, id).count()).toBe(0);
    expect((await questionsOf(target.id)).questions.map((q) => q.id)).toContain(id);

    await s.getByRole('button', { name: 'Ongedaan maken' }).click();
    await done(s, 'Ongedaan gemaakt:');
    await expect.poll(() => row(s, id).count()).toBe(1);
    expect((await questionsOf(theme.id)).questions.map((q) => q.id)).toContain(id);
  });

  it('splits two questions off into a new theme', async () => {
    const s = await open('staff');
    await s.goto(themePath(theme.id));
    const ids = [
      Number(await rows(s).nth(0).getAttribute('data-question-id')),
      Number(await rows(s).nth(1).getAttribute('data-question-id'))
    ];
    for (const id of ids) await s.locator(`#pick-${id}`).check();
    await s.getByLabel('Naam van het nieuwe thema').fill('Afgesplitst (e2e)');
    await s.getByRole('button', { name: '2 vragen afsplitsen naar een nieuw thema' }).click();
    await done(s);
    for (const id of ids) await expect.poll(() => row(s, id).count()).toBe(0);

    await s.getByTestId('new-theme-link').click();
    await s.getByRole('heading', { level: 1, name: 'Afgesplitst (e2e)' }).waitFor();
    await expect(rows(s).count()).resolves.toBe(2);
    for (const id of ids) await expect(row(s, id).count()).resolves.toBe(1);
  });

  it('puts a question out of scope with a reason', async () => {
    const s = await open('staff');
    await s.goto(themePath(theme.id));
    const id = Number(await rows(s).first().getAttribute('data-question-id'));
    await s.locator(`#pick-${id}`).check();
    await s.getByLabel('Reden', { exact: true }).fill('Gaat over de werking van één school (e2e)');
    await s.getByRole('button', { name: '1 vraag buiten scope plaatsen' }).click();
    await done(s);
    await expect.poll(() => row(s, id).count()).toBe(0);

    await s.goto(themePath('out-of-scope'));
    await s.getByRole('heading', { level: 1, name: 'Buiten scope' }).waitFor();
    await expect(row(s, id).getByTestId('scope-reason').textContent()).resolves.toContain(
      'Gaat over de werking van één school (e2e)'
    );
    await expect(s.getByRole('button', { name: /terughalen in scope/ }).count()).resolves.toBe(1);
  });

  it('fits a 360 px wide phone', async () => {
    const s = await open('staff', PHONE);
    await s.goto(themePath(theme.id));
    await s.getByRole('heading', { level: 1, name: theme.name }).waitFor();
    await expect(overflowingElements(s)).resolves.toEqual([]);
    await s.goto(themePath('unassigned'));
    await s.getByRole('heading', { level: 1, name: 'Niet toegewezen' }).waitFor();
    await expect(overflowingElements(s)).resolves.toEqual([]);
  });

  it('shows the director the questions without the actions', async () => {
    const d = await open('director');
    await d.goto(themePath(theme.id));
    await d.getByRole('heading', { level: 1, name: theme.name }).waitFor();
    await expect(rows(d).count()).resolves.toBeGreaterThan(0);
    await expect(d.getByTestId('actions').count()).resolves.toBe(0);
    await expect(d.getByRole('checkbox').count()).resolves.toBe(0);
    await expect(d.getByTestId('edit-theme').count()).resolves.toBe(0);
    await expect(d.getByTestId('drop-target').count()).resolves.toBe(0);
  });

  it('renames a theme, and says who changed it in the meantime when the page was stale', async () => {
    const s = await open('staff');
    await s.goto(themePath(target.id));
    await s.getByRole('button', { name: 'Naam en beschrijving wijzigen' }).click();
    await s.getByLabel('Naam van het thema').fill('Hernoemd thema (e2e)');
    await s.getByLabel('Beschrijving').fill('Vragen over het hernoemde thema.');

    // Someone else describes the theme first: the page's version is stale.
    const board = await staff.get<{ themes: Theme[] }>(`/api/cycles/${cycleId}/theme-board`);
    const fresh = board.themes.find((card) => card.id === target.id)!;
    await staff.send('PATCH', `/api/themes/${target.id}`, {
      version: fresh.version,
      description: 'Intussen door een collega beschreven.'
    });
    await s.getByRole('button', { name: 'Opslaan' }).click();
    await expect
      .poll(async () => (await s.getByTestId('curation-status').textContent()) ?? '')
      .toMatch(/werd intussen gewijzigd door/);
    await expect
      .poll(async () => (await s.getByTestId('theme-description').textContent())?.trim())
      .toBe('Intussen door een collega beschreven.');

    // The form kept what was typed; saving again works against the fresh version.
    await s.getByRole('button', { name: 'Opslaan' }).click();
    await done(s);
    await s.getByRole('heading', { level: 1, name: 'Hernoemd thema (e2e)' }).waitFor();
    await expect(s.getByTestId('theme-description').textContent()).resolves.toContain(
      'Vragen over het hernoemde thema.'
    );
  });
});
