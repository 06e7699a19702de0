import type { Locator, Page } from 'playwright-core';

/**
 * Keyboard-only helpers for the browser tests: they press keys as a person without a mouse would, and when a control
 * cannot be reached they say where the focus went instead.
 */

type Role = Parameters<Page['getByRole']>[0];

/** A control by its role and accessible name (exact unless told), or any locator (a field by its label). */
export type Control = { role: Role; name: string | RegExp; exact?: boolean } | Locator;

const locate = (page: Page, control: Control): Locator =>
  'role' in control
    ? page.getByRole(control.role, { name: control.name, exact: control.exact ?? true })
    : (control as Locator);

const label = (control: Control): string =>
  'role' in control ? `the ${control.role} "${String(control.name)}"` : String(control);

/** Whether the focus is on (one of) the element(s) the locator finds; none found is false. */
export const isFocused = (locator: Locator): Promise<boolean> =>
  locator.evaluateAll((elements) => elements.some((element) => element === document.activeElement));

/** The focused element in a few words (tag, type, role, name), or `<body>` when nothing has the focus. */
export function focusedElement(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return '<body>';
    const text = (node: Element | null | undefined) => node?.textContent ?? '';
    const labelledBy = element.getAttribute('aria-labelledby');
    const labels = 'labels' in element ? (element as HTMLInputElement).labels : null;
    const name =
      element.getAttribute('aria-label') ??
      (labelledBy
        ? labelledBy
            .split(/\s+/)
            .map((id) => text(document.getElementById(id)))
            .join(' ')
        : text(labels?.[0]));
    const shown = (name || text(element)).replace(/\s+/g, ' ').trim().slice(0, 60);
    const type = element instanceof HTMLInputElement ? `[type=${element.type}]` : '';
    const role = element.getAttribute('role');
    return `${element.tagName.toLowerCase()}${type}${role ? `[role=${role}]` : ''}${shown ? ` "${shown}"` : ''}`;
  });
}

/**
 * What is wrong with the focused element's focus indicator, or null when it shows: the browser must treat the focus
 * as visible, and an outline or box-shadow of at least 2 px must contrast 3:1 with the background around it (WCAG
 * 2.4.7 and 1.4.11; the contrast formula is WCAG's relative luminance).
 */
export function focusIndicatorProblem(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'nothing has the focus';
    if (!element.matches(':focus-visible')) return 'the browser does not show the focus (:focus-visible)';
    const rgb = (text: string) =>
      [...text.matchAll(/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/g)].map((m) => ({
        rgb: [Number(m[1]), Number(m[2]), Number(m[3])],
        alpha: m[4] === undefined ? 1 : Number(m[4])
      }));
    const luminance = ([r, g, b]: number[]) => {
      const linear = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * linear(r!) + 0.7152 * linear(g!) + 0.0722 * linear(b!);
    };
    const contrast = (a: number[], b: number[]) => {
      const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (light! + 0.05) / (dark! + 0.05);
    };
    // The outline sits outside the element: the background it stands out from is the nearest painted one around.
    let background = [255, 255, 255];
    for (let node = element.parentElement; node; node = node.parentElement) {
      const [colour] = rgb(getComputedStyle(node).backgroundColor);
      if (colour && colour.alpha > 0) {
        background = colour.rgb;
        break;
      }
    }
    const style = getComputedStyle(element);
    const colours: number[][] = [];
    if (style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2) {
      colours.push(...rgb(style.outlineColor).map((c) => c.rgb));
    }
    // Computed shadows read "rgb(…) x y blur spread": a ring is one whose spread is 2 px or more.
    for (const shadow of style.boxShadow.matchAll(
      /(rgba?\([^)]*\))\s+-?[\d.]+px\s+-?[\d.]+px\s+[\d.]+px\s+([\d.]+)px/g
    )) {
      if (Number(shadow[2]) >= 2) colours.push(...rgb(shadow[1]!).map((c) => c.rgb));
    }
    if (colours.length === 0) return 'no outline or box-shadow ring of 2 px or more';
    const best = Math.max(...colours.map((c) => contrast(c, background)));
    return best >= 3
      ? null
      : `the indicator's best contrast with rgb(${background.join(', ')}) is ${best.toFixed(2)}:1, under 3:1`;
  });
}

/**
 * Presses Tab (Shift+Tab with `back`) until the control has the focus, at most `max` times; returns its locator.
 * It first waits for the control to be shown and enabled, as a person waits for the page, since Tab passes over a
 * control that is still disabled. Fails with the elements the focus passed through, or when the control, reached,
 * does not show that it has the focus.
 */
export async function tabTo(page: Page, control: Control, options: { back?: boolean; max?: number } = {}) {
  const target = locate(page, control);
  const first = target.first();
  await first.waitFor();
  if (!(await first.isEnabled())) await first.and(page.locator(':enabled')).waitFor();
  const key = options.back ? 'Shift+Tab' : 'Tab';
  const max = options.max ?? 150;
  const passed: string[] = [];
  for (let press = 0; press < max && !(await isFocused(target)); press++) {
    await page.keyboard.press(key);
    passed.push(await focusedElement(page));
  }
  if (!(await isFocused(target))) {
    throw new Error(
      `${label(control)} was not reached with ${max} presses of ${key}; the focus passed through:\n  ${passed.join('\n  ')}`
    );
  }
  const problem = await focusIndicatorProblem(page);
  if (problem) throw new Error(`${label(control)} has the focus, but it does not show: ${problem}.`);
  return target;
}

/**
 * Picks an option of the focused <select> with the arrow keys, which change a closed select's value at once (and
 * fire its change event) in Chromium outside macOS.
 */
export async function chooseOption(page: Page, select: Locator, option: string): Promise<void> {
  const shown = () => select.evaluate((element: HTMLSelectElement) => element.selectedOptions[0]?.label.trim() ?? '');
  const [current, wanted, count] = await select.evaluate(
    (element: HTMLSelectElement, text) => [
      element.selectedIndex,
      [...element.options].findIndex((o) => o.label.trim() === text),
      element.options.length
    ],
    option
  );
  if (wanted < 0) throw new Error(`${String(select)} has no option "${option}".`);
  // Disabled options are skipped: press until it shows, not a counted number of times.
  const key = wanted > current ? 'ArrowDown' : 'ArrowUp';
  for (let press = 0; press < count && (await shown()) !== option; press++) await page.keyboard.press(key);
  const chosen = await shown();
  if (chosen !== option) throw new Error(`${String(select)} shows "${chosen}" instead of "${option}".`);
}
