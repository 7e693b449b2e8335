import request from 'supertest';
import { putPrimaryRegion } from './operations';
import type { KeyRecord } from '../src/apis/kms/types';
import { clone, expectKms, freshMock, KEY_ID, PROJECT, primaryRegionPath, STAGING_PROJECT } from './helpers';

const DISABLED = '7b3e1c2a-4d5f-4e6a-9b8c-1d2e3f4a5b6c';
const PENDING_DELETION = '9c8d7e6f-5a4b-4c3d-8e2f-1a0b9c8d7e6f';
const DEFAULT_MASTER = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const STAGING_KEY = '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9';
const failKey = (status: number) => `00000000-0000-0000-0000-000000000${status}`;

const shared = freshMock();
beforeEach(() => shared.store.reset());

const keys = () => shared.store.data.kms.keys as KeyRecord[];
const key = (id: string) => keys().find((k) => k.key_id === id);
const put = (keyId: string, body: unknown, token: string | null = 'kms-dev-token', project = PROJECT) =>
  putPrimaryRegion(shared.app, keyId, token, project).send(body as object);
const move = (keyId: string, region: string) => ({ key_id: keyId, primary_region: region });
/** KMS's own errors are nested; the API gateway's (APIGW.*) are flat and repeat the request id. */
const errorCode = (res: request.Response): string => {
  if (res.body.error) {
    expect(res.body).toEqual({ error: { error_code: expect.stringMatching(/^KMS\./), error_msg: expect.any(String) } });
    return res.body.error.error_code;
  }
  expect(res.body).toEqual({ error_code: expect.stringMatching(/^APIGW\./), error_msg: expect.any(String), request_id: res.headers['x-request-id'] });
  return res.body.error_code;
};

describe('KMS: who may change a primary region', () => {
  it.each([
    ['no token', null, PROJECT, 401, 'APIGW.0301'],
    ['an unknown token', 'not-a-token', PROJECT, 401, 'APIGW.0301'],
    ['kms-expired-token', 'kms-expired-token', PROJECT, 403, 'KMS.0303'],
    ['kms-readonly-token', 'kms-readonly-token', PROJECT, 403, 'KMS.0330'],
    ['a token of another project', 'kms-staging-token', PROJECT, 403, 'KMS.0321'],
    ['kms-dev-token in the staging project', 'kms-dev-token', STAGING_PROJECT, 403, 'KMS.0321'],
  ])('refuses %s', async (_what, token, project, status, code) => {
    const before = clone(keys());
    const res = await put(KEY_ID, move(KEY_ID, 'cn-east-3'), token, project);
    expectKms(res, status);
    expect(errorCode(res)).toBe(code);
    expect(keys()).toEqual(before);
  });

  it('checks the token before the body', async () => {
    const res = await request(shared.app).put(primaryRegionPath(KEY_ID)).set('Content-Type', 'application/json').send('{oops');
    expectKms(res, 401);
  });

  it('lets a project token work on its own project\'s keys', async () => {
    const res = await put(STAGING_KEY, move(STAGING_KEY, 'ap-southeast-3'), 'kms-staging-token', STAGING_PROJECT);
    expectKms(res, 200);
    expect(key(STAGING_KEY)).toMatchObject({ primary_region: 'ap-southeast-3', replica_regions: ['ap-southeast-1'] });
  });
});

