import { TurnQueue } from '../../src/core/session/turns';

/** Which turns have started, by name. */
function started(turns: Record<string, { started: boolean }>): string[] {
  return Object.entries(turns).filter(([, t]) => t.started).map(([name]) => name);
}

describe("a session's line of turns", () => {
  it('lets reads next to each other run together, and a write only alone', () => {
    const line = new TurnQueue();
    const turns = { r1: line.enter('read'), r2: line.enter('read'), w: line.enter('write'), r3: line.enter('read') };
    expect(started(turns)).toEqual(['r1', 'r2']);
    turns.r2.release();
    expect(started(turns)).toEqual(['r1', 'r2']);
    turns.r1.release();
    expect(started(turns)).toEqual(['r1', 'r2', 'w']);
    turns.w.release();
    expect(started(turns)).toEqual(['r1', 'r2', 'w', 'r3']);
    turns.r3.release();
    expect(line.idle).toBe(true);
  });

  it('keeps writes in the order they arrived, and a release twice is harmless', async () => {
    const line = new TurnQueue();
    const order: string[] = [];
    const first = line.enter('write');
    const second = line.enter('write');
    const waited = second.wait()?.then(() => order.push('second'));
    order.push('first');
    first.release();
    first.release();
    await waited;
    expect(order).toEqual(['first', 'second']);
    expect(first.wait()).toBeUndefined();
    second.release();
    expect(line.idle).toBe(true);
  });
});
