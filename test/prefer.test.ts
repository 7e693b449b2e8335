import request from 'supertest';
import { putPrimaryRegion, putRegion } from './operations';
import {
  asAnswered, clone, documentedExamples, expectKms, expectRainbond, freshMock, sharedMock, KEY_ID, MANAGE_TOKEN, primaryRegionPath, REGION_ID,
  regionPath, UPDATE_PRIMARY, UPDATE_REGION, validRegionUpdate,
} from './helpers';

const shared = sharedMock();

const regionCall = (prefer?: string) => (prefer === undefined ? putRegion(shared.app) : putRegion(shared.app).set('Prefer', prefer));
const keyCall = (prefer?: string) => (prefer === undefined ? putPrimaryRegion(shared.app) : putPrimaryRegion(shared.app).set('Prefer', prefer));
const keyMove = { key_id: KEY_ID, primary_region: 'cn-east-3' };

describe.each([
  ['Rainbond updateRegion', UPDATE_REGION, () => regionCall, validRegionUpdate(), expectRainbond, [200, 400, 401, 403, 404, 415, 500, 502, 504]],
  ['KMS updatePrimaryRegion', UPDATE_PRIMARY, () => keyCall, keyMove, expectKms, [200, 400, 401, 403, 404, 500, 502, 504]],
] as const)('Prefer on %s', (_name, op, call, body, expectAnswer, statuses) => {
  let examples: Map<number, unknown>;
  beforeAll(async () => {
    examples = await documentedExamples(op.file, op.path, op.method);
  });

  it('answers every status the operation documents with the document\'s body for it, changing nothing', async () => {
    expect([...examples.keys()].sort()).toEqual(statuses);
    for (const [status, example] of examples) {
      const before = clone(shared.store.data);
      const res = await call()(`code=${status}`).send(body);
      expectAnswer(res, status);
      expect(res.body).toEqual(asAnswered(example, res));
      expect(shared.store.data).toEqual(before);
    }
  });

  it('wins over credentials, validation and state', async () => {
    const before = clone(shared.store.data);
    const noToken = await request(shared.app).put(op === UPDATE_REGION ? regionPath('no-such-region') : primaryRegionPath('bad-id')).set('Prefer', 'code=404').send('{not json');
    expect(noToken.status).toBe(404);
    expect(noToken.body).toEqual(examples.get(404));
    expect(shared.store.data).toEqual(before);
  });

  it('refuses a code the operation does not document with a 400 that says what it accepts', async () => {
    const res = await call()('code=418').send(body);
    expectAnswer(res, 400);
    expect(JSON.stringify(res.body)).toContain('regionmock: Prefer code=418 is not a status');
    expect(JSON.stringify(res.body)).toContain(statuses.join(', '));
  });

  it.each(['code=abc', 'return=minimal', 'code=504, dynamic=true', 'delay=999999', 'code'])('refuses the malformed Prefer "%s" with a 400 naming the syntax', async (prefer) => {
    const before = clone(shared.store.data);
    const res = await call()(prefer).send(body);
    expectAnswer(res, 400);
    expect(JSON.stringify(res.body)).toMatch(/regionmock: .*Prefer accepts code=/);
    expect(shared.store.data).toEqual(before);
  });

  it('holds the answer back for delay=, forced or not', async () => {
    let started = Date.now();
    const forced = await call()('code=502, delay=120').send(body);
    expect(forced.status).toBe(502);
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
    started = Date.now();
    const real = await call()('delay=120').send(body);
    expectAnswer(real, 200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
  });

  it('without code lets the call through to the service, which changes the state', async () => {
    const before = clone(shared.store.data);
    const res = await call()('delay=0').send(body);
    expectAnswer(res, 200);
    expect(shared.store.data).not.toEqual(before);
  });
});

describe('Prefer and the journal', () => {
  it('records a forced answer as forced by prefer', async () => {
    await keyCall('code=500').send(keyMove);
    const [entry] = shared.sessions.default.journal.find();
    expect(entry).toMatchObject({ status: 500, forced: 'prefer', operationId: 'updatePrimaryRegion' });
  });

  it('leaves routes the documents do not have as they are', async () => {
    const res = await request(shared.app).get('/v2/e9993fc787d94b6c886cbaa340f9c0f4/kms/unknown').set('Prefer', 'code=200');
    expect(res.status).toBe(404);
    expect(res.body.error_code).toBe('APIGW.0101');
  });
});

describe('global latency (MOCK_LATENCY_MS)', () => {
  it('holds every vendor answer back by at least its minimum', async () => {
    const slow = freshMock({ latency: { min: 80, max: 100 } });
    const started = Date.now();
    const res = await request(slow.app).put(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).send(validRegionUpdate());
    expectRainbond(res, 200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
    expect(slow.sessions.default.journal.find()[0].durationMs).toBeGreaterThanOrEqual(75);
  });
});

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
