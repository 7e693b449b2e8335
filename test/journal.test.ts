import request from 'supertest';
import { expectAdmin, freshMock, sharedMock, KEY_ID, MANAGE_TOKEN, primaryRegionPath, REGION_ID, regionPath, validRegionUpdate } from './helpers';

const shared = sharedMock();

const find = (query = '') => request(shared.app).get(`/__admin/requests${query}`);
const count = (query = '') => request(shared.app).get(`/__admin/requests/count${query}`);

async function traffic() {
  await request(shared.app).put(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).send(validRegionUpdate());
  await request(shared.app).put(regionPath(REGION_ID)).send(validRegionUpdate());
  await request(shared.app).put(primaryRegionPath(KEY_ID)).set('X-Auth-Token', 'kms-dev-token').send({ key_id: KEY_ID, primary_region: 'cn-east-3' });
  await request(shared.app).get(`/v2/${'e'.repeat(32)}/kms/nothing-here`);
}

describe('the journal', () => {
  it('holds one entry per vendor call, in order, with what was sent and answered', async () => {
    await traffic();
    const res = await find();
    expectAdmin(res, 200, '/__admin/requests', 'get');
    expect(res.body.requests.map((e: { status: number }) => e.status)).toEqual([200, 401, 200, 404]);
    const [first] = res.body.requests;
    expect(first).toMatchObject({
      api: 'rainbond',
      operationId: 'updateRegion',
      method: 'PUT',
      path: regionPath(REGION_ID),
      body: validRegionUpdate(),
      status: 200,
      forced: null,
      networkFault: null,
    });
    expect(first.responseBody).toMatchObject({ region_id: REGION_ID, ...validRegionUpdate() });
    expect(Date.parse(first.time)).not.toBeNaN();
    expect(first.durationMs).toBeGreaterThanOrEqual(0);
    expect(res.body.requests[3]).toMatchObject({ api: 'kms', operationId: null, status: 404 });
  });

  it('masks credentials in the request headers', async () => {
    await traffic();
    const entries = (await find()).body.requests;
    expect(entries[0].requestHeaders.authorization).toBe('***');
    expect(entries[2].requestHeaders['x-auth-token']).toBe('***');
    expect(JSON.stringify(entries)).not.toContain(MANAGE_TOKEN);
    expect(JSON.stringify(entries)).not.toContain('kms-dev-token');
    expect(entries[0].requestHeaders['content-type']).toMatch(/application\/json/);
  });

  it.each([
    ['?api=kms', [200, 404]],
    ['?operationId=updateRegion', [200, 401]],
    ['?method=put', [200, 401, 200]],
    ['?status=401', [401]],
    ['?api=rainbond&status=200', [200]],
  ])('filters with %s, and counts the same way', async (query, statuses) => {
    await traffic();
    const res = await find(query);
    expect(res.body.requests.map((e: { status: number }) => e.status)).toEqual(statuses);
    const counted = await count(query);
    expectAdmin(counted, 200, '/__admin/requests/count', 'get');
    expect(counted.body).toEqual({ count: statuses.length });
  });

  it('filters by since', async () => {
    await traffic();
    // Times have millisecond resolution: step past the last entry's millisecond before marking.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const mark = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await request(shared.app).put(regionPath('fail-502')).set('Authorization', MANAGE_TOKEN).send(validRegionUpdate());
    const res = await find(`?since=${encodeURIComponent(mark)}`);
    expect(res.body.requests).toHaveLength(1);
    expect(res.body.requests[0]).toMatchObject({ status: 502, forced: 'fixture' });
    expect((await find('?since=2000-01-01T00:00:00Z')).body.requests).toHaveLength(5);
  });

  it.each(['?status=abc', '?api=stripe', '?since=yesterday', '?colour=red'])('refuses the bad filter %s with a 400', async (query) => {
    const res = await find(query);
    expectAdmin(res, 400, '/__admin/requests', 'get');
    expect(res.body.message.length).toBeGreaterThan(0);
  });

  it('does not record admin calls', async () => {
    await request(shared.app).get('/__admin/health');
    await request(shared.app).get('/__admin/state');
    expect((await count()).body).toEqual({ count: 0 });
  });

  it('is emptied by DELETE /__admin/requests', async () => {
    await traffic();
    const res = await request(shared.app).delete('/__admin/requests');
    expectAdmin(res, 200, '/__admin/requests', 'delete');
    expect((await count()).body).toEqual({ count: 0 });
  });

  it('keeps only the newest entries when full (a ring)', async () => {
    const small = freshMock({ journalLimit: 3 });
    for (let i = 0; i < 5; i += 1) await request(small.app).put(regionPath(REGION_ID)).send({});
    const entries = (await request(small.app).get('/__admin/requests')).body.requests;
    expect(entries.map((e: { id: number }) => e.id)).toEqual([3, 4, 5]);
  });
});
