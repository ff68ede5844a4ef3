import { describe, expect, it } from 'vitest';
import { writeBatcher } from '../../src/core/db/writeBatcher';

interface Item {
  key: string;
  value: number;
}

/** A write whose statements finish only when the test says so; it records every batch it was given. */
function heldWrites(fail?: (items: Item[]) => Error | undefined) {
  const batches: Item[][] = [];
  const finishers: (() => void)[] = [];
  const write = (items: Item[]) =>
    new Promise<number[]>((resolve, reject) => {
      batches.push(items);
      finishers.push(() => {
        const error = fail?.(items);
        if (error) reject(error);
        else resolve(items.map((item) => item.value * 10));
      });
    });
  const finishNext = async () => {
    const finish = finishers.shift();
    if (!finish) throw new Error('no statement is running');
    finish();
    // Let the batcher see the result and send what waited.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { write, batches, finishNext };
}

const item = (key: string, value: number): Item => ({ key, value });

describe('writeBatcher', () => {
  it('writes a lone item at once, alone', async () => {
    const { write, batches, finishNext } = heldWrites();
    const save = writeBatcher({ write, key: (i: Item) => i.key });
    const result = save(item('a', 1));
    expect(batches).toEqual([[item('a', 1)]]);
    await finishNext();
    await expect(result).resolves.toBe(10);
  });

  it('sends what arrives while the statements run together in the next one, each caller its own result', async () => {
    const { write, batches, finishNext } = heldWrites();
    const save = writeBatcher({ write, key: (i: Item) => i.key, maxInFlight: 1 });
    const first = save(item('a', 1));
    const waiting = [save(item('b', 2)), save(item('c', 3)), save(item('d', 4))];
    expect(batches).toHaveLength(1);
    await finishNext();
    expect(batches[1]).toEqual([item('b', 2), item('c', 3), item('d', 4)]);
    await finishNext();
    await expect(first).resolves.toBe(10);
    await expect(Promise.all(waiting)).resolves.toEqual([20, 30, 40]);
  });

  it('runs up to maxInFlight statements at once and no more than maxBatch items in one', async () => {
    const { write, batches, finishNext } = heldWrites();
    const save = writeBatcher({ write, key: (i: Item) => i.key, maxInFlight: 2, maxBatch: 2 });
    const results = ['a', 'b', 'c', 'd', 'e', 'f'].map((k, i) => save(item(k, i)));
    expect(batches.map((b) => b.map((i) => i.key))).toEqual([['a'], ['b']]);
    await finishNext();
    expect(batches.map((b) => b.map((i) => i.key))).toEqual([['a'], ['b'], ['c', 'd']]);
    await finishNext();
    await finishNext();
    await finishNext();
    expect(batches.map((b) => b.map((i) => i.key))).toEqual([['a'], ['b'], ['c', 'd'], ['e', 'f']]);
    await expect(Promise.all(results)).resolves.toEqual([0, 10, 20, 30, 40, 50]);
  });

  it('writes items of one key in turn, in arrival order, never two at once', async () => {
    const { write, batches, finishNext } = heldWrites();
    const save = writeBatcher({ write, key: (i: Item) => i.key, maxInFlight: 3 });
    const results = [save(item('x', 1)), save(item('x', 2)), save(item('y', 3)), save(item('x', 4))];
    // x:2 waits for x:1 although a statement slot is free; y goes.
    expect(batches).toEqual([[item('x', 1)], [item('y', 3)]]);
    await finishNext();
    expect(batches[2]).toEqual([item('x', 2)]);
    await finishNext();
    await finishNext();
    expect(batches[3]).toEqual([item('x', 4)]);
    await finishNext();
    await expect(Promise.all(results)).resolves.toEqual([10, 20, 30, 40]);
  });

  it("runs a failed batch again item by item: one item's error is its own", async () => {
    const bad = new Error('value 3 breaks the statement');
    const { write, batches, finishNext } = heldWrites((items) =>
      items.some((i) => i.value === 3) ? bad : undefined,
    );
    const save = writeBatcher({ write, key: (i: Item) => i.key, maxInFlight: 1 });
    const first = save(item('a', 1));
    const waiting = [save(item('b', 2)), save(item('c', 3)), save(item('d', 4))];
    await finishNext();
    await finishNext(); // the batch b, c, d fails
    expect(batches.slice(2)).toEqual([[item('b', 2)], [item('c', 3)], [item('d', 4)]]);
    await finishNext();
    await finishNext();
    await finishNext();
    await expect(first).resolves.toBe(10);
    const settled = await Promise.allSettled(waiting);
    expect(settled).toEqual([
      { status: 'fulfilled', value: 20 },
      { status: 'rejected', reason: bad },
      { status: 'fulfilled', value: 40 },
    ]);
  });

  it('fails the whole batch at once when the database is unavailable, trying no item again', async () => {
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const { write, batches, finishNext } = heldWrites((items) => (items.length > 1 ? down : undefined));
    const save = writeBatcher({ write, key: (i: Item) => i.key, maxInFlight: 1 });
    const first = save(item('a', 1));
    const waiting = [save(item('b', 2)), save(item('c', 3))].map((p) => p.catch((error) => error));
    await finishNext();
    await finishNext();
    await expect(first).resolves.toBe(10);
    expect(await Promise.all(waiting)).toEqual([down, down]);
    expect(batches).toHaveLength(2);
  });
});
