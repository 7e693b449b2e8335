import request from 'supertest';
import { parse } from 'yaml';
import { buildApp, ConfigError, type VendorPack } from '../../src';
import { VENDOR_PACKS } from '../../src/apis';
import { MANAGE_TOKEN, REGION_ID, regionPath } from '../helpers';
import { toyPack } from './pack';

/**
 * A third vendor, kept in this folder alone (document, fixtures, pack), served beside the
 * built-in ones: every admin feature and the docs page must take it without a change elsewhere.
 */
const mock = buildApp({}, { packs: [...VENDOR_PACKS, () => toyPack() as VendorPack<never>] });
beforeEach(() => mock.sessions.default.reset());

const KEY = { 'X-Toy-Key': 'toy-secret-key' };
const widget = (id = 'w-1') => `/toy/v1/widgets/${id}`;

describe('the packs buildApp is handed', () => {
  it.each([
    ['none', [], /at least one vendor pack/],
    ['one twice', [...VENDOR_PACKS, VENDOR_PACKS[0]], /may not be named "rainbond"/],
    ['one named as the admin API', [() => ({ ...toyPack(), name: 'admin' }) as VendorPack<never>], /may not be named "admin"/],
  ])('are refused: %s', (_what, packs, message) => {
    expect(() => buildApp({}, { packs })).toThrow(ConfigError);
    expect(() => buildApp({}, { packs })).toThrow(message);
  });

  it('start from a given state, which must name every one of them', () => {
    const state = structuredClone(mock.store.data);
    state.toy.widgets = [];
    expect(buildApp({}, { packs: [...VENDOR_PACKS, () => toyPack() as VendorPack<never>], state }).store.data.toy.widgets).toEqual([]);
    expect(() => buildApp({}, { state: { rainbond: state.rainbond } })).toThrow(/Bad state, kms: is missing/);
  });
});

describe('a toy third vendor', () => {
  it('answers its calls from its fixtures, with its own credentials and errors, beside the others', async () => {
    expect((await request(mock.app).get(widget()).set(KEY)).body).toEqual({ widget_id: 'w-1', name: 'sprocket' });
    expect(await request(mock.app).get(widget())).toMatchObject({ status: 401, body: { oops: 'who are you' } });
    expect(await request(mock.app).get(widget('w-9')).set(KEY)).toMatchObject({ status: 404, body: { oops: 'no such widget' } });
    expect(await request(mock.app).put(widget()).set(KEY).send({ name: '' })).toMatchObject({ status: 400, body: { oops: 'bad rename' } });
    expect((await request(mock.app).get(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN)).status).toBe(200);
  });

  it('keeps its state in the session, shows it in the admin state, and resets it', async () => {
    expect((await request(mock.app).put(widget()).set(KEY).send({ name: 'cog' })).body).toEqual({ widget_id: 'w-1', name: 'cog' });
    expect((await request(mock.app).get(widget()).set(KEY)).body.name).toBe('cog');
    const state = await request(mock.app).get('/__admin/state');
    expect(state.status).toBe(200);
    expect(state.body.toy.widgets[0]).toEqual({ widget_id: 'w-1', name: 'cog' });
    const replaced = await request(mock.app).put('/__admin/state').send({ ...state.body, toy: { ...state.body.toy, widgets: [{ widget_id: 'w-5', name: 'gear' }] } });
    expect(replaced.status).toBe(200);
    expect((await request(mock.app).get(widget('w-5')).set(KEY)).body.name).toBe('gear');
    const refused = await request(mock.app).put('/__admin/state').send({ ...state.body, toy: { widgets: [{ widget_id: 'w-6' }], keys: [] } });
    expect(refused.status).toBe(400);
    await request(mock.app).post('/__admin/reset');
    expect((await request(mock.app).get(widget()).set(KEY)).body.name).toBe('sprocket');
    const other = await request(mock.app).get(widget()).set(KEY).set('X-Mock-Session', 'toy-2');
    expect(other.body.name).toBe('sprocket');
  });

  it('is journalled with its credential masked, filtered by its name', async () => {
    await request(mock.app).get(widget()).set(KEY);
    const journal = await request(mock.app).get('/__admin/requests?api=toy');
    expect(journal.status).toBe(200);
    expect(journal.body.requests).toMatchObject([{ api: 'toy', operationId: 'getWidget', status: 200, responseBody: { name: 'sprocket' } }]);
    expect(journal.body.requests[0].requestHeaders['x-toy-key']).toBe('***');
    expect(JSON.stringify(journal.body)).not.toContain('toy-secret-key');
  });

  it('takes faults and Prefer with the statuses its document lists, and refuses others', async () => {
    expect((await request(mock.app).post('/__admin/faults').send({ api: 'toy', operationId: 'getWidget', status: 500, times: 1 })).status).toBe(201);
    expect(await request(mock.app).get(widget()).set(KEY)).toMatchObject({ status: 500, body: { oops: 'broken' } });
    expect((await request(mock.app).get(widget()).set(KEY)).status).toBe(200);
    expect((await request(mock.app).post('/__admin/faults').send({ api: 'toy', operationId: 'getWidget', status: 400 })).status).toBe(400);
    expect(await request(mock.app).get(widget()).set(KEY).set('Prefer', 'code=404')).toMatchObject({ status: 404, body: { oops: 'no such widget' } });
    const misused = await request(mock.app).get(widget()).set(KEY).set('Prefer', 'code=400');
    expect(misused.status).toBe(400);
    expect(misused.body.oops).toMatch(/^regionmock: Prefer code=400 is not a status getWidget documents/);
  });

  it('is on the docs page and in the admin document', async () => {
    const page = await request(mock.app).get('/__docs/');
    expect(page.text).toContain('specs/toy.openapi.yaml');
    const doc = await request(mock.app).get('/__docs/specs/toy.openapi.yaml');
    expect(doc.status).toBe(200);
    expect(parse(doc.text).paths['/toy/v1/widgets/{widget_id}'].put.operationId).toBe('renameWidget');
    const admin = parse((await request(mock.app).get('/__docs/specs/admin.openapi.yaml')).text);
    expect(admin.components.parameters.Api.schema.enum).toEqual(['rainbond', 'kms', 'toy']);
    expect(admin.components.schemas.State.properties.toy.required).toEqual(['widgets', 'keys']);
  });
});
