import request from 'supertest';
import type { Region } from '../src/apis/rainbond/types';
import { clone, expectAdmin, expectRainbond, MANAGE_TOKEN, sharedMock, REGION_ID, regionPath, validRegionUpdate } from './helpers';

const shared = sharedMock();
const fixtures = clone(shared.store.data);

const getState = () => request(shared.app).get('/__admin/state');
const putState = (state: unknown) => request(shared.app).put('/__admin/state').send(state as object);

describe('a region created through the API', () => {
  it('is kept with its fields in the order of the fixtures', async () => {
    const res = await request(shared.app).post('/openapi/v2/manage/regions').set('Authorization', MANAGE_TOKEN).send({ ...validRegionUpdate(), region_name: 'ordered' });
    expect(res.status).toBe(201);
    const created = (shared.store.data.rainbond.regions as Region[]).find((r) => r.region_name === 'ordered') as object;
    expect(Object.keys(created)).toEqual(Object.keys(res.body));
    expect(Object.keys(created).slice(0, 6)).toEqual(['region_id', 'region_name', 'region_alias', 'url', 'token', 'wsurl']);
  });
});

describe('GET /__admin/state', () => {
  it('answers the whole state, as the fixtures seeded it', async () => {
    const res = await getState();
    expectAdmin(res, 200, '/__admin/state', 'get');
    expect(res.body).toEqual(fixtures);
  });
});

describe('PUT /__admin/state', () => {
  it('replaces the whole state, and the vendor routes serve the new one', async () => {
    const next = clone(fixtures);
    const regions = next.rainbond.regions as Region[];
    next.rainbond.regions = [{ ...regions[0], region_id: 'lab-1', region_name: 'lab' }];
    const res = await putState(next);
    expectAdmin(res, 200, '/__admin/state', 'put');
    expect(res.body).toEqual(next);
    expect((await getState()).body).toEqual(next);
    const gone = await request(shared.app).put(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).send(validRegionUpdate());
    expectRainbond(gone, 404);
    const found = await request(shared.app).put(regionPath('lab-1')).set('Authorization', MANAGE_TOKEN).send(validRegionUpdate());
    expectRainbond(found, 200);
  });

  it.each([
    ['a record its schema refuses', (s: typeof fixtures) => ((s.kms.keys[0] as Record<string, unknown>).key_state = '9'), /Bad state kms\.keys, record 1 .*key_state/],
    ['a missing field', (s: typeof fixtures) => delete (s.rainbond.regions[1] as Record<string, unknown>).url, /Bad state rainbond\.regions, record 2 .*\/url is required/],
    ['a repeated id', (s: typeof fixtures) => ((s.rainbond.regions[1] as Region).region_id = REGION_ID), /region_id repeats/],
    ['a repeated region name', (s: typeof fixtures) => ((s.rainbond.regions[1] as Region).region_name = 'rainbond'), /region_name repeats/],
    ['a missing collection', (s: typeof fixtures) => delete (s.kms as Record<string, unknown>).tokens, /tokens/],
    ['a key whose primary is also a replica', (s: typeof fixtures) => ((s.kms.keys[0] as { replica_regions: string[] }).replica_regions = ['cn-north-4']), /Bad state kms, a rule between records: key 0d0466b0-e727-4d9c-b35d-f84bb474a37f lists its primary region cn-north-4 as a replica/],
    ['a key in a region KMS does not support', (s: typeof fixtures) => ((s.kms.keys[0] as { primary_region: string }).primary_region = 'xx-none-9'), /xx-none-9, which is not among the regions/],
    ['an unknown vendor', (s: typeof fixtures) => ((s as Record<string, unknown>).stripe = {}), /stripe|additional/],
  ])('refuses %s whole, naming it, and keeps the old state', async (_what, breakIt, message) => {
    await request(shared.app).put(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).send(validRegionUpdate());
    const before = (await getState()).body;
    const next = clone(fixtures);
    (next.rainbond.regions as Region[]).push({ ...(next.rainbond.regions[0] as Region), region_id: 'extra', region_name: 'extra' });
    breakIt(next);
    const res = await putState(next);
    expectAdmin(res, 400, '/__admin/state', 'put');
    expect(res.body.message).toMatch(message);
    expect((await getState()).body).toEqual(before);
  });
});

describe('POST /__admin/reset', () => {
  it('puts state, journal and faults back to the fixtures', async () => {
    await request(shared.app).put(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).send(validRegionUpdate());
    await request(shared.app).post('/__admin/faults').send({ api: 'kms', status: 500 });
    expect((await getState()).body).not.toEqual(fixtures);
    const res = await request(shared.app).post('/__admin/reset');
    expectAdmin(res, 200, '/__admin/reset', 'post');
    expect(res.body).toEqual({ status: 'reset', session: 'default' });
    expect((await getState()).body).toEqual(fixtures);
    expect((await request(shared.app).get('/__admin/requests')).body.requests).toEqual([]);
    expect((await request(shared.app).get('/__admin/faults')).body.faults).toEqual([]);
  });
});

describe('admin routes', () => {
  it('answer an unknown admin route with a 404 in the admin shape', async () => {
    const res = await request(shared.app).get('/__admin/mappings');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'not_found', message: expect.any(String) });
  });

  it('answer malformed JSON with a 400 in the admin shape', async () => {
    const res = await request(shared.app).put('/__admin/state').set('Content-Type', 'application/json').send('{"rainbond": ');
    expectAdmin(res, 400, '/__admin/state', 'put');
    expect(res.body.error).toBe('malformed_json');
  });
});
