import request from 'supertest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src';
import { expectAdmin, KEY_ID, REGION_ID, regionPath, validRegionUpdate } from './helpers';
import { OPERATIONS } from './operations';

const op = (id: string) => OPERATIONS.find((o) => o.operationId === id) ?? (() => { throw new Error(id); })();
const inSession = (test: request.Test, session: string) => test.set('X-Mock-Session', session);
const admin = (app: ReturnType<typeof buildApp>['app'], method: 'get' | 'post' | 'put', path: string, session: string) =>
  request(app)[method](path).set('X-Mock-Session', session);
const apply = (app: ReturnType<typeof buildApp>['app'], session: string, scenario: unknown) => admin(app, 'post', '/__admin/scenarios/apply', session).send(scenario as object);
const stateOf = async (app: ReturnType<typeof buildApp>['app'], session: string) => (await admin(app, 'get', '/__admin/state', session)).body;
const faultsOf = async (app: ReturnType<typeof buildApp>['app'], session: string) =>
  (await admin(app, 'get', '/__admin/faults', session)).body.faults.map(({ id: _id, ...f }: { id: string }) => f);

describe('scenarios the mock knows', () => {
  const { app } = buildApp();

  it('lists the built-in ones, each one it can apply', async () => {
    const res = await request(app).get('/__admin/scenarios');
    expectAdmin(res, 200, '/__admin/scenarios', 'get');
    const names = res.body.scenarios.map((s: { name: string }) => s.name);
    expect(names).toEqual(expect.arrayContaining(['expired-token', 'kms-gateway-outage', 'region-maintenance', 'rainbond-console-timeout']));
    for (const s of res.body.scenarios) expect(s).toMatchObject({ source: 'built-in', problem: null, description: expect.stringMatching(/\w/) });
  });

  it('kms-gateway-outage: the first move succeeds, the next two get 502, later ones 504; other KMS calls are untouched', async () => {
    const res = await admin(app, 'post', '/__admin/scenarios/kms-gateway-outage/apply', 'outage');
    expectAdmin(res, 200, '/__admin/scenarios/{name}/apply', 'post');
    expect(res.body).toEqual({ status: 'applied', session: 'outage', scenario: 'kms-gateway-outage' });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await inSession(op('describeKey').call(app), 'outage')).status);
    for (let i = 0; i < 5; i += 1) statuses.push((await inSession(op('updatePrimaryRegion').call(app), 'outage')).status);
    statuses.push((await inSession(op('listSupportRegions').call(app), 'outage')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 502, 502, 504, 504, 200]);
  });

  it('an unknown name is a 404 that says where the names are', async () => {
    const res = await request(app).post('/__admin/scenarios/gateway-down/apply');
    expectAdmin(res, 404, '/__admin/scenarios/{name}/apply', 'post');
    expect(res.body.message).toMatch(/GET \/__admin\/scenarios/);
  });
});