describe('KMS: changing the primary region', () => {
  it('makes a replica the primary and the old primary a replica', async () => {
    expect(key(KEY_ID)).toMatchObject({ key_state: '2', primary_region: 'cn-north-4', replica_regions: ['cn-east-3', 'ap-southeast-1'] });
    const res = await put(KEY_ID, move(KEY_ID, 'cn-east-3'));
    expectKms(res, 200);
    expect(res.body).toEqual({ key_id: KEY_ID, primary_region: 'cn-east-3' });
    expect(key(KEY_ID)).toMatchObject({ primary_region: 'cn-east-3', replica_regions: ['ap-southeast-1', 'cn-north-4'] });
  });

  it('can move the primary back, two changes in a row', async () => {
    expectKms(await put(KEY_ID, move(KEY_ID, 'ap-southeast-1')), 200);
    expectKms(await put(KEY_ID, move(KEY_ID, 'cn-north-4')), 200);
    expect(key(KEY_ID)).toMatchObject({ primary_region: 'cn-north-4', replica_regions: ['cn-east-3', 'ap-southeast-1'] });
  });

  it('answers 200 and changes nothing when asked for the current primary', async () => {
    const before = clone(keys());
    const res = await put(KEY_ID, move(KEY_ID, 'cn-north-4'));
    expectKms(res, 200);
    expect(res.body).toEqual({ key_id: KEY_ID, primary_region: 'cn-north-4' });
    expect(keys()).toEqual(before);
  });

  it('refuses a region that holds no replica with 400 KMS.0308', async () => {
    const before = clone(keys());
    const res = await put(KEY_ID, move(KEY_ID, 'eu-west-101'));
    expectKms(res, 400);
    expect(errorCode(res)).toBe('KMS.0308');
    expect(keys()).toEqual(before);
  });

  it.each([
    ['a disabled key', DISABLED, 'KMS.0209'],
    ['a key pending deletion', PENDING_DELETION, 'KMS.0210'],
    ['a default master key', DEFAULT_MASTER, 'KMS.0211'],
  ])('refuses %s with its code', async (_what, keyId, code) => {
    const before = clone(keys());
    const res = await put(keyId, move(keyId, 'cn-east-3'));
    expectKms(res, 400);
    expect(res.body).toEqual({ error: { error_code: code, error_msg: expect.any(String) } });
    expect(keys()).toEqual(before);
  });

  it('answers 404 KMS.0207 for an unknown key, and for a key of another project', async () => {
    const unknown = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
    const res = await put(unknown, move(unknown, 'cn-east-3'));
    expectKms(res, 404);
    expect(res.body).toEqual({ error: { error_code: 'KMS.0207', error_msg: 'The key does not exist.' } });
    const elsewhere = await put(STAGING_KEY, move(STAGING_KEY, 'ap-southeast-3'));
    expectKms(elsewhere, 404);
    expect(errorCode(elsewhere)).toBe('KMS.0207');
  });

  it.each([
    [500, 'KMS.0101'],
    [502, 'APIGW.0201'],
    [504, 'APIGW.0203'],
  ])('answers %i from its fail key to a request that would otherwise succeed', async (status, code) => {
    const id = failKey(status);
    const before = clone(keys());
    const moved = await put(id, move(id, 'cn-east-3'));
    expectKms(moved, status);
    expect(errorCode(moved)).toBe(code);
    const same = await put(id, move(id, 'cn-north-4'));
    expectKms(same, status);
    expect(keys()).toEqual(before);
  });

  it('answers the fail keys\' own errors first: a bad region is still 400', async () => {
    const id = failKey(500);
    const res = await put(id, move(id, 'eu-west-101'));
    expectKms(res, 400);
    expect(errorCode(res)).toBe('KMS.0308');
  });
});

