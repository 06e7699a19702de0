import { describe, expect, it } from 'vitest';
import { LatestOnlyQueue } from './latest-only-queue';

function deferredSender() {
  const sent: [string, number][] = [];
  const pending: (() => void)[] = [];
  const queue = new LatestOnlyQueue<number>(
    (key, value) =>
      new Promise<void>((resolve) => {
        sent.push([key, value]);
        pending.push(resolve);
      })
  );
  const settle = async () => {
    while (pending.length > 0) {
      pending.shift()!();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  };
  return { queue, sent, settle };
}

describe('LatestOnlyQueue', () => {
  it('sends the first and the last of a burst, in order', async () => {
    const { queue, sent, settle } = deferredSender();
    const first = queue.push('a', 1);
    const results = await Promise.all([queue.push('a', 2), queue.push('a', 3), queue.push('a', 4)]);
    expect(results).toEqual([false, false, false]);
    await settle();
    await expect(first).resolves.toBe(true);
    expect(sent).toEqual([
      ['a', 1],
      ['a', 4]
    ]);
  });

  it('keeps keys apart', async () => {
    const { queue, sent, settle } = deferredSender();
    const both = Promise.all([queue.push('a', 1), queue.push('b', 2)]);
    await settle();
    await expect(both).resolves.toEqual([true, true]);
    expect(sent).toEqual([
      ['a', 1],
      ['b', 2]
    ]);
  });

  it('reports a failure to the sending call and drops what waited', async () => {
    let calls = 0;
    const queue = new LatestOnlyQueue<number>(async () => {
      calls++;
      throw new Error('offline');
    });
    const first = queue.push('a', 1);
    await expect(queue.push('a', 2)).resolves.toBe(false);
    await expect(first).rejects.toThrow('offline');
    expect(calls).toBe(1);
    // The key is free again afterwards.
    await expect(queue.push('a', 3)).rejects.toThrow('offline');
    expect(calls).toBe(2);
  });
});