describe('a snapshot applies back to the same session', () => {
  const { app } = buildApp();

  it('state (changed, removed and added records of both APIs), faults partly used and latency', async () => {
    const from = 'snap-from';
    await apply(app, from, { name: 'slowish', latency: { min: 1, max: 2 } }).expect(200);
    await inSession(op('updateRegion').call(app), from).expect(200);
    await inSession(request(app).delete(regionPath('8b1e6c0d2f4a4e9b9c7d5a3f1e0b2c4d')).set('Authorization', 'rbd-manage-token'), from).expect(200);
    await inSession(op('createRegion').call(app), from).expect(201);
    await inSession(op('updatePrimaryRegion').call(app), from).expect(200);
    await admin(app, 'post', '/__admin/faults', from).send({ api: 'kms', operationId: 'describeKey', status: 504, after: 1, times: 2 }).expect(201);
    await admin(app, 'post', '/__admin/faults', from).send({ api: 'rainbond', operationId: 'getRegion', status: 502, times: 1 }).expect(201);
    await inSession(op('describeKey').call(app), from).expect(200);
    await inSession(op('describeKey').call(app), from).expect(504);

    const snapshot = await admin(app, 'get', '/__admin/snapshot', from);
    expectAdmin(snapshot, 200, '/__admin/snapshot', 'get');
    expect(snapshot.body.apis.rainbond.regions).toMatchObject({ removed: ['8b1e6c0d2f4a4e9b9c7d5a3f1e0b2c4d'], added: [expect.objectContaining({ region_name: 'edge-new' })] });
    expect(snapshot.body.apis.kms.keys.changed).toEqual([expect.objectContaining({ key_id: KEY_ID, primary_region: 'cn-east-3' })]);
    expect(snapshot.body.latency).toEqual({ min: 1, max: 2 });

    const to = 'snap-to';
    await inSession(op('deleteRegion').call(app), to).expect(200);
    const applied = await apply(app, to, snapshot.body);
    expectAdmin(applied, 200, '/__admin/scenarios/apply', 'post');
    expect(await stateOf(app, to)).toEqual(await stateOf(app, from));
    expect(await faultsOf(app, to)).toEqual(await faultsOf(app, from));
    const again = (await admin(app, 'get', '/__admin/snapshot', to)).body;
    expect({ ...again, name: '', description: '' }).toEqual({ ...snapshot.body, name: '', description: '' });
    // The faults go on where they were: one more 504, then spent; the 502 still to come.
    for (const session of [from, to]) {
      expect((await inSession(op('describeKey').call(app), session)).status).toBe(504);
      expect((await inSession(op('describeKey').call(app), session)).status).toBe(200);
      expect((await inSession(op('getRegion').call(app), session)).status).toBe(502);
    }
  });

  it('a record removed and made again lands where it was, order and all', async () => {
    const from = 'order-from';
    const state = await stateOf(app, from);
    const [first, ...rest] = state.rainbond.regions;
    expect(first.region_id).toBe(REGION_ID);
    await admin(app, 'put', '/__admin/state', from).send({ ...state, rainbond: { ...state.rainbond, regions: [...rest, first] } }).expect(200);
    const snapshot = (await admin(app, 'get', '/__admin/snapshot', from)).body;
    expect(snapshot.apis.rainbond.regions.removed).toEqual([REGION_ID]);
    await apply(app, 'order-to', snapshot).expect(200);
    expect(await stateOf(app, 'order-to')).toEqual(await stateOf(app, from));
  });
});

describe('sessions apply scenarios apart', () => {
  const { app } = buildApp();

  it('two sessions apply different scenarios at once and neither sees the other', async () => {
    await Promise.all([admin(app, 'post', '/__admin/scenarios/expired-token/apply', 'qa-a').expect(200), admin(app, 'post', '/__admin/scenarios/region-maintenance/apply', 'qa-b').expect(200)]);
    expect((await inSession(op('getRegion').call(app), 'qa-a')).status).toBe(401);
    expect((await inSession(op('updatePrimaryRegion').call(app), 'qa-a')).status).toBe(401);
    const b = await inSession(op('getRegion').call(app), 'qa-b');
    expect(b.status).toBe(200);
    expect(b.body.status).toBe('3');
    expect((await stateOf(app, 'qa-a')).rainbond.regions[0].status).toBe('1');
    expect(await faultsOf(app, 'qa-b')).toEqual([]);
    expect((await request(app).get(regionPath(REGION_ID)).set('Authorization', 'rbd-manage-token')).status).toBe(200);
  });
});

const FIRST_KEY = (buildApp().store.data.kms.keys as object[])[0];

/** A recorded answer of KMS's listKeys the mock would play, with one thing changed. */
const recordedListKeys = (change: object) => ({
  api: 'kms',
  operationId: 'listKeys',
  params: { project_id: 'e9993fc787d94b6c886cbaa340f9c0f4' },
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ keys: [], key_details: [], next_marker: '', truncated: 'false', total: 0 }),
  ...change,
});

