import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, overflowingElements, screenshot, Sessions } from './browser';
import { type Api, apiAs, groupQuestions, type OwnServer, startServer } from './own-server';

/**
 * Staff curate one theme on its page: search its questions, move some by keyboard and by drag and drop, undo a move
 * (by keyboard too), split questions off into a new theme or re-cluster a theme into several, put a question out of
 * scope and bring it back; a theme in a rating round refuses the split and asks before its questions move. The
 * director reads along without the actions.
 *
 * Curation changes the demo themes other browser tests rely on, so this file runs a server of its own.
 */

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };

interface Theme {
  id: number;
  name: string;
  description: string;
  size: number;
  version: number;
}

interface Board {
  themes: Theme[];
}

interface QuestionList {
  total: number;
  questions: { id: number; text: string; outOfScopeReason: string | null }[];
}

describe.sequential('the theme page', () => {
  let server: OwnServer;
  let browser: Browser;
  let staff: Api;
  let sessions: Sessions;
  let cycleId: number;
  /** The largest theme, curated here, and the one questions move to. */
  let theme: Theme;
  let target: Theme;
  /** The third largest, put in a rating round; the fifth, re-clustered (its six demo questions fall apart in three). */
  let rated: Theme;
  let regrouped: Theme;

  const open = (user: string, viewport = DESKTOP): Promise<Page> => sessions.open(user, viewport);
  const themePath = (id: number | string) => `/cycles/${cycleId}/board/${id}`;
  const questionsOf = (id: number | string, q = '') =>
    staff.get<QuestionList>(
      `/api/cycles/${cycleId}/questions/search?theme=${id}&limit=1000${q ? `&q=${encodeURIComponent(q)}` : ''}`
    );
  const rows = (p: Page) => p.getByTestId('question-row');
  const row = (p: Page, id: number) => p.locator(`#question-${id}`);

  const status = async (p: Page) => (await p.getByTestId('curation-status').textContent())?.trim() ?? '';
  const isFocused = (locator: Locator) => locator.evaluate((element) => element === document.activeElement);

  /** Waits for a change's summary in the live region. */
  async function done(p: Page, prefix = 'Gedaan:'): Promise<void> {
    await expect.poll(() => status(p), { timeout: 15_000 }).toMatch(new RegExp(`^${prefix}`));
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer('theme-page'), launchBrowser()]);
    sessions = new Sessions(browser, server.baseURL);
    staff = await apiAs(server.baseURL, 'staff');
    cycleId = (await staff.get<{ id: number }[]>('/api/cycles'))[0]!.id;
    await groupQuestions(staff, cycleId);
    const board = await staff.get<Board>(`/api/cycles/${cycleId}/theme-board`);
    [theme, target, rated, , regrouped] = [...board.themes].sort((a, b) => b.size - a.size) as [
      Theme,
      Theme,
      Theme,
      Theme,
      Theme
    ];
  }, 180_000);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await screenshot(sessions?.page, `theme-page-${context.task.name}`);
    await sessions?.close();
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

  it('moves a question with the keyboard only, and undoes the move with the keyboard', async () => {
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
    expect((await questionsOf(target.id)).questions.map((q) => q.id)).toContain(id);

    // The summary takes the focus, so the next Tab reaches "Ongedaan maken".
    await s.keyboard.press('Tab');
    await expect(isFocused(s.getByRole('button', { name: 'Ongedaan maken' }))).resolves.toBe(true);
    await s.keyboard.press('Enter');
    await done(s, 'Ongedaan gemaakt:');
    await expect.poll(() => row(s, id).count()).toBe(1);
    expect((await questionsOf(theme.id)).questions.map((q) => q.id)).toContain(id);
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

  it('puts a question out of scope with a reason, and brings it back in scope to "niet toegewezen"', async () => {
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

    await s.getByRole('checkbox', { name: `Vraag ${id} selecteren` }).check();
    await s.getByRole('button', { name: '1 vraag terughalen in scope' }).click();
    await done(s);
    await expect.poll(() => row(s, id).count()).toBe(0);
    await s.goto(themePath('unassigned'));
    await s.getByRole('heading', { level: 1, name: 'Niet toegewezen' }).waitFor();
    await expect(row(s, id).count()).resolves.toBe(1);
    await expect(row(s, id).getByTestId('scope-reason').count()).resolves.toBe(0);
  });

  it('re-clusters a theme into three from its page, and the board shows the three', async () => {
    const before = await staff.get<Board>(`/api/cycles/${cycleId}/theme-board`);
    const size = before.themes.find((card) => card.id === regrouped.id)!.size;
    const s = await open('staff');
    await s.goto(themePath(regrouped.id));
    await s.getByLabel('Het hele thema opnieuw groeperen in').fill('3');
    await s.getByRole('button', { name: "Opnieuw groeperen in 3 thema's" }).click();
    await done(s);

    // The largest part stays in the theme; the other two are new themes. No question is lost.
    const after = await staff.get<Board>(`/api/cycles/${cycleId}/theme-board`);
    const known = new Set(before.themes.map((card) => card.id));
    const parts = after.themes.filter((card) => card.id === regrouped.id || !known.has(card.id));
    expect(parts).toHaveLength(3);
    expect(parts.reduce((sum, card) => sum + card.size, 0)).toBe(size);

    await s.getByRole('link', { name: 'Terug naar het themabord' }).click();
    await s.getByRole('heading', { level: 1, name: 'Themabord' }).waitFor();
    const cards = s.getByTestId('theme-card');
    await expect(cards.count()).resolves.toBe(before.themes.length + 2);
    for (const part of parts) {
      const card = cards.and(s.locator(`[data-theme-id="${part.id}"]`));
      await expect(card.getByRole('heading', { level: 3 }).textContent()).resolves.toContain(part.name);
      await expect(card.getByTestId('theme-size').textContent()).resolves.toMatch(
        new RegExp(`^\\s*${part.size} vra(ag|gen)`)
      );
    }
  });

  it('refuses to split a theme a rating round includes, and asks before moving its questions', async () => {
    const s = await open('staff');
    await s.goto(themePath(rated.id));
    await s.getByRole('heading', { level: 1, name: rated.name }).waitFor();
    const shown = await rows(s).count();
    const id = Number(await rows(s).first().getAttribute('data-question-id'));

    // The round is made after the page was loaded: the page still offers the split, and the API refuses it.
    const round = await staff.send<{ id: number; name: string }>('POST', `/api/cycles/${cycleId}/rounds`, {
      name: 'Prioritering (themapagina e2e)',
      themeIds: [rated.id]
    });
    await s.getByRole('checkbox', { name: `Vraag ${id} selecteren` }).check();
    await s.getByLabel('Naam van het nieuwe thema').fill('Mag niet (e2e)');
    await s.getByRole('button', { name: '1 vraag afsplitsen naar een nieuw thema' }).click();
    await expect.poll(() => status(s)).toContain('zit in een beoordelingsronde');
    expect(await status(s)).toContain(round.name);
    await expect(rows(s).count()).resolves.toBe(shown);

    // Loaded again, the page says so before anyone tries.
    await s.reload();
    await s.getByTestId('badge-in-round').waitFor();
    await expect(s.getByTestId('split-refused').textContent()).resolves.toContain('beoordelingsronde');
    await expect(
      s.getByRole('button', { name: /afsplitsen naar een nieuw thema|Opnieuw groeperen/ }).count()
    ).resolves.toBe(0);

    // Moving one of its questions asks first; cancelled, nothing moves.
    await s.getByRole('checkbox', { name: `Vraag ${id} selecteren` }).check();
    await s.getByLabel('Verplaatsen naar').selectOption('unassigned');
    const moveButton = s.getByRole('button', { name: '1 vraag verplaatsen' });
    await moveButton.click();
    const dialog = s.getByRole('dialog');
    await expect(dialog.textContent()).resolves.toContain(round.name);
    await dialog.getByRole('button', { name: 'Annuleren' }).click();
    await expect(dialog.count()).resolves.toBe(0);
    await expect(row(s, id).count()).resolves.toBe(1);

    await moveButton.click();
    await dialog.getByRole('button', { name: 'Ja, toch doorgaan' }).click();
    await done(s);
    await expect.poll(() => row(s, id).count()).toBe(0);
    await s.goto(themePath('unassigned'));
    await expect(row(s, id).count()).resolves.toBe(1);
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
