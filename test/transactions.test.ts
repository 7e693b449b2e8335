import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { buildApp, startServer, type RunningServer } from '../src';
import type { Region } from '../src/apis/rainbond/types';
import { expectRainbond, sharedMock, KEY_ID, MANAGE_TOKEN, REGION_ID, primaryRegionPath, rainbondDoc, regionPath, validRegionUpdate } from './helpers';
import { pipeline, type RawRequest } from './raw-http';

const REGIONS = '/openapi/v2/manage/regions';
const json = { 'Content-Type': 'application/json' };
const rainbond = { ...json, Authorization: MANAGE_TOKEN };
const kms = { ...json, 'X-Auth-Token': 'kms-dev-token' };

type Regions = { rainbond: { regions: Region[] } };

describe('pipelined requests on one connection', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0 });
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  it('a GET after a PUT of the same region sees the PUT', async () => {
    const body = { ...validRegionUpdate(), region_alias: 'pipelined' };
    const [put, get] = await pipeline(server.port, [
      { method: 'PUT', path: regionPath(REGION_ID), headers: rainbond, body: JSON.stringify(body) },
      { method: 'GET', path: regionPath(REGION_ID), headers: { Authorization: MANAGE_TOKEN } },
    ]);
    expect(put.status).toBe(200);
    expect(get.status).toBe(200);
    expect(get.json()).toMatchObject({ region_id: REGION_ID, region_alias: 'pipelined' });
  });

  it('a read of the state after an update-primary-region sees the new primary', async () => {
    const [put, state] = await pipeline(server.port, [
      { method: 'PUT', path: primaryRegionPath(KEY_ID), headers: kms, body: JSON.stringify({ key_id: KEY_ID, primary_region: 'cn-east-3' }) },
      { method: 'GET', path: '/__admin/state' },
    ]);
    expect(put.status).toBe(200);
    const keys = (state.json() as { kms: { keys: Array<{ key_id: string; primary_region: string }> } }).kms.keys;
    expect(keys.find((k) => k.key_id === KEY_ID)?.primary_region).toBe('cn-east-3');
  });

  it('writes, a reset and reads take effect in the order they were sent', async () => {
    const alias = (a: string): RawRequest => ({ method: 'PUT', path: regionPath(REGION_ID), headers: rainbond, body: JSON.stringify({ ...validRegionUpdate(), region_alias: a }) });
    const get: RawRequest = { method: 'GET', path: regionPath(REGION_ID), headers: { Authorization: MANAGE_TOKEN } };
    const answers = await pipeline(server.port, [alias('one'), get, alias('two'), get, { method: 'POST', path: '/__admin/reset' }, get]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const seen = [1, 3, 5].map((i) => (answers[i].json() as Region).region_alias);
    expect(seen).toEqual(['one', 'two', '默认集群']);
  });
});

describe('a delayed write', () => {
  const shared = sharedMock();

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

describe('a client that hangs up', () => {
  it('while its write waits does not let the writes behind it overtake it', async () => {
    const server = await startServer({ port: 0 });
    try {
      const put = (alias: string, extra: Record<string, string> = {}, signal?: AbortSignal) =>
        fetch(`${server.url}${regionPath(REGION_ID)}`, { method: 'PUT', headers: { ...rainbond, ...extra }, body: JSON.stringify({ ...validRegionUpdate(), region_alias: alias }), signal });
      const abort = new AbortController();
      const first = put('first', { Prefer: 'delay=400' }, abort.signal).catch(() => 'hung up');
      await new Promise((resolve) => setTimeout(resolve, 100));
      abort.abort();
      expect(await first).toBe('hung up');
      const second = await put('second');
      expect(second.status).toBe(200);
      const get = await fetch(`${server.url}${regionPath(REGION_ID)}`, { headers: { Authorization: MANAGE_TOKEN } });
      // The first write arrived first, so it took effect first, client or no client.
      expect(((await get.json()) as Region).region_alias).toBe('second');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(((await (await fetch(`${server.url}${regionPath(REGION_ID)}`, { headers: { Authorization: MANAGE_TOKEN } })).json()) as Region).region_alias).toBe('second');
    } finally {
      await server.close();
    }
  });
});

describe('--data while the file cannot be written', () => {
  let dir: string;
  let file: string;
  let server: RunningServer;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'regionmock-tx-'));
    file = join(dir, 'state.json');
    server = await startServer({ port: 0, dataFile: file });
  });
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const state = async () => (await (await fetch(`${server.url}/__admin/state`)).json()) as Regions;
  const createRegion = (name: string) =>
    fetch(`${server.url}${REGIONS}`, { method: 'POST', headers: rainbond, body: JSON.stringify({ ...validRegionUpdate(), region_name: name }) });
  /** The path the mock writes to becomes a folder: every write to it fails from now on. */
  const breakDisk = () => {
    rmSync(file, { force: true });
    mkdirSync(file);
  };
  const mendDisk = () => rmSync(file, { recursive: true, force: true });

  it('a refused DELETE and a refused PUT in flight together leave the state exactly as it was', async () => {
    expect((await createRegion('before-break')).status).toBe(201);
    const before = await state();
    breakDisk();
    const [removed, updated] = await Promise.all([
      fetch(`${server.url}${regionPath(REGION_ID)}`, { method: 'DELETE', headers: { Authorization: MANAGE_TOKEN } }),
      fetch(`${server.url}${regionPath('3a4c1e0f9b8d4f6a8e2d7c5b1a0f9e8d')}`, { method: 'PUT', headers: rainbond, body: JSON.stringify({ ...validRegionUpdate(), region_alias: 'refused' }) }),
    ]);
    for (const [res, path, method] of [[removed, `${REGIONS}/{region_id}`, 'delete'], [updated, `${REGIONS}/{region_id}`, 'put']] as const) {
      rainbondDoc.expectAnswer(path, method, { status: res.status, body: await res.json() } as never, 500);
    }
    expect(await state()).toEqual(before);
    mendDisk();
    // The next acknowledged write lands whole, and the file it leaves is one the mock starts on.
    expect((await createRegion('after-mend')).status).toBe(201);
    const after = await state();
    expect(after.rainbond.regions.map((r) => r.region_name)).toEqual([...before.rainbond.regions.map((r) => r.region_name), 'after-mend']);
    expect(buildApp({ dataFile: file }).store.data).toEqual(after);
  });

  it('in a storm of writes, a failure never rolls back a write already acknowledged', async () => {
    const names = Array.from({ length: 40 }, (_, i) => `storm-${i}`);
    let answered = 0;
    const answers = await Promise.all(
      names.map((name) =>
        createRegion(name).then((res) => {
          answered += 1;
          if (answered === 5) breakDisk();
          if (answered === 20) mendDisk();
          return res.status;
        }),
      ),
    );
    expect(answers.every((s) => s === 201 || s === 500)).toBe(true);
    expect(answers.filter((s) => s === 500).length).toBeGreaterThan(0);
    const acknowledged = names.filter((_, i) => answers[i] === 201);
    const held = (await state()).rainbond.regions.map((r) => r.region_name).filter((n) => n.startsWith('storm-'));
    expect(held.sort()).toEqual(acknowledged.sort());
    if (answered === 40) mendDisk();
    expect((await createRegion('last')).status).toBe(201);
    const onDisk = JSON.parse(readFileSync(file, 'utf8')) as Regions;
    expect(onDisk).toEqual(await state());
    expect(buildApp({ dataFile: file }).store.data).toEqual(onDisk);
  });
});
