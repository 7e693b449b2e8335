import request from 'supertest';
import type { Region } from '../src/apis/rainbond/types';
import { resolveOptions } from '../src';
import { clone, expectKms, expectRainbond, freshMock, KEY_ID, MANAGE_TOKEN, primaryRegionPath, REGION_ID, regionPath, validRegionUpdate } from './helpers';

const shared = freshMock();
beforeEach(() => shared.sessions.default.reset());
const DISABLED = '7b3e1c2a-4d5f-4e6a-9b8c-1d2e3f4a5b6c';

describe('forced answers carry what the document fixes', () => {
  it('a forced Rainbond 401 has WWW-Authenticate: Token, by Prefer and by fault', async () => {
    const preferred = await request(shared.app).put(regionPath(REGION_ID)).set('Prefer', 'code=401').send({});
    expectRainbond(preferred, 401);
    expect(preferred.headers['www-authenticate']).toBe('Token');
    await request(shared.app).post('/__admin/faults').send({ api: 'rainbond', status: 401 });
    const faulted = await request(shared.app).put(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).send(validRegionUpdate());
    expectRainbond(faulted, 401);
    expect(faulted.headers['www-authenticate']).toBe('Token');
  });

  it('a forced 200 names the record the path asked for, and changes nothing', async () => {
    const before = clone(shared.store.data);
    const res = await request(shared.app).put(primaryRegionPath(DISABLED)).set('Prefer', 'code=200').send({});
    expectKms(res, 200);
    expect(res.body.key_id).toBe(DISABLED);
    const region = await request(shared.app).put(regionPath('3a4c1e0f9b8d4f6a8e2d7c5b1a0f9e8d')).set('Prefer', 'code=200').send({});
    expectRainbond(region, 200);
    expect(region.body.region_id).toBe('3a4c1e0f9b8d4f6a8e2d7c5b1a0f9e8d');
    expect(shared.store.data).toEqual(before);
  });

  it('x-mock-status may only ask for an error status', async () => {
    const state = clone(shared.store.data);
    (state.rainbond.regions[0] as Record<string, unknown>)['x-mock-status'] = 200;
    const res = await request(shared.app).put('/__admin/state').send(state);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/x-mock-status must be an error status/);
  });
});

describe('a delayed write', () => {
  it('and a reset sent while it waits take effect in the order they arrived: the write, then the reset', async () => {
    const order: string[] = [];
    const write = request(shared.app)
      .put(regionPath(REGION_ID))
      .set('Authorization', MANAGE_TOKEN)
      .set('Prefer', 'delay=300')
      .send({ ...validRegionUpdate(), region_alias: 'BEFORE-RESET' })
      .then((res) => (order.push('write'), res));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const reset = await request(shared.app).post('/__admin/reset');
    order.push('reset');
    expect(reset.status).toBe(200);
    expectRainbond(await write, 200);
    expect(order).toEqual(['write', 'reset']);
    const region = (shared.store.data.rainbond.regions as Region[]).find((r) => r.region_id === REGION_ID);
    expect(region?.region_alias).toBe('默认集群');
  });
});

describe('requests the vendors would take', () => {
  it('ignore query parameters the document does not list, as cache-busters', async () => {
    const res = await request(shared.app).put(`${regionPath(REGION_ID)}?_=1700000000`).set('Authorization', MANAGE_TOKEN).send(validRegionUpdate());
    expectRainbond(res, 200);
    const kms = await request(shared.app).put(`${primaryRegionPath(KEY_ID)}?_=1`).set('X-Auth-Token', 'kms-dev-token').send({ key_id: KEY_ID, primary_region: 'cn-east-3' });
    expectKms(kms, 200);
  });

  it('answer a path id that is not valid percent-encoding as a bad id', async () => {
    const region = await request(shared.app).put(regionPath('%ZZ')).set('Authorization', MANAGE_TOKEN).send(validRegionUpdate());
    expectRainbond(region, 404);
    const key = await request(shared.app).put(primaryRegionPath('%E0%A4%A')).set('X-Auth-Token', 'kms-dev-token').send({ key_id: KEY_ID, primary_region: 'cn-east-3' });
    expectKms(key, 400);
    expect(key.body.error.error_code).toBe('KMS.0205');
  });
});

describe('Prefer given twice', () => {
  it.each([['code=504, code=200'], ['delay=10; delay=20']])('is refused: %s', async (prefer) => {
    const res = await request(shared.app).put(primaryRegionPath(KEY_ID)).set('Prefer', prefer).send({});
    expectKms(res, 400);
    expect(res.body.error.error_msg).toMatch(/given twice/);
  });

  it('is refused across two Prefer headers', async () => {
    // superagent sends an array as repeated headers; its types only admit that for Cookie.
    const res = await request(shared.app).put(primaryRegionPath(KEY_ID)).set('Prefer', ['code=504', 'code=500'] as unknown as string).send({});
    expectKms(res, 400);
  });
});

describe('VALIDATE_RESPONSES', () => {
  it('takes only true or false', () => {
    expect(() => resolveOptions({}, { VALIDATE_RESPONSES: 'nope' })).toThrow('VALIDATE_RESPONSES must be true or false, got "nope"');
    expect(resolveOptions({}, { VALIDATE_RESPONSES: 'true' }).validateResponses).toBe(true);
  });
});

describe('CORS', () => {
  it('answers a browser preflight and lets the call through with the origin allowed', async () => {
    const preflight = await request(shared.app)
      .options(regionPath(REGION_ID))
      .set('Origin', 'http://localhost:5173')
      .set('Access-Control-Request-Method', 'PUT')
      .set('Access-Control-Request-Headers', 'authorization, content-type');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(preflight.headers['access-control-allow-headers']).toBe('authorization, content-type');
    const res = await request(shared.app).put(regionPath(REGION_ID)).set('Origin', 'http://localhost:5173').set('Authorization', MANAGE_TOKEN).send(validRegionUpdate());
    expectRainbond(res, 200);
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(res.headers['access-control-expose-headers']).toContain('X-Request-Id');
    expect(shared.sessions.default.journal.find()).toHaveLength(1);
  });

  it('adds nothing for a client that sends no Origin', async () => {
    const res = await request(shared.app).put(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).send(validRegionUpdate());
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
