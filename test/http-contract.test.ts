import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import request from 'supertest';
import { parse } from 'yaml';
import { startServer, type RunningServer } from '../src';
import { ADMIN_SPEC, sharedMock, KMS_SPEC, RAINBOND_SPEC } from './helpers';
import { OPERATIONS } from './operations';
import { pipeline } from './raw-http';

const shared = sharedMock();

type Doc = { paths: Record<string, Record<string, unknown>> };
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
/** Every path of every document with the methods it documents, made concrete with the fixtures' ids. */
const ROUTES = [RAINBOND_SPEC, KMS_SPEC, ADMIN_SPEC].flatMap((file) =>
  Object.entries((parse(readFileSync(file, 'utf8')) as Doc).paths).map(([path, item]) => ({
    path: path
      .replace('{region_id}', 'febc993cefe84d158b3ac245d7aa0943')
      .replace('{project_id}', 'e9993fc787d94b6c886cbaa340f9c0f4')
      .replace('{key_id}', '0d0466b0-e727-4d9c-b35d-f84bb474a37f')
      .replace('{id}', 'no-such-fault'),
    methods: METHODS.filter((m) => m in item).map((m) => m.toUpperCase()),
  })),
);
const CREDENTIALS = { Authorization: 'rbd-manage-token', 'X-Auth-Token': 'kms-dev-token' };

describe('HEAD', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0 });
  });
  afterAll(() => server.close());

  it.each(ROUTES.filter((r) => r.methods.includes('GET')))('on $path answers as GET does, without a body', async ({ path }) => {
    const [get, head] = await pipeline(server.port, [
      { method: 'GET', path, headers: CREDENTIALS },
      { method: 'HEAD', path, headers: CREDENTIALS },
    ]);
    expect(head.status).toBe(get.status);
    expect(head.text).toBe('');
    expect(head.headers['content-type']).toBe(get.headers['content-type']);
    // The metrics are read anew at each call (CPU time, memory in use): their length is that moment's.
    if (path === '/__admin/metrics') expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
    else expect(head.headers['content-length']).toBe(get.headers['content-length']);
  });

  it('refuses bad input as GET does, and is journalled as HEAD', async () => {
    const [bad] = await pipeline(server.port, [{ method: 'HEAD', path: '/__admin/requests?status=abc' }]);
    expect(bad.status).toBe(400);
    await server.reset();
    await pipeline(server.port, [{ method: 'HEAD', path: '/openapi/v2/manage/regions', headers: CREDENTIALS }]);
    // The answer had no body on the wire, and the journal says so.
    expect(server.requests({ method: 'HEAD' })).toMatchObject([{ operationId: 'listRegions', status: 200, responseBody: null }]);
  });
});

describe('405', () => {
  it.each(ROUTES)('on $path names the methods it takes in Allow', async ({ path, methods }) => {
    const other = ['PATCH', 'PUT', 'DELETE', 'POST'].find((m) => !methods.includes(m)) as string;
    const res = await request(shared.app)[other.toLowerCase() as 'patch'](path).set(CREDENTIALS).send({});
    expect(res.status).toBe(405);
    const allowed = methods.includes('GET') ? [...methods, 'HEAD'] : methods;
    // Django REST framework lists OPTIONS too, on every view (rest_framework/views.py _allowed_methods).
    if (path.startsWith('/openapi/')) allowed.push('OPTIONS');
    expect(res.headers.allow?.split(', ').sort()).toEqual(allowed.sort());
  });
});

describe('a misused Prefer', () => {
  const MISUSES = ['code=abc', 'code=999', 'code=302', 'code=200, code=500', 'delay=999999', 'respond-async', 'code=', 'code=404, foo=bar'];
  it.each(OPERATIONS.flatMap((op) => MISUSES.map((prefer) => ({ op, prefer, name: `${op.operationId} ${prefer}` }))))(
    '$name gets a 400 naming what is allowed, never a 5xx',
    async ({ op, prefer }) => {
      const res = await op.call(shared.app).set('Prefer', prefer);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(/regionmock: .*(Prefer accepts|documents \()/);
    },
  );

  it('names the statuses the operation documents', async () => {
    const res = await OPERATIONS.find((o) => o.operationId === 'listRegions')!.call(shared.app).set('Prefer', 'code=404');
    expect(res.status).toBe(400);
    expect(res.body.msg).toContain('listRegions documents (200, 401, 500, 502, 504)');
  });
});

describe('the journal records exactly what was sent', () => {
  it.each(OPERATIONS.filter((op) => op.method === 'get' || op.method === 'delete'))('$operationId without a body: no body, no invented content type', async (op) => {
    await op.call(shared.app).unset('Content-Type');
    const [entry] = shared.sessions.default.journal.find();
    expect(entry.body).toBeNull();
    expect(entry.requestHeaders).not.toHaveProperty('content-type');
  });

  it('a PUT sent with no body is refused for its fields and journalled without one', async () => {
    const res = await request(shared.app).put('/openapi/v2/manage/regions/febc993cefe84d158b3ac245d7aa0943').set('Authorization', 'rbd-manage-token');
    expect(res.status).toBe(400);
    const [entry] = shared.sessions.default.journal.find();
    expect(entry.body).toBeNull();
    expect(entry.requestHeaders).not.toHaveProperty('content-type');
  });

  it('keeps the content type a call sent without a body', async () => {
    await request(shared.app).get('/openapi/v2/manage/regions').set('Authorization', 'rbd-manage-token').set('Content-Type', 'text/plain');
    const [entry] = shared.sessions.default.journal.find();
    expect(entry.requestHeaders['content-type']).toBe('text/plain');
    expect(entry.body).toBeNull();
  });

  it('has one entry for each of several pipelined calls whose connection drops before they are answered', async () => {
    const server = await startServer({ port: 0 });
    try {
      const socket = connect(server.port, '127.0.0.1');
      const get = (extra = '') => `GET /openapi/v2/manage/regions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: rbd-manage-token\r\n${extra}\r\n`;
      await new Promise<void>((resolve) => socket.on('connect', resolve));
      socket.write(get('Prefer: delay=300\r\n') + get() + get());
      await new Promise((resolve) => setTimeout(resolve, 100));
      socket.destroy();
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(server.requests()).toHaveLength(3);
      expect(server.requests().every((e) => e.status === null)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('masks every credential header, by the documents and the common ones', async () => {
    const secrets = {
      Authorization: 'secret-1',
      'X-Auth-Token': 'secret-2',
      'X-Api-Key': 'secret-3',
      'X-Security-Token': 'secret-4',
      Cookie: 'session=secret-5',
      'X-Subject-Token': 'secret-6',
      'Proxy-Authorization': 'secret-7',
    };
    await request(shared.app).get('/v2/e9993fc787d94b6c886cbaa340f9c0f4/kms/regions').set(secrets);
    const journal = await request(shared.app).get('/__admin/requests');
    expect(journal.status).toBe(200);
    const [entry] = journal.body.requests;
    for (const name of Object.keys(secrets)) expect(entry.requestHeaders[name.toLowerCase()]).toBe('***');
    expect(JSON.stringify(journal.body)).not.toMatch(/secret-\d/);
  });
});
