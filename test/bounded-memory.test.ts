import { connect } from 'node:net';
import request from 'supertest';
import { putRegion } from './operations';
import { startServer } from '../src';
import { CLI, killAll, startProcess } from './cli-process';
import { adminDoc, freshMock, MANAGE_TOKEN, REGION_ID, regionPath, validRegionUpdate } from './helpers';
import { pipeline, type RawRequest } from './raw-http';

afterEach(killAll);

const update = (session: string, body: object = validRegionUpdate()) => putRegion(mock.app).set('X-Mock-Session', session).send(body);
let mock = freshMock();

describe('live sessions', () => {
  beforeEach(() => {
    mock = freshMock({ maxSessions: 3 });
  });

  it('beyond the limit, a new name is refused in the vendor\'s shape and nothing is made for it', async () => {
    for (const name of ['a', 'b', 'c']) expect((await update(name)).status).toBe(200);
    const refused = await update('d');
    expect(refused.status).toBe(400);
    // Rainbond's shape for the mock's own words: the console's APIException envelope.
    expect(refused.body).toEqual({
      msg: expect.stringContaining('limit of 3 (--max-sessions)'), detail: expect.any(String), code: 400, msg_show: expect.any(String), error_type: 'MockUsage', error_trace: expect.any(String),
    });
    const listed = await request(mock.app).get('/openapi/v2/manage/regions').set('Authorization', MANAGE_TOKEN).set('X-Mock-Session', 'd');
    expect(listed.status).toBe(400);
    const admin = await request(mock.app).get('/__admin/state').set('X-Mock-Session', 'd');
    adminDoc.expectAnswer('/__admin/state', 'get', admin, 400);
    expect(mock.sessions.size).toBe(3);
    // The sessions that hold something are untouched.
    expect((await request(mock.app).get('/__admin/requests/count').set('X-Mock-Session', 'a')).body).toEqual({ count: 1 });
  });

  it('a session reset since its last use makes room, and no client can tell it went', async () => {
    for (const name of ['a', 'b', 'c']) await update(name, { ...validRegionUpdate(), region_alias: `alias-${name}` });
    expect((await request(mock.app).post('/__admin/reset').set('X-Mock-Session', 'b')).status).toBe(200);
    expect((await update('d')).status).toBe(200);
    expect(mock.sessions.size).toBe(3);
    // b comes back as a fresh session: fixtures, an empty journal whose ids start at 1.
    const state = await request(mock.app).get('/__admin/state').set('X-Mock-Session', 'b');
    expect(state.status).toBe(400);
    expect((await request(mock.app).post('/__admin/reset').set('X-Mock-Session', 'd')).status).toBe(200);
    const again = await request(mock.app).get('/__admin/state').set('X-Mock-Session', 'b');
    expect(again.body.rainbond.regions.find((r: { region_id: string }) => r.region_id === REGION_ID).region_alias).toBe('默认集群');
    await update('b');
    expect((await request(mock.app).get('/__admin/requests').set('X-Mock-Session', 'b')).body.requests[0].id).toBe(1);
    const a = await request(mock.app).get('/__admin/state').set('X-Mock-Session', 'a');
    expect(a.body.rainbond.regions.find((r: { region_id: string }) => r.region_id === REGION_ID).region_alias).toBe('alias-a');
  });
});

