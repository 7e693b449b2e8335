import request from 'supertest';
import { getRegion } from './operations';
import type { Region } from '../src/apis/rainbond/types';
import { clone, expectDjangoNotFound, sharedMock, MANAGE_TOKEN, rainbondDoc, REGION_ID, regionPath, validRegionUpdate } from './helpers';

const shared = sharedMock();

const LIST = '/openapi/v2/manage/regions';
const ONE = '/openapi/v2/manage/regions/{region_id}';
const regions = () => shared.store.data.rainbond.regions as Region[];

const list = async (query = '', token = MANAGE_TOKEN) => {
  const res = await request(shared.app).get(`${LIST}${query}`).set('Authorization', token);
  rainbondDoc.expectAnswer(LIST, 'get', res, 200);
  return res.body as { total: number; data: Array<Record<string, unknown>> };
};
const get = (id: string, token = MANAGE_TOKEN) => getRegion(shared.app, id, token);

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

  it("refuses a taken region_name with a 400 on that field, the unique model field's message (console/models/main.py:968), and adds nothing", async () => {
    const before = clone(regions());
    const res = await request(shared.app).post(LIST).set('Authorization', MANAGE_TOKEN).send({ ...validRegionUpdate(), region_name: 'rainbond' });
    rainbondDoc.expectAnswer(LIST, 'post', res, 400);
    expect(res.body).toMatchObject({ code: 20400, err: { region_name: ['具有 region name 的 region config 已存在。'] } });
    expect(regions()).toEqual(before);
  });

  it('refuses a bad body with the field errors and adds nothing', async () => {
    const before = clone(regions());
    const res = await request(shared.app).post(LIST).set('Authorization', MANAGE_TOKEN).send({ region_name: 'n'.repeat(65), url: 'nope' });
    rainbondDoc.expectAnswer(LIST, 'post', res, 400);
    expect(res.body.code).toBe(20400);
    expect(res.body.err).toMatchObject({ region_name: ['请确保这个字段不能超过 64 个字符。'], url: ['集群API地址非法'], wsurl: ['该字段是必填项。'] });
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
    ['?query=edge', ['edge-hz']],
    ['?query=EDGE', []],
    [`?query=${encodeURIComponent('旧集群')}`, ['bj-legacy', 'sh-old']],
    ['?query=fail', ['fail-500', 'fail-502', 'fail-504']],
    ['?query=nothing-like-this', []],
  ])("filters by name or alias as Django's contains does, case counting: %s", async (query, names) => {
    const page = await list(query);
    expect(page.data.map((r) => r.region_name)).toEqual(names);
    expect(page.total).toBe(names.length);
  });

  it('pages with current and pageSize, total counting every match', async () => {
    const all = (await list()).data.map((r) => r.region_id);
    const first = await list('?current=1&pageSize=3');
    expect(first).toMatchObject({ total: all.length });
    expect(first.data.map((r) => r.region_id)).toEqual(all.slice(0, 3));
    const lastPage = Math.ceil(all.length / 3);
    const last = await list(`?current=${lastPage}&pageSize=3`);
    expect(last.data.map((r) => r.region_id)).toEqual(all.slice((lastPage - 1) * 3));
    expect(last.data.length).toBeGreaterThan(0);
    expect(last.data.length).toBeLessThanOrEqual(3);
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

describe('the region list and odd requests', () => {
  it('has several regions in every status', async () => {
    const counts = new Map<unknown, number>();
    for (const r of (await list()).data) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
    for (const status of ['0', '1', '2', '3']) expect(counts.get(status)).toBeGreaterThanOrEqual(2);
  });

  it('reads the last of a repeated parameter, as Django does', async () => {
    const all = (await list()).data.map((r) => r.region_id);
    const page = await list('?current=1&current=2&pageSize=2');
    expect(page.data.map((r) => r.region_id)).toEqual(all.slice(2, 4));
  });

  it('answers a huge page number with an empty page', async () => {
    const page = await list('?current=9007199254740993&pageSize=1');
    expect(page).toEqual({ total: regions().length, data: [] });
  });

  it('takes long and oddly named parameters without complaint', async () => {
    const page = await list(`?query=${'x'.repeat(300)}&query%5B%5D=y&current%5Ba%5D=1`);
    expect(page.total).toBe(0);
  });

  it.each(['get', 'delete'] as const)('does not read a malformed body sent with %s', async (method) => {
    const res = await request(shared.app)[method](regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).set('Content-Type', 'application/json').send('{bad');
    rainbondDoc.expectAnswer(ONE, method, res, 200);
  });

  it("answers an id the console's URL pattern (openapi/v2/urls.py:12, [\\w\\-]+) refuses with Django's HTML 404, and an unknown one with getRegion's own words", async () => {
    expectDjangoNotFound(await get('a.b'));
    const res = await get('no-such-region');
    rainbondDoc.expectAnswer(ONE, 'get', res, 404);
    expect(res.body).toEqual({ msg: '数据中心不存在' });
  });

  it('refuses a region_name that differs from a taken one only in case', async () => {
    const res = await request(shared.app).post(LIST).set('Authorization', MANAGE_TOKEN).send({ ...validRegionUpdate(), region_name: 'Edge-HZ' });
    rainbondDoc.expectAnswer(LIST, 'post', res, 400);
    expect(res.body.err).toEqual({ region_name: ['具有 region name 的 region config 已存在。'] });
  });
});
