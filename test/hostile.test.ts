import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp, startServer, type RunningServer } from '../src';
import { clone, expectDjangoNotFound, sharedMock, KEY_ID, kmsDoc, MANAGE_TOKEN, primaryRegionPath, rainbondDoc, REGION_ID, regionPath, validRegionUpdate } from './helpers';

const shared = sharedMock();
const ONE = '/openapi/v2/manage/regions/{region_id}';
const PRIMARY = '/v2/{project_id}/kms/keys/{key_id}/update-primary-region';

function expectNoPollution() {
  const probe: Record<string, unknown> = {};
  for (const name of ['polluted', 'isAdmin', 'hacked']) expect(probe[name]).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
}

describe('prototype keys', () => {
  const evil = '{"__proto__": {"polluted": true, "isAdmin": true}, "constructor": {"prototype": {"hacked": true}}, "prototype": {"polluted": 1}';

  it('in a vendor body are ignored like any unknown field and pollute nothing', async () => {
    const body = JSON.stringify(validRegionUpdate()).replace(/^\{/, `${evil},`);
    const res = await request(shared.app).put(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).set('Content-Type', 'application/json').send(body);
    rainbondDoc.expectAnswer(ONE, 'put', res, 200);
    expect(Object.keys(res.body)).toHaveLength(14);
    expectNoPollution();
    const kms = await request(shared.app).put(primaryRegionPath(KEY_ID)).set('X-Auth-Token', 'kms-dev-token').set('Content-Type', 'application/json')
      .send(`${evil}, "key_id": "${KEY_ID}", "primary_region": "cn-east-3"}`);
    kmsDoc.expectAnswer(PRIMARY, 'put', kms, 200);
    expectNoPollution();
  });

  it('in an admin state replacement are refused whole', async () => {
    const before = clone(shared.store.data);
    const state = JSON.stringify(shared.store.data).replace('{"region_id"', `{${evil.slice(1)}, "region_id"`);
    const res = await request(shared.app).put('/__admin/state').set('Content-Type', 'application/json').send(state);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/__proto__|constructor|prototype/);
    expect(shared.store.data).toEqual(before);
    expectNoPollution();
  });

  it('in a fault are refused', async () => {
    const res = await request(shared.app).post('/__admin/faults').set('Content-Type', 'application/json').send(`${evil}, "status": 500}`);
    expect(res.status).toBe(400);
    expectNoPollution();
  });

  it('in a fixture stop start-up, naming the record', () => {
    const dir = mkdtempSync(join(tmpdir(), 'regionmock-evil-'));
    try {
      cpSync(join(__dirname, '..', 'fixtures'), dir, { recursive: true });
      const file = join(dir, 'rainbond', 'tokens.yaml');
      writeFileSync(file, `${readFileSync(file, 'utf8')}- token: evil\n  access: read\n  __proto__:\n    polluted: true\n`);
      expect(() => createApp({ fixturesDir: dir })).toThrow(/tokens\.yaml, record \d+: field \(root\) must NOT have additional properties/);
      expectNoPollution();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('bodies', () => {
  it('nested deeper than 64 levels are refused as malformed JSON, and the journal stays readable', async () => {
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const res = await request(shared.app).put(primaryRegionPath(KEY_ID)).set('X-Auth-Token', 'kms-dev-token').set('Content-Type', 'application/json').send(deep);
    kmsDoc.expectAnswer(PRIMARY, 'put', res, 400);
    expect(res.body.error.error_code).toBe('KMS.0202');
    const journal = await request(shared.app).get('/__admin/requests');
    expect(journal.status).toBe(200);
    expect(journal.body.requests).toHaveLength(1);
  });

  it('without a Content-Type but with bytes are refused as a format KMS cannot read', async () => {
    const res = await request(shared.app).put(primaryRegionPath(KEY_ID)).set('X-Auth-Token', 'kms-dev-token').set('Content-Type', '').send(Buffer.from('{"key_id": 1}'));
    kmsDoc.expectAnswer(PRIMARY, 'put', res, 400);
    expect(res.body.error.error_code).toBe('KMS.0214');
  });
});

describe('ids', () => {
  it.each(['..%2F..%2Fetc%2Fpasswd', '%2e%2e', '..%5C..%5Cwindows', '%00', 'a%0Ab'])('answer the path %s in the vendor\'s shape, changing nothing', async (id) => {
    const before = clone(shared.store.data);
    const region = await request(shared.app).put(regionPath(id)).set('Authorization', MANAGE_TOKEN).send(validRegionUpdate());
    expectDjangoNotFound(region);
    const key = await request(shared.app).put(primaryRegionPath(id)).set('X-Auth-Token', 'kms-dev-token').send({ key_id: KEY_ID, primary_region: 'cn-east-3' });
    kmsDoc.expectAnswer(PRIMARY, 'put', key, 400);
    expect(key.body.error.error_code).toBe('KMS.0205');
    expect(shared.store.data).toEqual(before);
  });

  it('cannot reach files beside the docs', async () => {
    for (const path of ['/__docs/specs/..%2F..%2Fpackage.json', '/__docs/assets/..%2F..%2F..%2Fpackage.json', '/__docs/specs/%2e%2e%2fpackage.json']) {
      const res = await request(shared.app).get(path);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.text).not.toContain('"name": "regionmock"');
    }
  });
});

describe('requests Node cannot parse', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0 });
  });
  afterAll(() => server.close());

  /** Sends raw bytes and resolves with what came back. */
  function raw(text: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1');
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
      socket.end(text);
    });
  }

  it('answer control characters in a header with a JSON 400', async () => {
    const answer = await raw(`PUT ${regionPath(REGION_ID)} HTTP/1.1\r\nHost: x\r\nAuthorization: rbd\x01token\r\nContent-Length: 0\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('"error":"bad_request"');
  });

  it('answer headers over 16 KiB with a JSON 431', async () => {
    const answer = await raw(`GET /__admin/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer).toContain('"error":"headers_too_large"');
  });

  it('answer a body with bytes that are not UTF-8 in the vendor\'s shape', async () => {
    const bytes = Buffer.concat([Buffer.from('{"key_id": "'), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('", "primary_region": "cn-east-3"}')]);
    const res = await fetch(`${server.url}${primaryRegionPath(KEY_ID)}`, {
      method: 'PUT',
      headers: { 'X-Auth-Token': 'kms-dev-token', 'Content-Type': 'application/json' },
      body: bytes,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { error_code: 'KMS.0205', error_msg: 'Invalid key ID.' } });
  });

  it('stay up afterwards', async () => {
    expect((await fetch(`${server.url}/__admin/health`)).status).toBe(200);
  });
});

describe('the docs page assets', () => {
  it.each(['/__docs/assets/nope.js', '/__docs/assets/', '/__docs/assets/..%2F..%2Fpackage.json'])('answer %s with a 404, not a 500', async (path) => {
    const res = await request(shared.app).get(path);
    expect(res.status).toBe(404);
  });
});