describe('a session with a call under way', () => {
  it('is not dropped to make room, and its call is journalled in it', async () => {
    const server = await startServer({ port: 0, maxSessions: 1 });
    try {
      const socket = connect(server.port, '127.0.0.1');
      await new Promise<void>((resolve) => socket.on('connect', resolve));
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString()));
      // A call of session "a" whose body is still arriving.
      socket.write(`PATCH /openapi/v2/manage/regions/x HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Mock-Session: a\r\nAuthorization: ${MANAGE_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 4\r\n\r\n{}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const other = await fetch(`${server.url}/openapi/v2/manage/regions`, { headers: { Authorization: MANAGE_TOKEN, 'X-Mock-Session': 'b' } });
      expect(other.status).toBe(400);
      socket.write('  ');
      for (let i = 0; i < 50 && !answer.includes('\r\n\r\n'); i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(answer).toMatch(/^HTTP\/1.1 405/);
      socket.destroy();
      const journal = await fetch(`${server.url}/__admin/requests`, { headers: { 'X-Mock-Session': 'a' } });
      expect(((await journal.json()) as { requests: Array<{ method: string; status: number }> }).requests).toMatchObject([{ method: 'PATCH', status: 405 }]);
    } finally {
      await server.close();
    }
  });
});

describe('the journal', () => {
  const desc = (n: number) => 'd'.repeat(n);

  it('keeps a large body cut to --journal-body-bytes, marked as such', async () => {
    mock = freshMock({ journalBodyBytes: 1000 });
    await update('default', { ...validRegionUpdate(), desc: desc(2000) });
    const res = await request(mock.app).get('/__admin/requests');
    adminDoc.expectAnswer('/__admin/requests', 'get', res, 200);
    const [entry] = res.body.requests;
    expect(entry.bodyTruncated).toBe(true);
    expect(entry.body).toBe(JSON.stringify({ ...validRegionUpdate(), desc: desc(2000) }).slice(0, 1000));
    await request(mock.app).get('/openapi/v2/manage/regions').set('Authorization', MANAGE_TOKEN);
    const list = (await request(mock.app).get('/__admin/requests?operationId=listRegions')).body.requests[0];
    expect(list.responseBodyTruncated).toBe(true);
    expect(list.responseBody).toHaveLength(1000);
    expect(list.responseBody.startsWith('{"total":')).toBe(true);
    await update('default');
    const small = (await request(mock.app).get('/__admin/requests')).body.requests[2];
    expect(small).toMatchObject({ body: validRegionUpdate(), bodyTruncated: false, responseBodyTruncated: false });
  });

  it('counts what it keeps of long paths against --journal-bytes', async () => {
    mock = freshMock({ journalBytes: 64 * 1024 });
    const id = 'x'.repeat(15_000);
    for (let i = 0; i < 40; i++) await request(mock.app).get(regionPath(id)).set('Authorization', MANAGE_TOKEN);
    const held = mock.sessions.default.journal.find();
    expect(held.length).toBeGreaterThan(0);
    expect(held.reduce((n, e) => n + e.path.length, 0)).toBeLessThanOrEqual(64 * 1024);
  });

  it('holds at most --journal-bytes across all sessions, the oldest entries of any session dropping first', async () => {
    mock = freshMock({ journalBytes: 64 * 1024, journalBodyBytes: 4096 });
    const body = { ...validRegionUpdate(), desc: desc(3000) };
    for (let i = 0; i < 10; i++) await update('first', body);
    for (let i = 0; i < 30; i++) await update('second', body);
    const first = (await request(mock.app).get('/__admin/requests').set('X-Mock-Session', 'first')).body.requests;
    const second = (await request(mock.app).get('/__admin/requests').set('X-Mock-Session', 'second')).body.requests;
    expect(first).toEqual([]);
    expect(second.length).toBeGreaterThan(5);
    expect(second.length).toBeLessThan(30);
    // What is left is the newest, in order.
    expect(second.map((e: { id: number }) => e.id)).toEqual(Array.from({ length: second.length }, (_, i) => 31 - second.length + i));
  });

  it('is listed in pages of at most 1000 (100 by default), walked with the cursor', async () => {
    // A budget that holds them all: this is about paging, not the budget.
    const server = await startServer({ port: 0, journalBytes: 256 * 1024 * 1024 });
    try {
      const get: RawRequest = { method: 'GET', path: '/openapi/v2/manage/regions?page_size=1', headers: { Authorization: MANAGE_TOKEN } };
      for (let round = 0; round < 5; round++) await pipeline(server.port, Array.from({ length: 2000 }, () => get), 60_000);
      const seen: number[] = [];
      let cursor: string | null = '';
      let pages = 0;
      while (cursor !== null) {
        const res: Response = await fetch(`${server.url}/__admin/requests${cursor ? `?cursor=${cursor}` : ''}`);
        const page = (await res.json()) as { requests: Array<{ id: number }>; next: string | null };
        expect(res.status).toBe(200);
        expect(page.requests.length).toBeLessThanOrEqual(100);
        seen.push(...page.requests.map((e) => e.id));
        cursor = page.next;
        pages += 1;
      }
      expect(pages).toBe(100);
      expect(seen).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 1));
      const big = await fetch(`${server.url}/__admin/requests?limit=1000&cursor=9500`);
      const last = (await big.json()) as { requests: unknown[]; next: string | null };
      expect(last.requests).toHaveLength(500);
      expect(last.next).toBeNull();
      expect((await fetch(`${server.url}/__admin/requests?limit=1001`)).status).toBe(400);
      expect((await fetch(`${server.url}/__admin/requests?cursor=abc`)).status).toBe(400);
      expect((await fetch(`${server.url}/__admin/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  }, 90_000);
});

describe('a journal of large entries', () => {
  it('is listed a page at a time within the document, while health answers beside it', async () => {
    const server = await startServer({ port: 0 });
    try {
      const body = JSON.stringify({ ...validRegionUpdate(), desc: 'x'.repeat(100_000) });
      const put: RawRequest = { method: 'PUT', path: regionPath(REGION_ID), headers: { Authorization: MANAGE_TOKEN, 'Content-Type': 'application/json' }, body };
      for (let round = 0; round < 3; round++) await pipeline(server.port, Array.from({ length: 100 }, () => put), 60_000);
      const [listing, health] = await Promise.all([
        request(server.url).get('/__admin/requests?limit=1000'),
        request(server.url).get('/__admin/health'),
      ]);
      adminDoc.expectAnswer('/__admin/requests', 'get', listing, 200);
      expect(health.status).toBe(200);
      expect(listing.body.requests).toHaveLength(300);
      expect(listing.body.requests.every((e: { bodyTruncated: boolean; body: string }) => e.bodyTruncated && e.body.length === 16_384)).toBe(true);
      expect(listing.body.next).toBeNull();
    } finally {
      await server.close();
    }
  }, 90_000);
});

