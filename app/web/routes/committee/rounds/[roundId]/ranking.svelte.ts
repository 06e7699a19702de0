import { Autosave } from './autosave.svelte';

/** A member's top N in a ranking round: kept in order, and saved whole after every change. */
export class RankingState {
  #order = $state<number[]>([]);
  readonly autosave = new Autosave();
  readonly size: number;
  readonly #save: (themeIds: number[]) => Promise<void>;

  constructor(initial: number[], size: number, save: (themeIds: number[]) => Promise<void>) {
    this.#order = initial.slice(0, size);
    this.size = size;
    this.#save = save;
  }

  get order(): readonly number[] {
    return this.#order;
  }

  get full(): boolean {
    return this.#order.length >= this.size;
  }

  place(themeId: number): number | null {
    const index = this.#order.indexOf(themeId);
    return index < 0 ? null : index + 1;
  }

  add(themeId: number): Promise<boolean> {
    if (this.full || this.#order.includes(themeId)) return Promise.resolve(false);
    this.#order = [...this.#order, themeId];
    return this.#persist();
  }

  remove(themeId: number): Promise<boolean> {
    this.#order = this.#order.filter((id) => id !== themeId);
    return this.#persist();
  }

  /** Moves a theme one place up (-1) or down (+1). */
  move(themeId: number, delta: -1 | 1): Promise<boolean> {
    const from = this.#order.indexOf(themeId);
    const to = from + delta;
    if (from < 0 || to < 0 || to >= this.#order.length) return Promise.resolve(false);
    const next = [...this.#order];
    [next[from], next[to]] = [next[to]!, next[from]!];
    this.#order = next;
    return this.#persist();
  }

  #persist(): Promise<boolean> {
    const themeIds = [...this.#order];
    return this.autosave.save('ranking', 'ranking', () => this.#save(themeIds));
  }
}
