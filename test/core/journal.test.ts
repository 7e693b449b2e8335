import { Journal, JournalBudget, type JournalRecord } from '../../src/core/session/journal';

const record = (at: number, bytes = 100, over: Partial<JournalRecord> = {}): JournalRecord => ({
  at, api: 'kms', operationId: 'describeKey', method: 'POST', path: '/p', query: {}, headers: { 'x-auth-token': 'secret', 'content-type': 'application/json' },
  contentType: 'application/json', bodyText: '{"a":1}', bodyTruncated: false, status: 200, responseText: '{"ok":true}', responseBodyTruncated: false,
  durationMs: 1, forced: null, networkFault: null, violations: undefined, bytes, ...over,
});
const credentials = new Set(['x-auth-token']);

describe('a journal', () => {
  it('keeps its newest entries up to its limit, parsed and masked when read', () => {
    const journal = new Journal(2, new JournalBudget(1e6), credentials);
    for (let i = 1; i <= 3; i++) journal.add(record(i));
    const entries = journal.find();
    expect(entries.map((e) => e.id)).toEqual([2, 3]);
    expect(entries[0]).toMatchObject({ body: { a: 1 }, responseBody: { ok: true }, requestHeaders: { 'x-auth-token': '***', 'content-type': 'application/json' } });
  });

  it('pages by id, and counts without building entries', () => {
    const journal = new Journal(100, new JournalBudget(1e6), credentials);
    for (let i = 1; i <= 5; i++) journal.add(record(i, 100, { status: i % 2 ? 200 : 400 }));
    const first = journal.page({}, 2);
    expect(first.requests.map((e) => e.id)).toEqual([1, 2]);
    expect(journal.page({}, 2, Number(first.next)).requests.map((e) => e.id)).toEqual([3, 4]);
    expect(journal.page({ status: 400 }, 2)).toMatchObject({ requests: [{ id: 2 }, { id: 4 }], next: null });
    expect(journal.count({ status: 200 })).toBe(3);
  });

  it('restarts its ids after a reset, not after a clear', () => {
    const journal = new Journal(100, new JournalBudget(1e6), credentials);
    journal.add(record(1));
    journal.clear();
    journal.add(record(2));
    expect(journal.find()[0].id).toBe(2);
    journal.clear({ restartIds: true });
    expect(journal.pristine).toBe(true);
  });
});

describe('the byte budget shared by journals', () => {
  it('drops the oldest entries of any journal first, and gives bytes back on a clear', () => {
    const budget = new JournalBudget(350);
    const a = new Journal(100, budget, credentials);
    const b = new Journal(100, budget, credentials);
    a.add(record(1));
    b.add(record(2));
    a.add(record(3));
    b.add(record(4));
    expect(a.find().map((e) => e.id)).toEqual([2]);
    expect(b.find().map((e) => e.id)).toEqual([1, 2]);
    expect(budget.used).toBe(300);
    b.clear();
    expect(budget.used).toBe(100);
  });

  it('keeps an entry larger than the whole budget alone rather than emptying every journal', () => {
    const budget = new JournalBudget(150);
    const a = new Journal(100, budget, credentials);
    const b = new Journal(100, budget, credentials);
    a.add(record(1));
    b.add(record(2, 1000));
    expect(a.find()).toEqual([]);
    expect(b.find()).toHaveLength(1);
  });
});