describe('faults', () => {
  const add = (fault: object) => request(mock.app).post('/__admin/faults').send(fault);

  it('are at most --max-faults per session, each at most --fault-bytes, refused whole beyond', async () => {
    mock = freshMock({ maxFaults: 3, faultBytes: 200 });
    for (let i = 0; i < 3; i++) expect((await add({ api: 'kms', status: 500, times: i + 1 })).status).toBe(201);
    const fourth = await add({ api: 'kms', status: 500 });
    adminDoc.expectAnswer('/__admin/faults', 'post', fourth, 400);
    expect(fourth.body.error).toBe('too_many_faults');
    await request(mock.app).delete('/__admin/faults');
    const large = await add({ api: 'kms', status: 500, params: { key_id: 'k'.repeat(300) } });
    adminDoc.expectAnswer('/__admin/faults', 'post', large, 400);
    expect(large.body.error).toBe('fault_too_large');
    expect(mock.sessions.default.faults.list()).toEqual([]);
  });

  it('are listed in pages, walked with the cursor', async () => {
    mock = freshMock();
    for (let i = 0; i < 5; i++) await add({ api: 'kms', status: 500, times: i + 1 });
    const first = await request(mock.app).get('/__admin/faults?limit=2');
    adminDoc.expectAnswer('/__admin/faults', 'get', first, 200);
    expect(first.body.faults.map((f: { times: number }) => f.times)).toEqual([1, 2]);
    const second = await request(mock.app).get(`/__admin/faults?limit=2&cursor=${first.body.next}`);
    const third = await request(mock.app).get(`/__admin/faults?limit=2&cursor=${second.body.next}`);
    expect(second.body.faults.map((f: { times: number }) => f.times)).toEqual([3, 4]);
    expect(third.body).toMatchObject({ faults: [{ times: 5 }], next: null });
  });
});

describe('a mock whose heap is capped at 64 MB', () => {
  it('keeps bodies of many small objects within its journal budget', async () => {
    const cli = startProcess(process.execPath, ['--max-old-space-size=64', CLI, '--port', '0', '--log-level', 'silent', '--journal-bytes', '4194304']);
    const url = await cli.listening;
    // 16 KB of text that parses into some 5,000 objects: a journal of parsed bodies weighed twenty times its budget.
    const body = JSON.stringify(Array.from({ length: 5_400 }, () => ({})));
    const put: RawRequest = { method: 'PUT', path: regionPath(REGION_ID), headers: { Authorization: MANAGE_TOKEN, 'Content-Type': 'application/json' }, body };
    for (let round = 0; round < 20; round++) {
      const answers = await pipeline(Number(new URL(url).port), Array.from({ length: 100 }, () => put), 60_000);
      expect(answers.every((a) => a.status === 400)).toBe(true);
    }
    expect((await fetch(`${url}/__admin/health`)).status).toBe(200);
    expect(cli.child.exitCode).toBeNull();
  }, 120_000);

  it('survives a stream of new session names and dozens of 1 MiB bodies, and still answers', async () => {
    const cli = startProcess(process.execPath, ['--max-old-space-size=64', CLI, '--port', '0', '--log-level', 'silent']);
    const url = await cli.listening;
    const json = { 'Content-Type': 'application/json', Authorization: MANAGE_TOKEN };
    const big = JSON.stringify({ ...validRegionUpdate(), desc: 'x'.repeat(1_000_000) });
    for (let i = 0; i < 80; i++) {
      const res = await fetch(`${url}${regionPath(REGION_ID)}`, { method: 'PUT', headers: { ...json, 'X-Mock-Session': `big-${i % 4}` }, body: big });
      expect(res.status).toBe(400);
    }
    const statuses = new Set<number>();
    for (let i = 0; i < 1500; i++) {
      const res = await fetch(`${url}${regionPath(REGION_ID)}`, { method: 'PUT', headers: { ...json, 'X-Mock-Session': `name-${i}` }, body: JSON.stringify(validRegionUpdate()) });
      statuses.add(res.status);
      await res.arrayBuffer();
    }
    expect([...statuses].sort()).toEqual([200, 400]);
    const journal = await fetch(`${url}/__admin/requests`, { headers: { 'X-Mock-Session': 'big-0' } });
    expect(journal.status).toBe(200);
    expect(((await journal.json()) as { requests: Array<{ bodyTruncated: boolean }> }).requests.every((e) => e.bodyTruncated)).toBe(true);
    expect((await fetch(`${url}/__admin/health`)).status).toBe(200);
    expect(cli.child.exitCode).toBeNull();
  }, 120_000);
});
