import request from 'supertest';
import type { KeyRecord } from '../src/apis/kms/types';
import { clone, sharedMock, KEY_ID, kmsDoc, PROJECT, STAGING_PROJECT } from './helpers';

const shared = sharedMock();

const DESCRIBE = '/v1.0/{project_id}/kms/describe-key';
const LIST = '/v1.0/{project_id}/kms/list-keys';
const REGIONS = '/v2/{project_id}/kms/regions';
const REPLICATE = '/v2/{project_id}/kms/keys/{key_id}/replicate';
const PRIMARY = '/v2/{project_id}/kms/keys/{key_id}/update-primary-region';
const DISABLED = '7b3e1c2a-4d5f-4e6a-9b8c-1d2e3f4a5b6c';
const DEFAULT_MASTER = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const keys = () => shared.store.data.kms.keys as KeyRecord[];
const devKeys = () => keys().filter((k) => k.project_id === PROJECT);

const post = (url: string, body: object, token = 'kms-dev-token') => request(shared.app).post(url).set('X-Auth-Token', token).send(body);
const describe_ = (keyId: string, project = PROJECT, token = 'kms-dev-token') => post(`/v1.0/${project}/kms/describe-key`, { key_id: keyId }, token);
const listKeys = (body: object = {}, project = PROJECT, token = 'kms-dev-token') => post(`/v1.0/${project}/kms/list-keys`, body, token);
const replicate = (keyId: string, region: string, extra: object = {}) =>
  post(`/v2/${PROJECT}/kms/keys/${keyId}/replicate`, { key_id: keyId, replica_region: region, key_alias: 'copy', replica_project_id: '7c4d2e1f0a9b8c7d6e5f4a3b2c1d0e9f', ...extra });
const code = (res: { body: { error: { error_code: string } } }) => res.body.error.error_code;
/** The fields of KeyDetails in Huawei's SDK (model/KeyDetails.ts): all a key shows of itself (compared as a set: the SDK's order is not the API's). */
const KEY_DETAILS = [
  'key_id', 'domain_id', 'key_alias', 'realm', 'key_description', 'key_spec', 'key_usage', 'creation_date',
  'scheduled_deletion_date', 'key_state', 'default_key_flag', 'key_type', 'expiration_time', 'origin',
  'key_rotation_enabled', 'sys_enterprise_project_id', 'keystore_id',
];
/** Where a key's regions are to be seen: the admin API's state, as a frontend developer would look. */
const regionsOf = async (keyId: string) => {
  const state = await request(shared.app).get('/__admin/state');
  const key = (state.body.kms.keys as KeyRecord[]).find((k) => k.key_id === keyId);
  return { primary_region: key?.primary_region, replica_regions: key?.replica_regions };
};

