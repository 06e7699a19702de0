import { LatestOnlyQueue } from './latest-only-queue';

export type SaveState = 'idle' | 'saving' | 'saved' | 'failed';

export interface BallotTheme {
  id: number;
  scores: Record<string, number>;
}

type Save = (themeId: number, criterionId: number, value: number) => Promise<void>;

const keyOf = (themeId: number, criterionId: number) => `${themeId}:${criterionId}`;

/** A member's scores while they rate: every choice is saved at once, the last choice wins. */
export class BallotState {
  #chosen = $state<Record<string, number>>({});
  #saved = $state<Record<string, number>>({});
  #status = $state<Record<number, SaveState>>({});
  #failure = $state<Record<number, unknown>>({});
  #themeIds: number[];
  #criterionIds: number[];
  #queue: LatestOnlyQueue<number>;

  constructor(themes: BallotTheme[], criterionIds: number[], save: Save) {
    this.#themeIds = themes.map((t) => t.id);
    this.#criterionIds = criterionIds;
    this.#queue = new LatestOnlyQueue(async (key, value) => {
      const [themeId, criterionId] = key.split(':').map(Number) as [number, number];
      await save(themeId, criterionId, value);
      this.#saved[key] = value;
    });
    for (const theme of themes) {
      for (const [criterionId, value] of Object.entries(theme.scores)) {
        this.#chosen[keyOf(theme.id, Number(criterionId))] = value;
        this.#saved[keyOf(theme.id, Number(criterionId))] = value;
      }
    }
  }

  value(themeId: number, criterionId: number): number | undefined {
    return this.#chosen[keyOf(themeId, criterionId)];
  }

  status(themeId: number): SaveState {
    return this.#status[themeId] ?? 'idle';
  }

  failure(themeId: number): unknown {
    return this.#failure[themeId];
  }

  /** Themes with a stored score for every criterion. */
  get scored(): number {
    return this.#themeIds.filter((themeId) =>
      this.#criterionIds.every((criterionId) => this.#saved[keyOf(themeId, criterionId)] !== undefined)
    ).length;
  }

  get total(): number {
    return this.#themeIds.length;
  }

  async choose(themeId: number, criterionId: number, value: number): Promise<void> {
    this.#chosen[keyOf(themeId, criterionId)] = value;
    this.#status[themeId] = 'saving';
    try {
      if (await this.#queue.push(keyOf(themeId, criterionId), value)) this.#status[themeId] = 'saved';
    } catch (err) {
      this.#failure[themeId] = err;
      this.#status[themeId] = 'failed';
    }
  }
}
