import { FaultSet, type FaultTarget } from '../../src/core/session/faults';

const call = (over: Partial<FaultTarget> = {}): FaultTarget => ({
  api: 'kms', operationId: 'updatePrimaryRegion', method: 'PUT', params: { key_id: 'k1' }, token: 't1', ...over,
});

describe('a session\'s fault set', () => {
  it('fires the first matching fault, after its free calls and up to its times, counting every match', () => {
    const faults = new FaultSet(10);
    const first = faults.add({ api: 'kms', status: 504, after: 1, times: 2 });
    const second = faults.add({ params: { key_id: 'k1' }, status: 500 });
    const fired = [1, 2, 3, 4].map(() => faults.take(call())?.id);
    expect(fired).toEqual([second.id, first.id, first.id, second.id]);
    expect(first).toMatchObject({ matched: 4, fired: 2 });
    expect(second).toMatchObject({ matched: 4, fired: 2 });
  });

  it('matches on every field given', () => {
    const faults = new FaultSet(10);
    faults.add({ api: 'kms', method: 'put', token: 't1', params: { key_id: 'k1' }, status: 500 });
    expect(faults.take(call({ token: 't2' }))).toBeUndefined();
    expect(faults.take(call({ params: { key_id: 'k2' } }))).toBeUndefined();
    expect(faults.take(call({ api: 'rainbond' }))).toBeUndefined();
    expect(faults.take(call())).toBeDefined();
  });

  it('says when it is full, and pages by the order of adding', () => {
    const faults = new FaultSet(3);
    const added = [1, 2, 3].map((times) => faults.add({ status: 500, times }));
    expect(faults.full).toBe(true);
    faults.remove(added[1].id);
    expect(faults.full).toBe(false);
    const first = faults.page(1);
    expect(first.faults.map((f) => f.times)).toEqual([1]);
    expect(faults.page(1, Number(first.next))).toEqual({ faults: [added[2]], next: null });
  });
});