describe('a console walking the key pages', () => {
  it('lists, opens, replicates, moves the primary there, and sees it all', async () => {
    const listed = await listKeys({ key_spec: 'ALL' });
    kmsDoc.expectAnswer(LIST, 'post', listed, 200);
    expect(listed.body.keys).toContain(KEY_ID);
    expect(listed.body.total).toBe(devKeys().length);

    const opened = await describe_(KEY_ID);
    kmsDoc.expectAnswer(DESCRIBE, 'post', opened, 200);
    expect(opened.body.key_info).toMatchObject({ key_id: KEY_ID, key_state: '2', realm: 'cn-north-4' });
    // Only what Huawei's KeyDetails declares: no project, no multi-region fields.
    expect(Object.keys(opened.body.key_info).sort()).toEqual([...KEY_DETAILS].sort());
    expect(await regionsOf(KEY_ID)).toEqual({ primary_region: 'cn-north-4', replica_regions: ['cn-east-3', 'ap-southeast-1'] });

    const regions = await request(shared.app).get(`/v2/${PROJECT}/kms/regions`).set('X-Auth-Token', 'kms-dev-token');
    kmsDoc.expectAnswer(REGIONS, 'get', regions, 200);
    expect(regions.body.regions).toContain('cn-south-1');

    const early = await request(shared.app).put(`/v2/${PROJECT}/kms/keys/${KEY_ID}/update-primary-region`).set('X-Auth-Token', 'kms-dev-token').send({ key_id: KEY_ID, primary_region: 'cn-south-1' });
    kmsDoc.expectAnswer(PRIMARY, 'put', early, 400);

    const copied = await replicate(KEY_ID, 'cn-south-1');
    kmsDoc.expectAnswer(REPLICATE, 'post', copied, 200);
    expect(copied.body).toEqual({ key_id: KEY_ID, domain_id: '0b7e4a1f2c3d4e5f6a7b8c9d0e1f2a3b', region: 'cn-south-1' });
    expect((await regionsOf(KEY_ID)).replica_regions).toEqual(['cn-east-3', 'ap-southeast-1', 'cn-south-1']);

    const moved = await request(shared.app).put(`/v2/${PROJECT}/kms/keys/${KEY_ID}/update-primary-region`).set('X-Auth-Token', 'kms-dev-token').send({ key_id: KEY_ID, primary_region: 'cn-south-1' });
    kmsDoc.expectAnswer(PRIMARY, 'put', moved, 200);
    expect(moved.body).toEqual({ key_id: KEY_ID, primary_region: 'cn-south-1' });
    expect(await regionsOf(KEY_ID)).toEqual({ primary_region: 'cn-south-1', replica_regions: ['cn-east-3', 'ap-southeast-1', 'cn-north-4'] });
    expect(Object.keys((await describe_(KEY_ID)).body.key_info).sort()).toEqual([...KEY_DETAILS].sort());
  });

  it('describes a key in any state, even a disabled one', async () => {
    const res = await describe_(DISABLED);
    kmsDoc.expectAnswer(DESCRIBE, 'post', res, 200);
    expect(res.body.key_info.key_state).toBe('3');
  });

  it.each([
    ['an unknown key', { key_id: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' }, 404, 'KMS.0207'],
    ['no key_id', {}, 400, 'KMS.0204'],
    ['a malformed key_id', { key_id: 'nope' }, 400, 'KMS.0205'],
  ])('describe-key answers %s with its code', async (_what, body, status, errorCode) => {
    const res = await post(`/v1.0/${PROJECT}/kms/describe-key`, body);
    kmsDoc.expectAnswer(DESCRIBE, 'post', res, status);
    expect(code(res)).toBe(errorCode);
  });

  it('keeps projects apart: a staging key is unknown in the dev project', async () => {
    const res = await describe_('5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9');
    kmsDoc.expectAnswer(DESCRIBE, 'post', res, 404);
    const staging = await listKeys({ key_spec: 'ALL' }, STAGING_PROJECT, 'kms-staging-token');
    expect(staging.body.keys).toEqual(keys().filter((k) => k.project_id === STAGING_PROJECT).map((k) => k.key_id));
    expect(staging.body.keys).not.toContain(KEY_ID);
  });
});

describe('list-keys pages and filters', () => {
  it('has keys in every state and several specs, all listed with key_spec ALL', async () => {
    const res = await listKeys({ key_spec: 'ALL' });
    kmsDoc.expectAnswer(LIST, 'post', res, 200);
    const all = res.body.key_details as Array<{ key_state: string; key_spec: string; key_id: string }>;
    expect(all.map((k) => k.key_id)).toEqual(devKeys().map((k) => k.key_id));
    expect([...new Set(all.map((k) => k.key_state))].sort()).toEqual(['1', '2', '3', '4', '5']);
    expect(new Set(all.map((k) => k.key_spec)).size).toBeGreaterThanOrEqual(3);
    expect(all.every((k) => Object.keys(k).sort().join() === [...KEY_DETAILS].sort().join())).toBe(true);
  });

  it('lists only AES_256 keys without key_spec, as Huawei\'s SDK documents', async () => {
    const aes = devKeys().filter((k) => k.key_spec === 'AES_256');
    expect(aes.length).toBeLessThan(devKeys().length);
    const res = await listKeys();
    kmsDoc.expectAnswer(LIST, 'post', res, 200);
    expect(res.body.keys).toEqual(aes.map((k) => k.key_id));
    expect(res.body.total).toBe(aes.length);
  });

  it('takes the fields Huawei\'s SDK sends besides the filters (sequence, enterprise_project_id)', async () => {
    const sequence = '919c82d4-8046-4722-9094-35c3c6524cff';
    const res = await listKeys({ key_spec: 'ALL', enterprise_project_id: 'all', sequence });
    kmsDoc.expectAnswer(LIST, 'post', res, 200);
    expect(res.body.total).toBe(devKeys().length);
    const one = await post(`/v1.0/${PROJECT}/kms/describe-key`, { key_id: KEY_ID, sequence });
    kmsDoc.expectAnswer(DESCRIBE, 'post', one, 200);
  });

  it('pages with limit and marker to the last page', async () => {
    const total = devKeys().length;
    const seen: string[] = [];
    let marker: string | undefined;
    for (let page = 0; page < 10; page += 1) {
      const res = await listKeys(marker === undefined ? { limit: '4', key_spec: 'ALL' } : { limit: '4', marker, key_spec: 'ALL' });
      kmsDoc.expectAnswer(LIST, 'post', res, 200);
      seen.push(...res.body.keys);
      expect(res.body.total).toBe(total);
      if (res.body.truncated === 'false') {
        expect(res.body.next_marker).toBe('');
        break;
      }
      expect(res.body.keys).toHaveLength(4);
      marker = res.body.next_marker;
    }
    expect(seen).toEqual(devKeys().map((k) => k.key_id));
  });

  it('answers a marker at the end with an empty last page', async () => {
    const res = await listKeys({ marker: String(devKeys().length), key_spec: 'ALL' });
    kmsDoc.expectAnswer(LIST, 'post', res, 200);
    expect(res.body).toEqual({ keys: [], key_details: [], next_marker: '', truncated: 'false', total: devKeys().length });
  });

  it('answers everything when limit is beyond the total', async () => {
    const res = await listKeys({ limit: '1000', key_spec: 'ALL' });
    expect(res.body.keys).toHaveLength(devKeys().length);
    expect(res.body.truncated).toBe('false');
  });

  it.each([
    [{ key_state: '3', key_spec: 'ALL' }, (k: KeyRecord) => k.key_state === '3'],
    [{ key_state: '3' }, (k: KeyRecord) => k.key_state === '3' && k.key_spec === 'AES_256'],
    [{ key_spec: 'SM4' }, (k: KeyRecord) => k.key_spec === 'SM4'],
    [{ key_state: '2', key_spec: 'AES_256' }, (k: KeyRecord) => k.key_state === '2' && k.key_spec === 'AES_256'],
  ])('filters by %j', async (filter, keep) => {
    const res = await listKeys(filter);
    kmsDoc.expectAnswer(LIST, 'post', res, 200);
    expect(res.body.keys).toEqual(devKeys().filter(keep).map((k) => k.key_id));
    expect(res.body.total).toBe(devKeys().filter(keep).length);
  });

  it.each([
    ['a limit that is not a number', { limit: 'ten' }],
    ['a limit of 0', { limit: '0' }],
    ['a limit over 1000', { limit: '1001' }],
    ['a marker past the end', { marker: '999' }],
    ['an unknown key_state', { key_state: '9' }],
    ['an unknown key_spec', { key_spec: 'AES_512' }],
    ['a number instead of a string', { limit: 10 }],
  ])('answers %s with 400 KMS.0308', async (_what, body) => {
    const res = await listKeys(body);
    kmsDoc.expectAnswer(LIST, 'post', res, 400);
    expect(code(res)).toBe('KMS.0308');
  });
});

describe('supported regions', () => {
  it('pages with limit and offset', async () => {
    const all = (shared.store.data.kms.regions as Array<{ region: string }>).map((r) => r.region);
    const res = await request(shared.app).get(`/v2/${PROJECT}/kms/regions?limit=3&offset=2`).set('X-Auth-Token', 'kms-readonly-token');
    kmsDoc.expectAnswer(REGIONS, 'get', res, 200);
    expect(res.body.regions).toEqual(all.slice(2, 5));
  });

  it('answers 10 regions without limit, as Huawei\'s SDK documents, and the rest from an offset', async () => {
    const all = (shared.store.data.kms.regions as Array<{ region: string }>).map((r) => r.region);
    expect(all.length).toBeGreaterThan(10);
    const first = await request(shared.app).get(`/v2/${PROJECT}/kms/regions`).set('X-Auth-Token', 'kms-dev-token');
    kmsDoc.expectAnswer(REGIONS, 'get', first, 200);
    expect(first.body.regions).toEqual(all.slice(0, 10));
    const rest = await request(shared.app).get(`/v2/${PROJECT}/kms/regions?offset=10`).set('X-Auth-Token', 'kms-dev-token');
    expect(rest.body.regions).toEqual(all.slice(10, 20));
  });

  it('refuses a limit that is not a number with KMS.0308', async () => {
    const res = await request(shared.app).get(`/v2/${PROJECT}/kms/regions?limit=lots`).set('X-Auth-Token', 'kms-dev-token');
    kmsDoc.expectAnswer(REGIONS, 'get', res, 400);
    expect(code(res)).toBe('KMS.0308');
  });
});

describe('replicate refuses, changing nothing', () => {
  it.each([
    ['a region that already holds the key', KEY_ID, 'cn-east-3', {}, 400, 'KMS.0308'],
    ['the primary region', KEY_ID, 'cn-north-4', {}, 400, 'KMS.0308'],
    ['a region KMS does not support', KEY_ID, 'mars-north-1', {}, 400, 'KMS.0308'],
    ['a disabled key', DISABLED, 'cn-south-1', {}, 400, 'KMS.0209'],
    ['a default master key', DEFAULT_MASTER, 'cn-south-1', {}, 400, 'KMS.0211'],
    ['a body key_id other than the path\'s', KEY_ID, 'cn-south-1', { key_id: DISABLED }, 400, 'KMS.0205'],
    ['no replica_project_id', KEY_ID, 'cn-south-1', { replica_project_id: undefined }, 400, 'KMS.0204'],
    ['an unknown key', 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', 'cn-south-1', {}, 404, 'KMS.0207'],
  ])('%s', async (_what, keyId, region, extra, status, errorCode) => {
    const before = clone(keys());
    const res = await replicate(keyId, region, extra);
    kmsDoc.expectAnswer(REPLICATE, 'post', res, status);
    expect(code(res)).toBe(errorCode);
    expect(keys()).toEqual(before);
  });

  it('refuses the read-only token with 403 KMS.0330, which may still read', async () => {
    const res = await post(`/v2/${PROJECT}/kms/keys/${KEY_ID}/replicate`, { key_id: KEY_ID, replica_region: 'cn-south-1', key_alias: 'c', replica_project_id: '7c4d2e1f0a9b8c7d6e5f4a3b2c1d0e9f' }, 'kms-readonly-token');
    kmsDoc.expectAnswer(REPLICATE, 'post', res, 403);
    expect(code(res)).toBe('KMS.0330');
    kmsDoc.expectAnswer(DESCRIBE, 'post', await describe_(KEY_ID, PROJECT, 'kms-readonly-token'), 200);
  });
});