describe('a scenario the mock refuses changes nothing', () => {
  const { app } = buildApp();
  const session = 'refused';
  const cases: Array<[string, object, string]> = [
    ['an unknown field', { name: 'x', extra: 1 }, '/extra'],
    ['an API the mock does not serve', { name: 'x', apis: { nope: {} } }, '/apis/nope'],
    ['a collection the API does not have', { name: 'x', apis: { kms: { secrets: { added: [] } } } }, '/apis/kms/secrets'],
    ['a record the vendor document refuses', { name: 'x', apis: { rainbond: { regions: { added: [{ ...validRegionUpdate(), region_id: 'new-1', region_name: 42 }] } } } }, '/apis/rainbond/regions/added/0/region_name'],
    ['a change to a record the fixtures do not have', { name: 'x', apis: { kms: { keys: { removed: ['no-such-key'] } } } }, '/apis/kms/keys/removed/0'],
    ['a fault no operation can answer', { name: 'x', faults: [{ api: 'kms', operationId: 'updateRegion', status: 500 }] }, '/faults/0'],
    ['a fault with a status the operation does not document', { name: 'x', faults: [{ api: 'kms', operationId: 'listKeys', status: 404 }] }, '/faults/0'],
    ['a recorded answer for an unknown operation', { name: 'x', recorded: [{ api: 'kms', operationId: 'rotateKey', params: {}, status: 200, headers: {}, body: null }] }, '/recorded/0/operationId'],
    ['a recorded answer with an undocumented status', { name: 'x', recorded: [recordedListKeys({ status: 418 })] }, '/recorded/0/status'],
    ['a recorded answer naming other path parameters', { name: 'x', recorded: [recordedListKeys({ params: { key_id: KEY_ID } })] }, '/recorded/0/params'],
    ['a recorded answer matching a query the operation lacks', { name: 'x', recorded: [recordedListKeys({ query: { nope: '1' } })] }, '/recorded/0/query/nope'],
    ['a recorded header that breaks its line', { name: 'x', recorded: [recordedListKeys({ headers: { 'content-type': 'application/json', 'x-a': 'b\r\nSet-Cookie: x=1' } })] }, '/recorded/0/headers/x-a'],
    ['a recorded header that frames the message', { name: 'x', recorded: [recordedListKeys({ headers: { 'content-type': 'application/json', 'content-length': '3' } })] }, '/recorded/0/headers/content-length'],
    ['a recorded answer without the JSON body its status has', { name: 'x', recorded: [recordedListKeys({ body: null })] }, '/recorded/0/body'],
    ['a recorded JSON body sent as HTML', { name: 'x', recorded: [recordedListKeys({ headers: { 'content-type': 'text/html' } })] }, '/recorded/0/headers'],
    ['the same record changed twice', { name: 'x', apis: { kms: { keys: { changed: [FIRST_KEY, FIRST_KEY] } } } }, '/apis/kms/keys/changed/1/key_id'],
    ['a fault that answered more calls than it matched', { name: 'x', faults: [{ api: 'kms', status: 500, matched: 1, fired: 2 }] }, '/faults/0/fired'],
  ];

  it('takes the cases below once they are put right (each refusal is for the one thing named)', async () => {
    await apply(app, 'fine', { name: 'x', recorded: [recordedListKeys({})], apis: { kms: { keys: { changed: [FIRST_KEY] } } }, faults: [{ api: 'kms', status: 500, matched: 2, fired: 1 }] }).expect(200);
  });

  it.each(cases)('%s: 400 naming the pointer, and the session as it was', async (_what, scenario, pointer) => {
    await admin(app, 'post', '/__admin/faults', session).send({ api: 'kms', status: 500, times: 1 }).expect(201);
    await inSession(op('updateRegion').call(app), session).expect(200);
    const before = { state: await stateOf(app, session), faults: await faultsOf(app, session) };
    const res = await apply(app, session, scenario);
    expectAdmin(res, 400, '/__admin/scenarios/apply', 'post');
    expect(res.body).toMatchObject({ error: 'invalid_scenario', file: 'request body', pointer });
    expect(res.body.message).toContain(`at ${pointer}`);
    expect({ state: await stateOf(app, session), faults: await faultsOf(app, session) }).toEqual(before);
    await admin(app, 'post', '/__admin/reset', session).expect(200);
  });
});

