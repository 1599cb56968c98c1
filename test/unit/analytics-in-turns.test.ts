import { inTurns } from '../../src/analytics';

describe('a report runs its groups in turns', () => {
  it('keeps at most `limit` running, starts the next as one ends, and answers in the order given', async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const gates = new Map<number, () => void>();
    const done = inTurns([0, 1, 2, 3, 4], 2, async (n) => {
      started.push(n);
      running += 1;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => gates.set(n, resolve));
      running -= 1;
      return n * 10;
    });
    // Release them out of order: 1 before 0, then the rest as they start.
    const release = async (n: number) => {
      while (!gates.has(n)) await new Promise((r) => setImmediate(r));
      gates.get(n)!();
    };
    await release(1);
    await release(0);
    await release(3);
    await release(2);
    await release(4);
    expect(await done).toEqual([0, 10, 20, 30, 40]);
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it('answers nothing for nothing, and fails as soon as a group fails', async () => {
    expect(await inTurns([], 2, async () => 1)).toEqual([]);
    await expect(
      inTurns([1, 2, 3], 2, async (n) => {
        if (n === 2) throw new Error('group 2 failed');
        return n;
      }),
    ).rejects.toThrow('group 2 failed');
  });
});
