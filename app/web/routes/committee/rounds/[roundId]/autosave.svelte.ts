import { ApiError } from '$lib/api';
import { LatestOnlyQueue } from '$lib/state/latest-only-queue';

/** `retrying`: a failed change being sent again by itself. */
export type SaveState = 'idle' | 'saving' | 'retrying' | 'saved' | 'failed' | 'waiting';

interface KeyState {
  group: string;
  state: SaveState;
  error?: unknown;
  /** Seconds after which a failed change is sent again by itself, when it is. */
  retryIn?: number;
}

/** Failures worth trying again by themselves: the server could not be reached or had a passing problem. */
function transient(err: unknown): boolean {
  return !(err instanceof ApiError) || err.status === 0 || err.status >= 500;
}

const RETRY_DELAYS_MS = [2_000, 5_000, 10_000];

/**
 * Saves every change at once. Per key (a theme's criterion, its comment) the latest value wins; per group (a theme)
 * one status: saving, saved, or failed with the reason. Failures can be retried, and are retried by themselves a
 * few times when the network or server was at fault (a database restarting answers 503): the status says when.
 */
export class Autosave {
  #keys = $state<Record<string, KeyState>>({});
  // Bookkeeping that no page shows: plain records, not state.
  #last: Record<string, () => Promise<void>> = {};
  #attempts: Record<string, number> = {};
  #timers: Record<string, ReturnType<typeof setTimeout>> = {};
  #queue = new LatestOnlyQueue<() => Promise<void>>((_key, send) => send());

  #of(group: string): KeyState[] {
    return Object.values(this.#keys).filter((k) => k.group === group);
  }

  status(group: string): SaveState {
    const states = this.#of(group).map((k) => k.state);
    for (const state of ['failed', 'waiting', 'retrying', 'saving', 'saved'] as const) {
      if (states.includes(state)) return state;
    }
    return 'idle';
  }

  /**
   * Seconds until a failed group is sent again by itself (the soonest of its failed changes); null when one of them
   * waits for the member instead.
   */
  retryIn(group: string): number | null {
    const failed = this.#of(group).filter((k) => k.state === 'failed');
    if (failed.length === 0 || failed.some((k) => k.retryIn === undefined)) return null;
    return Math.min(...failed.map((k) => k.retryIn!));
  }

  failure(group: string): unknown {
    return this.#of(group).find((k) => k.state === 'failed')?.error;
  }

  /** Any change not yet stored (on its way, failed, or waiting for the member). */
  get unsaved(): boolean {
    return Object.values(this.#keys).some((k) => k.state !== 'saved' && k.state !== 'idle');
  }

  /** A change that waits for the member (a reason to give) before it can be saved. */
  hold(group: string, key: string): void {
    this.#cancelRetry(key);
    this.#keys[key] = { group, state: 'waiting' };
  }

  /** Forgets a key's unsaved state (the member went back to what is stored). */
  clear(key: string): void {
    this.#cancelRetry(key);
    delete this.#keys[key];
  }

  save(group: string, key: string, send: () => Promise<void>): Promise<boolean> {
    return this.#send(group, key, send, 'saving');
  }

  async #send(group: string, key: string, send: () => Promise<void>, state: 'saving' | 'retrying'): Promise<boolean> {
    this.#cancelRetry(key);
    this.#last[key] = send;
    this.#keys[key] = { group, state };
    try {
      if (await this.#queue.push(key, send)) {
        this.#keys[key] = { group, state: 'saved' };
        delete this.#attempts[key];
      }
      return true;
    } catch (err) {
      const attempt = this.#attempts[key] ?? 0;
      const delay = transient(err) ? RETRY_DELAYS_MS[attempt] : undefined;
      this.#keys[key] = { group, state: 'failed', error: err, retryIn: delay === undefined ? undefined : delay / 1000 };
      if (delay) {
        this.#attempts[key] = attempt + 1;
        this.#timers[key] = setTimeout(() => void this.#retryKey(key), delay);
      }
      return false;
    }
  }

  /** Tries the failed changes of a group again (the member's "Opnieuw proberen"). */
  retry(group: string): void {
    for (const [key, state] of Object.entries(this.#keys)) {
      if (state.group === group && state.state === 'failed') {
        delete this.#attempts[key];
        void this.#retryKey(key);
      }
    }
  }

  async #retryKey(key: string): Promise<void> {
    const send = this.#last[key];
    const state = this.#keys[key];
    if (send && state) await this.#send(state.group, key, send, 'retrying');
  }

  #cancelRetry(key: string): void {
    clearTimeout(this.#timers[key]);
    delete this.#timers[key];
  }
}
