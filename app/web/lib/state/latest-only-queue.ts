/**
 * Sends values one at a time per key. A value chosen while an earlier one is still on its way
 * waits; a newer one replaces it, so after a burst (arrow keys on a radio group) only the first
 * and the last value travel, in that order, and the last one is what the server keeps.
 */
export class LatestOnlyQueue<V> {
  #busy = new Set<string>();
  #waiting = new Map<string, V>();
  #send: (key: string, value: V) => Promise<void>;

  constructor(send: (key: string, value: V) => Promise<void>) {
    this.#send = send;
  }

  /**
   * Resolves true once this key has nothing left to send, false when the value was handed to
   * the call already sending for this key. Rejects when sending fails; waiting values are dropped.
   */
  async push(key: string, value: V): Promise<boolean> {
    if (this.#busy.has(key)) {
      this.#waiting.set(key, value);
      return false;
    }
    this.#busy.add(key);
    try {
      let next: V | undefined = value;
      while (next !== undefined) {
        await this.#send(key, next);
        next = this.#waiting.get(key);
        this.#waiting.delete(key);
      }
      return true;
    } catch (err) {
      this.#waiting.delete(key);
      throw err;
    } finally {
      this.#busy.delete(key);
    }
  }
}
