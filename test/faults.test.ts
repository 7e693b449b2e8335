import request from 'supertest';
import { putPrimaryRegion, putRegion } from './operations';
import {
  asAnswered, clone, documentedExamples, expectAdmin, expectKms, expectRainbond, sharedMock, KEY_ID, MANAGE_TOKEN, primaryRegionPath,
  REGION_ID, UPDATE_PRIMARY, UPDATE_REGION, validRegionUpdate,
} from './helpers';

const shared = sharedMock();

const addFault = (fault: object) => request(shared.app).post('/__admin/faults').send(fault);
const regionCall = (id = REGION_ID, token = MANAGE_TOKEN) => putRegion(shared.app, id, token).send(validRegionUpdate());
const keyCall = (token = 'kms-dev-token') => putPrimaryRegion(shared.app, KEY_ID, token).send({ key_id: KEY_ID, primary_region: 'cn-east-3' });

describe.each([
  ['rainbond', UPDATE_REGION, 'updateRegion', () => regionCall(), expectRainbond],
  ['kms', UPDATE_PRIMARY, 'updatePrimaryRegion', () => keyCall(), expectKms],
] as const)('a status fault on %s', (api, op, operationId, call, expectAnswer) => {
  it('answers every status the operation documents with the document\'s body, changing nothing', async () => {
    const examples = await documentedExamples(op.file, op.path, op.method);
    for (const [status, example] of examples) {
      await shared.sessions.default.reset();
      const added = await addFault({ api, operationId, status });
      expectAdmin(added, 201, '/__admin/faults', 'post');
      const before = clone(shared.store.data);
      const res = await call();
      expectAnswer(res, status);
      expect(res.body).toEqual(asAnswered(example, res));
      expect(shared.store.data).toEqual(before);
    }
  });
});

describe('which calls a fault matches', () => {
  it('matches by path parameter: only the region named fails', async () => {
    await addFault({ api: 'rainbond', params: { region_id: REGION_ID }, status: 500 });
    expectRainbond(await regionCall(), 500);
    expectRainbond(await regionCall('3a4c1e0f9b8d4f6a8e2d7c5b1a0f9e8d'), 200);
  });

  it('matches by token: only calls with that credential fail', async () => {
    await addFault({ api: 'kms', token: 'kms-staging-token', status: 403 });
    expectKms(await keyCall('kms-dev-token'), 200);
    const res = await request(shared.app)
      .put(primaryRegionPath('5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9', '2b9f0c1d3e4a5b6c7d8e9f0a1b2c3d4e'))
      .set('X-Auth-Token', 'kms-staging-token')
      .send({ key_id: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9', primary_region: 'ap-southeast-3' });
    expectKms(res, 403);
    expect(res.body).toEqual({ error: { error_code: 'KMS.0330', error_msg: 'User has no permission.' } });
  });

  it('matches by api and method: a KMS fault leaves Rainbond alone', async () => {
    await addFault({ api: 'kms', method: 'put', status: 502 });
    expectRainbond(await regionCall(), 200);
    expectKms(await keyCall(), 502);
  });

  it('wins over credentials and validation, like Prefer', async () => {
    await addFault({ api: 'kms', status: 504 });
    const res = await request(shared.app).put(primaryRegionPath(KEY_ID)).send('garbage');
    expectKms(res, 504);
  });

  it('lets Prefer win over it, and such a call does not count against it', async () => {
    const fault = (await addFault({ api: 'kms', status: 502, times: 1 })).body;
    const preferred = await request(shared.app).put(primaryRegionPath(KEY_ID)).set('Prefer', 'code=404').send({});
    expectKms(preferred, 404);
    expectKms(await keyCall(), 502);
    expect(shared.sessions.default.faults.list().find((f) => f.id === fault.id)).toMatchObject({ matched: 1, fired: 1 });
  });
});

describe('times and after', () => {
  it('after: N lets the first N matching calls through ("the third call fails")', async () => {
    await addFault({ api: 'kms', status: 500, after: 2 });
    expectKms(await keyCall(), 200);
    expectKms(await keyCall(), 200);
    expectKms(await keyCall(), 500);
    expectKms(await keyCall(), 500);
  });

  it('times: N fires N times and then lets calls through', async () => {
    await addFault({ api: 'rainbond', status: 504, times: 2 });
    expectRainbond(await regionCall(), 504);
    expectRainbond(await regionCall(), 504);
    expectRainbond(await regionCall(), 200);
  });

  it('after and times together: only the third call fails', async () => {
    await addFault({ api: 'rainbond', status: 502, after: 2, times: 1 });
    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await regionCall()).status);
    expect(statuses).toEqual([200, 200, 502, 200, 200]);
    const listed = await request(shared.app).get('/__admin/faults');
    expectAdmin(listed, 200, '/__admin/faults', 'get');
    expect(listed.body.faults[0]).toMatchObject({ matched: 5, fired: 1, after: 2, times: 1 });
  });

  it('holds the answer back for delayMs', async () => {
    await addFault({ api: 'kms', status: 502, delayMs: { min: 100, max: 120 } });
    const started = Date.now();
    expectKms(await keyCall(), 502);
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
  });
});

describe('managing faults', () => {
  it('lists, removes one and clears all', async () => {
    const a = (await addFault({ api: 'kms', status: 500 })).body;
    const b = (await addFault({ api: 'rainbond', status: 500 })).body;
    const listed = await request(shared.app).get('/__admin/faults');
    expect(listed.body.faults.map((f: { id: string }) => f.id)).toEqual([a.id, b.id]);
    const removed = await request(shared.app).delete(`/__admin/faults/${a.id}`);
    expectAdmin(removed, 200, '/__admin/faults/{id}', 'delete');
    expectKms(await keyCall(), 200);
    expectRainbond(await regionCall(), 500);
    const missing = await request(shared.app).delete(`/__admin/faults/${a.id}`);
    expectAdmin(missing, 404, '/__admin/faults/{id}', 'delete');
    const cleared = await request(shared.app).delete('/__admin/faults');
    expectAdmin(cleared, 200, '/__admin/faults', 'delete');
    expectRainbond(await regionCall(), 200);
  });

  it.each([
    ['no outcome', { api: 'kms' }, /either status or network/],
    ['both outcomes', { status: 500, network: 'TIMEOUT', timeoutMs: 10 }, /either status or network/],
    ['TIMEOUT without its bound', { network: 'TIMEOUT' }, /timeoutMs goes with network TIMEOUT/],
    ['a bound without TIMEOUT', { network: 'EMPTY_RESPONSE', timeoutMs: 10 }, /timeoutMs goes with network TIMEOUT/],
    ['an unknown field', { status: 500, stauts: 500 }, /Unknown field stauts/],
    ['a status the operation does not document', { operationId: 'updateRegion', status: 418 }, /Status 418 is not documented by updateRegion/],
    ['an unknown operation', { operationId: 'deleteEverything', status: 500 }, /matches no operation/],
    ['an unknown network fault', { network: 'SLOW_LORIS' }, /network/],
    ['a wrong type', { status: '500' }, /status/],
    ['a reversed delay', { status: 500, delayMs: { min: 10, max: 5 } }, /delayMs.min/],
    ['a negative after', { status: 500, after: -1 }, /after/],
  ])('refuses %s with a 400 saying why', async (_what, fault, message) => {
    const res = await addFault(fault);
    expectAdmin(res, 400, '/__admin/faults', 'post');
    expect(res.body.message).toMatch(message);
    expect(shared.sessions.default.faults.list()).toEqual([]);
  });
});
