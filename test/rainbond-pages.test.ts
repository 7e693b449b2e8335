import request from 'supertest';
import type { Region } from '../src/apis/rainbond/types';
import { clone, freshMock, MANAGE_TOKEN, rainbondDoc, REGION_ID, regionPath, validRegionUpdate } from './helpers';

const shared = freshMock();
beforeEach(() => shared.sessions.default.reset());

const LIST = '/openapi/v2/manage/regions';
const ONE = '/openapi/v2/manage/regions/{region_id}';
const regions = () => shared.store.data.rainbond.regions as Region[];

const list = async (query = '', token = MANAGE_TOKEN) => {
  const res = await request(shared.app).get(`${LIST}${query}`).set('Authorization', token);
  rainbondDoc.expectAnswer(LIST, 'get', res, 200);
  return res.body as { total: number; data: Array<Record<string, unknown>> };
};
const get = (id: string, token = MANAGE_TOKEN) => request(shared.app).get(regionPath(id)).set('Authorization', token);

describe('a frontend walking the region pages', () => {
  it('lists, opens, changes and lists again, seeing the change', async () => {
    const first = await list();
    expect(first.total).toBe(regions().length);
    const row = first.data.find((r) => r.region_id === REGION_ID)!;
    expect(row).toMatchObject({ region_name: 'rainbond', status: '1', total_memory: 65536, used_cpu: 9.5, enterprise_alias: 'Goodrain' });
    expect(row).not.toHaveProperty('token');

    const opened = await get(REGION_ID);
    rainbondDoc.expectAnswer(ONE, 'get', opened, 200);
    expect(opened.body).toMatchObject({ region_id: REGION_ID, region_alias: '默认集群' });

    const changed = await request(shared.app).put(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).send(validRegionUpdate());
    rainbondDoc.expectAnswer(ONE, 'put', changed, 200);

    const again = await list();
    expect(again.data.find((r) => r.region_id === REGION_ID)).toMatchObject({ region_alias: '北京集群', status: '2' });
    expect((await get(REGION_ID)).body.region_alias).toBe('北京集群');
  });

  it('adds a region: 201 with a new 32-hex id, then finds it in the list and by id', async () => {
    const before = await list();
    const body = { ...validRegionUpdate(), region_name: 'edge-sz', token: 'region-token', desc: 'new' };
    const res = await request(shared.app).post(LIST).set('Authorization', MANAGE_TOKEN).send(body);
    rainbondDoc.expectAnswer(LIST, 'post', res, 201);
    expect(res.body.region_id).toMatch(/^[0-9a-f]{32}$/);
    expect(res.body).toMatchObject({ ...body, ssl_ca_cert: null, cert_file: null, key_file: null, scope: 'private' });
    const after = await list();
    expect(after.total).toBe(before.total + 1);
    expect(after.data.at(-1)).toMatchObject({ region_id: res.body.region_id, region_name: 'edge-sz', total_memory: 0, rbd_version: null });
    expect((await get(res.body.region_id)).body).toEqual(res.body);
  });

  it('gives a new region status "0" (editing) when the body has none', async () => {
    const { status: _omitted, ...body } = { ...validRegionUpdate(), region_name: 'no-status' };
    const res = await request(shared.app).post(LIST).set('Authorization', MANAGE_TOKEN).send(body);
    rainbondDoc.expectAnswer(LIST, 'post', res, 201);
    expect(res.body.status).toBe('0');
  });

  it('refuses a taken region_name with 400 and adds nothing', async () => {
    const before = clone(regions());
    const res = await request(shared.app).post(LIST).set('Authorization', MANAGE_TOKEN).send({ ...validRegionUpdate(), region_name: 'rainbond' });
    rainbondDoc.expectAnswer(LIST, 'post', res, 400);
    expect(res.body).toMatchObject({ msg: '数据中心名称已存在' });
    expect(regions()).toEqual(before);
  });

  it('refuses a bad body with the field errors and adds nothing', async () => {
    const before = clone(regions());
    const res = await request(shared.app).post(LIST).set('Authorization', MANAGE_TOKEN).send({ region_name: 'bad name!', url: 'nope' });
    rainbondDoc.expectAnswer(LIST, 'post', res, 400);
    expect(res.body.code).toBe(20400);
    expect(res.body.err).toMatchObject({ region_name: ['Enter a valid value.'], url: ['集群API地址非法'], wsurl: ['This field is required.'] });
    expect(regions()).toEqual(before);
  });

  it('deletes a region, answering it as it was, and then it is gone', async () => {
    const before = await list();
    const stored = clone(regions().find((r) => r.region_id === REGION_ID));
    const res = await request(shared.app).delete(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN);
    rainbondDoc.expectAnswer(ONE, 'delete', res, 200);
    expect(res.body).toMatchObject({ region_id: REGION_ID, region_name: stored?.region_name, desc: stored?.desc });
    rainbondDoc.expectAnswer(ONE, 'get', await get(REGION_ID), 404);
    expect((await get(REGION_ID)).body).toEqual({ msg: '数据中心不存在' });
    expect((await list()).total).toBe(before.total - 1);
    const again = await request(shared.app).delete(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN);
    rainbondDoc.expectAnswer(ONE, 'delete', again, 404);
    expect(again.body).toEqual({ msg: '修改的数据中心不存在' });
  });

  it('lets the read-only token list and open, but not add or delete', async () => {
    expect((await list('', 'rbd-readonly-token')).total).toBe(regions().length);
    rainbondDoc.expectAnswer(ONE, 'get', await get(REGION_ID, 'rbd-readonly-token'), 200);
    const before = clone(regions());
    const added = await request(shared.app).post(LIST).set('Authorization', 'rbd-readonly-token').send({ ...validRegionUpdate(), region_name: 'x' });
    rainbondDoc.expectAnswer(LIST, 'post', added, 403);
    const deleted = await request(shared.app).delete(regionPath(REGION_ID)).set('Authorization', 'rbd-readonly-token');
    rainbondDoc.expectAnswer(ONE, 'delete', deleted, 403);
    expect(regions()).toEqual(before);
  });

  it.each(['get', 'delete'] as const)('answers %s on a fail- region with its status', async (method) => {
    const res = await request(shared.app)[method](regionPath('fail-502')).set('Authorization', MANAGE_TOKEN);
    rainbondDoc.expectAnswer(ONE, method, res, 502);
    expect(regions().some((r) => r.region_id === 'fail-502')).toBe(true);
  });
});

