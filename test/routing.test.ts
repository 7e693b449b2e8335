import request from 'supertest';
import { expectDjangoNotFound, expectKms, expectRainbond, freshMock, KEY_ID, MANAGE_TOKEN, PROJECT, primaryRegionPath, REGION_ID, regionPath, validRegionUpdate } from './helpers';

const { app } = freshMock();

describe('routes the documents do not have', () => {
  it.each([
    ['GET', `/v2/${PROJECT}/kms/keys/${KEY_ID}/rotate`],
    ['POST', `/v1.0/${PROJECT}/kms/no-such-action`],
    ['GET', `/v2/${PROJECT}/kms`],
  ])('answers %s %s under KMS with 404 APIGW.0101', async (method, path) => {
    const res = await request(app)[method.toLowerCase() as 'get' | 'post'](path).set('X-Auth-Token', 'kms-dev-token');
    expect(res.status).toBe(404);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    // The gateway answers routes it does not have in its own flat shape.
    expect(res.body).toEqual({ error_code: 'APIGW.0101', error_msg: expect.stringMatching(/does not exist/), request_id: res.headers['x-request-id'] });
  });

  it.each(['get', 'post', 'delete', 'patch'] as const)('answers %s on the update-primary-region path with 405 KMS.0215', async (method) => {
    const res = await request(app)[method](`/v2/${PROJECT}/kms/keys/${KEY_ID}/update-primary-region`).set('X-Auth-Token', 'kms-dev-token');
    expect(res.status).toBe(405);
    expect(res.body).toEqual({ error: { error_code: 'KMS.0215', error_msg: 'Request method not supported.' } });
  });

  it("answers an unknown Rainbond route with Django's HTML 404 page, as the console (no DEBUG) does", async () => {
    const res = await request(app).get('/openapi/v2/manage/clusters').set('Authorization', MANAGE_TOKEN);
    expectDjangoNotFound(res);
  });

  it("answers a method the region path does not have with DRF's 405 in the console's envelope", async () => {
    const res = await request(app).post(regionPath(REGION_ID)).set('Authorization', MANAGE_TOKEN).send({});
    expect(res.status).toBe(405);
    expect(res.body).toMatchObject({ msg: '方法 “POST” 不被允许。', code: 405, error_type: 'MethodNotAllowed' });
  });

  it.each(['/', '/api/regions', '/v2/something-else', '/openapi2'])('answers %s, outside both vendors, with a plain JSON 404', async (path) => {
    const res = await request(app).get(path);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ error: 'not_found', message: `No route for GET ${path}` });
  });
});

describe('the admin health check', () => {
  it('answers GET /__admin/health with 200', async () => {
    const res = await request(app).get('/__admin/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/), validateResponses: true });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('request ids', () => {
  it('gives every answer its own X-Request-Id', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i += 1) {
      const res = await request(app).get('/__admin/health');
      ids.add(res.headers['x-request-id']);
    }
    expect(ids.size).toBe(5);
  });
});

describe('requests the vendors would take', () => {
  it('ignore query parameters the document does not list, as cache-busters', async () => {
    const res = await request(app).put(`${regionPath(REGION_ID)}?_=1700000000`).set('Authorization', MANAGE_TOKEN).send(validRegionUpdate());
    expectRainbond(res, 200);
    const kms = await request(app).put(`${primaryRegionPath(KEY_ID)}?_=1`).set('X-Auth-Token', 'kms-dev-token').send({ key_id: KEY_ID, primary_region: 'cn-east-3' });
    expectKms(kms, 200);
  });

  it('answer a path id that is not valid percent-encoding as a bad id', async () => {
    const region = await request(app).put(regionPath('%ZZ')).set('Authorization', MANAGE_TOKEN).send(validRegionUpdate());
    expectDjangoNotFound(region);
    const key = await request(app).put(primaryRegionPath('%E0%A4%A')).set('X-Auth-Token', 'kms-dev-token').send({ key_id: KEY_ID, primary_region: 'cn-east-3' });
    expectKms(key, 400);
    expect(key.body.error.error_code).toBe('KMS.0205');
  });
});
