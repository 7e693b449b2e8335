import request from 'supertest';
import { request as httpRequest } from 'node:http';
import { resolveOptions, startServer, type RunningServer } from '../src';
import { adminDoc, KEY_ID, kmsKey, MANAGE_TOKEN, primaryRegionPath, PROJECT, REGION_ID, regionPath, validRegionUpdate } from './helpers';
import { wrongProvider, type Mutation } from './wrong-provider';

/** The provider: a regionmock standing in for the real service, made wrong on purpose where a test asks; in front of it, the mock under test with --proxy. */
let mutate: Mutation = () => undefined;
let real: RunningServer;
let provider: { url: string; close(): Promise<void> };
let front: RunningServer;

beforeAll(async () => {
  real = await startServer({ port: 0 });
  provider = await wrongProvider(() => real.url, () => mutate);
  front = await startServer({ port: 0, proxy: provider.url });
});
afterAll(async () => {
  await front.close();
  await provider.close();
  await real.close();
});
beforeEach(async () => {
  mutate = () => undefined;
  await real.reset();
  await front.reset();
});

const describeKey = () => request(front.url).post(`/v1.0/${PROJECT}/kms/describe-key`).set('X-Auth-Token', 'kms-dev-token').send({ key_id: KEY_ID });

describe('regionmock --proxy', () => {
  it('forwards a call to the provider and passes its answer through unchanged, with no violation', async () => {
    const res = await request(front.url).put(primaryRegionPath(KEY_ID)).set('X-Auth-Token', 'kms-dev-token').send({ key_id: KEY_ID, primary_region: 'cn-east-3' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ key_id: KEY_ID, primary_region: 'cn-east-3' });
    expect(res.headers['x-provider']).toBe('yes');
    // The provider's state changed, the front's own did not.
    expect(kmsKey(real.sessions.default, KEY_ID)?.primary_region).toBe('cn-east-3');
    expect(kmsKey(front.sessions.default, KEY_ID)?.primary_region).toBe('cn-north-4');
    const [entry] = front.requests({ api: 'kms' });
    expect(entry).toMatchObject({ operationId: 'updatePrimaryRegion', status: 200, violations: [] });
  });

  it('records what the provider\'s answer breaks, passes that answer on as it came, and finds it with violations=true', async () => {
    mutate = (req, answer) => {
      if (req.path.endsWith('/describe-key')) (answer.body.key_info as Record<string, unknown>).primary_region = 'cn-north-4';
    };
    const res = await describeKey();
    expect(res.status).toBe(200);
    expect(res.body.key_info.primary_region).toBe('cn-north-4');
    await request(front.url).get(`/v2/${PROJECT}/kms/regions`).set('X-Auth-Token', 'kms-dev-token');
    const found = await request(front.url).get('/__admin/requests?violations=true');
    adminDoc.expectAnswer('/__admin/requests', 'get', found, 200);
    expect(found.body.requests).toHaveLength(1);
    expect(found.body.requests[0]).toMatchObject({ operationId: 'describeKey', violations: [{ in: 'response', pointer: '/body/key_info/primary_region', message: expect.any(String) }] });
    expect((await request(front.url).get('/__admin/requests/count?violations=false')).body.count).toBe(1);
  });

  it('records a request the document refuses, and still forwards it (the provider answers it)', async () => {
    const res = await request(front.url).post(`/v1.0/${PROJECT}/kms/describe-key`).set('X-Auth-Token', 'kms-dev-token').send({ key_id: 'nope' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { error_code: 'KMS.0205', error_msg: 'Invalid key ID.' } });
    expect(real.requests({ operationId: 'describeKey' })).toHaveLength(1);
    const [entry] = front.requests({ api: 'kms' });
    // The validator names each keyword the value breaks; all of them point at key_id.
    expect(entry.violations.length).toBeGreaterThan(0);
    expect(entry.violations).toContainEqual(expect.objectContaining({ in: 'request', pointer: '/body/key_id', message: 'must match pattern "^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$"' }));
    expect(entry.violations.every((v: { in: string; pointer: string }) => v.in === 'request' && v.pointer === '/body/key_id')).toBe(true);
  });

  it('takes a body sent with Expect: 100-continue, as curl sends large ones', async () => {
    // As curl does: the headers, then the body once the server says 100 Continue.
    const body = JSON.stringify({ key_id: KEY_ID, primary_region: 'cn-east-3' });
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${front.url}${primaryRegionPath(KEY_ID)}`, {
        method: 'PUT',
        headers: { 'X-Auth-Token': 'kms-dev-token', 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Expect: '100-continue' },
      });
      req.on('continue', () => req.end(body));
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
    });
    expect(status).toBe(200);
    expect(kmsKey(real.sessions.default, KEY_ID)?.primary_region).toBe('cn-east-3');
  });

  it('finds no violation in an answer to HEAD, which has no body', async () => {
    const res = await request(front.url).head(`/v2/${PROJECT}/kms/regions`).set('X-Auth-Token', 'kms-dev-token');
    expect(res.status).toBe(200);
    const [entry] = front.requests({ api: 'kms' });
    expect(entry).toMatchObject({ method: 'HEAD', violations: [] });
  });

  it('keeps the admin token and the mock\'s own headers from the provider', async () => {
    await describeKey().set('X-Admin-Token', 'local-admin-secret').set('X-Mock-Session', 'default').set('Proxy-Authorization', 'Basic eDp5');
    const [seen] = real.requests({ operationId: 'describeKey' });
    expect(seen.requestHeaders).not.toHaveProperty('x-admin-token');
    expect(seen.requestHeaders).not.toHaveProperty('x-mock-session');
    expect(seen.requestHeaders).not.toHaveProperty('proxy-authorization');
  });

  it('refuses a provider address with a user and password (they would end in logs)', () => {
    expect(() => resolveOptions({}, { PROXY_URL: 'https://user:pass@kms.example.com' })).toThrow(/must be an http\(s\) URL without user or password/);
  });

  it('keeps Prefer and faults in front of the provider: forced answers never reach it', async () => {
    const forced = await describeKey().set('Prefer', 'code=504');
    expect(forced.status).toBe(504);
    await request(front.url).post('/__admin/faults').send({ api: 'kms', status: 500, times: 1 });
    expect((await describeKey()).status).toBe(500);
    expect(real.requests({ api: 'kms' })).toHaveLength(0);
    expect((await describeKey()).status).toBe(200);
    expect(real.requests({ api: 'kms' })).toHaveLength(1);
  });

  it('checks a Rainbond body as the console reads it: a form body or a number for status is no violation, a bad url is', async () => {
    const form = new URLSearchParams(Object.entries(validRegionUpdate()).map(([k, v]) => [k, String(v)])).toString();
    const sent = await request(front.url).put(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).set('Content-Type', 'application/x-www-form-urlencoded').send(form);
    expect(sent.status).toBe(200);
    const number = await request(front.url).put(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).send({ ...validRegionUpdate(), status: 1 });
    expect(number.status).toBe(200);
    const bad = await request(front.url).put(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).send({ ...validRegionUpdate(), url: 'nope' });
    expect(bad.status).toBe(400);
    expect(front.requests({ api: 'rainbond' }).map((e) => e.violations)).toEqual([[], [], [{ in: 'request', pointer: '/body/url', message: '集群API地址非法' }]]);
  });

  it("leaves the credentials of a Rainbond call to the provider: a method the path lacks is the mock's 405 whatever the token", async () => {
    const res = await request(front.url).patch(regionPath(REGION_ID)).set('Authorization', 'a-token-only-the-provider-knows');
    expect(res.status).toBe(405);
  });

  it("does not hold a Rainbond body against the mock's own records: a name free at the provider is no violation", async () => {
    expect((await request(real.url).delete(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN)).status).toBe(200);
    const res = await request(front.url).post('/openapi/v2/manage/regions').set('Authorization', MANAGE_TOKEN).send({ ...validRegionUpdate(), region_name: 'rainbond' });
    expect(res.status).toBe(201);
    expect(front.requests({ api: 'rainbond' }).map((e) => e.violations)).toEqual([[]]);
  });

  it('forwards a body as its bytes came: latin-1 JSON arrives as sent', async () => {
    const body = Buffer.from(JSON.stringify({ ...validRegionUpdate(), region_alias: 'café' }), 'latin1');
    const res = await request(front.url)
      .put(regionPath(REGION_ID))
      .set('Authorization', MANAGE_TOKEN)
      .set('Content-Type', 'application/json; charset=latin-1')
      .serialize((bytes: unknown) => bytes as string)
      .send(body);
    expect(res.status).toBe(200);
    expect(res.body.region_alias).toBe('café');
  });
});