describe('a refused scenario never quotes a credential', () => {
  it('names a token key by its place only', async () => {
    const { app } = buildApp();
    const res = await apply(app, 'quiet', { name: 'x', apis: { kms: { tokens: { removed: ['REAL-IAM-TOKEN-abc123'] } } } });
    expectAdmin(res, 400, '/__admin/scenarios/apply', 'post');
    expect(res.body.pointer).toBe('/apis/kms/tokens/removed/0');
    expect(JSON.stringify(res.body)).not.toContain('REAL-IAM-TOKEN-abc123');
  });
});

describe('scenarios from a folder (--scenarios)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'scenarios-'));
  writeFileSync(join(folder, 'mine.yaml'), 'name: mine\ndescription: Key moves fail.\nfaults:\n  - api: kms\n    operationId: updatePrimaryRegion\n    status: 500\n');
  writeFileSync(join(folder, 'broken.yaml'), 'name: broken\nfaults:\n  - api: kms\n    status: 999\n');
  const { app } = buildApp({ scenariosDir: folder });

  it('lists them after the built-in ones, a broken one with its problem', async () => {
    const res = await request(app).get('/__admin/scenarios');
    expectAdmin(res, 200, '/__admin/scenarios', 'get');
    const mine = res.body.scenarios.find((s: { name: string }) => s.name === 'mine');
    expect(mine).toEqual({ name: 'mine', description: 'Key moves fail.', source: 'folder', problem: null });
    const broken = res.body.scenarios.find((s: { name: string }) => s.name === 'broken');
    expect(broken.problem).toContain(join(folder, 'broken.yaml'));
    expect(broken.problem).toContain('/faults/0/status');
  });

  it('applies one by name; a broken one is refused naming its file and pointer', async () => {
    await admin(app, 'post', '/__admin/scenarios/mine/apply', 'folder').expect(200);
    expect((await inSession(op('updatePrimaryRegion').call(app), 'folder')).status).toBe(500);
    const res = await admin(app, 'post', '/__admin/scenarios/broken/apply', 'folder');
    expectAdmin(res, 400, '/__admin/scenarios/{name}/apply', 'post');
    expect(res.body).toMatchObject({ file: join(folder, 'broken.yaml'), pointer: '/faults/0/status' });
    expect((await inSession(op('updatePrimaryRegion').call(app), 'folder')).status).toBe(500);
  });
});

describe('scenarios in process', () => {
  it('buildApp({ scenario }) starts the default session with it; apply() gives one to a named session', async () => {
    const mock = buildApp({ scenario: 'expired-token' });
    expect((await op('getRegion').call(mock.app)).status).toBe(401);
    await mock.apply({ name: 'fine' }, { session: 'other' });
    expect((await inSession(op('getRegion').call(mock.app), 'other')).status).toBe(200);
    await expect(mock.apply({ name: 'bad', latency: { min: 5, max: 1 } })).rejects.toThrow(/at \/latency\/min/);
    expect((await op('getRegion').call(mock.app)).status).toBe(401);
    await mock.sessions.default.reset();
    expect((await op('getRegion').call(mock.app)).status).toBe(200);
  });

  it('apply() refuses a session name a header could not carry', async () => {
    const mock = buildApp();
    await expect(mock.apply('expired-token', { session: 'no spaces' })).rejects.toThrow(/X-Mock-Session/);
  });

  it('does not take a scenario over the state a data file keeps, but starts a new data file from one', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'scenario-data-')), 'state.json');
    const first = buildApp({ dataFile: file, scenario: 'region-maintenance' });
    expect((await op('getRegion').call(first.app)).body.status).toBe('3');
    await op('updateRegion').call(first.app).expect(200);
    expect(() => buildApp({ dataFile: file, scenario: 'expired-token' })).toThrow(/--scenario would replace the state kept in .*state\.json/);
    expect((await op('getRegion').call(buildApp({ dataFile: file }).app)).body.status).toBe(validRegionUpdate().status);
  });

  it('an unknown scenario at start-up stops it, naming what was given', () => {
    expect(() => buildApp({ scenario: 'no-such-scenario' })).toThrow(/No scenario named no-such-scenario/);
  });
});