describe('KMS: the API gateway\'s errors, in the gateway\'s flat shape', () => {
  it('answers a missing token flat, its request_id the X-Request-Id header', async () => {
    const res = await put(KEY_ID, move(KEY_ID, 'cn-east-3'), null);
    expectKms(res, 401);
    expect(res.body).toEqual({
      error_code: 'APIGW.0301',
      error_msg: 'Incorrect IAM authentication information: x-auth-token not found',
      request_id: res.headers['x-request-id'],
    });
  });

  it.each([
    ['a fail key', (status: number) => put(failKey(status), move(failKey(status), 'cn-east-3'))],
    ['Prefer', (status: number) => put(KEY_ID, move(KEY_ID, 'cn-east-3')).set('Prefer', `code=${status}`)],
  ])('answers 502 and 504 forced by %s flat, with this request\'s id', async (_how, call) => {
    for (const [status, code, msg] of [[502, 'APIGW.0201', 'Backend unavailable'], [504, 'APIGW.0203', 'Backend timeout']] as const) {
      const res = await call(status);
      expectKms(res, status);
      expect(res.body).toEqual({ error_code: code, error_msg: msg, request_id: res.headers['x-request-id'] });
    }
  });

  it('keeps KMS\'s own errors nested, with no request_id', async () => {
    const res = await put(KEY_ID, move(KEY_ID, 'cn-east-3'), 'kms-readonly-token');
    expectKms(res, 403);
    expect(res.body).toEqual({ error: { error_code: 'KMS.0330', error_msg: 'User has no permission.' } });
  });
});

describe('KMS: a request the document refuses', () => {
  it.each([
    ['malformed JSON', '{"key_id": ', 'KMS.0202'],
    ['a JSON list', '[1, 2]', 'KMS.0214'],
  ])('answers %s with its code', async (_what, raw, code) => {
    const res = await request(shared.app)
      .put(primaryRegionPath(KEY_ID))
      .set('X-Auth-Token', 'kms-dev-token')
      .set('Content-Type', 'application/json;charset=UTF-8')
      .send(raw);
    expectKms(res, 400);
    expect(errorCode(res)).toBe(code);
  });

  it.each([
    ['no body at all', undefined, 'KMS.0204'],
    ['no primary_region', { key_id: KEY_ID }, 'KMS.0204'],
    ['no key_id', { primary_region: 'cn-east-3' }, 'KMS.0204'],
    ['a malformed key_id in the body', { key_id: 'ABC', primary_region: 'cn-east-3' }, 'KMS.0205'],
    ['a body key_id that differs from the path', { key_id: DISABLED, primary_region: 'cn-east-3' }, 'KMS.0205'],
    ['a primary_region that is not a region code', { key_id: KEY_ID, primary_region: 'north pole' }, 'KMS.0308'],
    ['a primary_region that is a number', { key_id: KEY_ID, primary_region: 4 }, 'KMS.0308'],
  ])('answers %s with its code and changes nothing', async (_what, body, code) => {
    const before = clone(keys());
    const res = await put(KEY_ID, body);
    expectKms(res, 400);
    expect(errorCode(res)).toBe(code);
    expect(keys()).toEqual(before);
  });

  it('answers a body over the size limit with KMS.0203 and changes nothing', async () => {
    const small = freshMock({ bodyLimit: 100 });
    const before = clone(small.store.data);
    const res = await request(small.app)
      .put(primaryRegionPath(KEY_ID))
      .set('X-Auth-Token', 'kms-dev-token')
      .send({ key_id: KEY_ID, primary_region: 'cn-east-3', padding: 'x'.repeat(200) });
    expectKms(res, 400);
    expect(errorCode(res)).toBe('KMS.0203');
    expect(small.store.data).toEqual(before);
  });

  it('accepts a body of 1 MiB less a little by default', async () => {
    const res = await put(KEY_ID, { key_id: KEY_ID, primary_region: 'cn-east-3', padding: 'x'.repeat(1024 * 1024 - 200) });
    expectKms(res, 200);
  });

  it('answers a malformed key id in the path with KMS.0205', async () => {
    const res = await put('not-a-key', move(KEY_ID, 'cn-east-3'));
    expectKms(res, 400);
    expect(errorCode(res)).toBe('KMS.0205');
  });

  it('answers a body that is not JSON with KMS.0214', async () => {
    const res = await request(shared.app).put(primaryRegionPath(KEY_ID)).set('X-Auth-Token', 'kms-dev-token').set('Content-Type', 'text/plain').send('key_id');
    expectKms(res, 400);
    expect(errorCode(res)).toBe('KMS.0214');
  });
});