describe('the region list: search and pages', () => {
  it('has regions in every status', async () => {
    const statuses = new Set((await list()).data.map((r) => r.status));
    expect([...statuses].sort()).toEqual(['0', '1', '2', '3']);
  });

  it.each([
    ['?query=EDGE', ['edge-hz']],
    ['?query=集群', ['rainbond', 'edge-hz', 'gz-staging', 'bj-legacy']],
    ['?query=fail', ['fail-500', 'fail-502', 'fail-504']],
    ['?query=nothing-like-this', []],
  ])('filters by name or alias, in any case: %s', async (query, names) => {
    const page = await list(query);
    expect(page.data.map((r) => r.region_name)).toEqual(names);
    expect(page.total).toBe(names.length);
  });

  it('pages with current and pageSize, total counting every match', async () => {
    const all = (await list()).data.map((r) => r.region_id);
    const first = await list('?current=1&pageSize=3');
    expect(first).toMatchObject({ total: all.length });
    expect(first.data.map((r) => r.region_id)).toEqual(all.slice(0, 3));
    const last = await list('?current=3&pageSize=3');
    expect(last.data.map((r) => r.region_id)).toEqual(all.slice(6, 9));
    expect(last.data.length).toBeLessThan(3);
  });

  it('answers an empty page past the end, still with the total', async () => {
    const page = await list('?current=50&pageSize=3');
    expect(page.data).toEqual([]);
    expect(page.total).toBe(regions().length);
  });

  it('answers everything at once when pageSize is beyond the total', async () => {
    const page = await list('?current=1&pageSize=1000');
    expect(page.data).toHaveLength(regions().length);
  });

  it.each([
    ['?current=abc&pageSize=xyz', 'the console\'s defaults (page 1, 99 a page)'],
    ['?current=0&pageSize=-5', 'the defaults for numbers below 1'],
    ['?current=1.5&pageSize=2e1', 'the defaults for numbers that are not whole'],
  ])('falls back on %s to %s', async (query) => {
    const page = await list(query);
    expect(page.data).toHaveLength(regions().length);
  });
});
