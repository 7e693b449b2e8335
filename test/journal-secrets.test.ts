import request from 'supertest';
import { adminDoc, freshMock, MANAGE_TOKEN, regionPath, sharedMock, validRegionUpdate } from './helpers';

/** A fixture region that holds a token and PEM texts (fixtures/rainbond/regions.yaml). */
const EDGE = '3a4c1e0f9b8d4f6a8e2d7c5b1a0f9e8d';
const FIXTURE_TOKEN = '8f14e45fceea167a5a36dedd4bea2543';
const SENT_KEY = '-----BEGIN PRIVATE KEY-----\nSENTKEYMATERIAL42\n-----END PRIVATE KEY-----';

const mock = sharedMock();
const requests = async (query = '') => {
  const res = await request(mock.app).get(`/__admin/requests${query}`);
  adminDoc.expectAnswer('/__admin/requests', 'get', res, 200);
  return res;
};

describe('the journal of the mock\'s own answers', () => {
  it('masks the marked fields of a natural answer, which the client gets whole', async () => {
    const res = await request(mock.app).get(regionPath(EDGE)).set('Authorization', MANAGE_TOKEN);
    expect(res.body.token).toBe(FIXTURE_TOKEN);
    const journal = await requests();
    expect(journal.body.requests[0].responseBody).toMatchObject({ region_id: EDGE, token: '***', ssl_ca_cert: '***', cert_file: '***', key_file: '***' });
    expect(journal.text).not.toContain(FIXTURE_TOKEN);
    expect(journal.text).not.toContain('BEGIN CERTIFICATE');
  });

  it('masks the marked fields a request carries and its answer repeats, keeping null and the rest', async () => {
    await request(mock.app).put(regionPath(EDGE)).set('Authorization', MANAGE_TOKEN).send({ ...validRegionUpdate(), token: 'sent-region-token', key_file: SENT_KEY, cert_file: null });
    const [entry] = (await requests()).body.requests;
    expect(entry.body).toEqual({ ...validRegionUpdate(), token: '***', key_file: '***', cert_file: null });
    expect(entry.responseBody).toMatchObject({ key_file: '***', cert_file: null, region_alias: validRegionUpdate().region_alias });
    expect(JSON.stringify(entry)).not.toMatch(/sent-region-token|SENTKEYMATERIAL42/);
  });

  it('masks a forced answer and a named session\'s journal alike', async () => {
    await request(mock.app).get(regionPath(EDGE)).set('Authorization', MANAGE_TOKEN).set('X-Mock-Session', 'qa').set('Prefer', 'code=200');
    const journal = await request(mock.app).get('/__admin/requests').set('X-Mock-Session', 'qa');
    expect(journal.body.requests[0]).toMatchObject({ forced: 'prefer', status: 200 });
    await request(mock.app).get(regionPath(EDGE)).set('Authorization', MANAGE_TOKEN).set('X-Mock-Session', 'qa');
    const again = await request(mock.app).get('/__admin/requests').set('X-Mock-Session', 'qa');
    expect(again.body.requests[1].responseBody.token).toBe('***');
    expect(again.text).not.toContain(FIXTURE_TOKEN);
  });

  it('masks before it cuts a long body, so no part of a secret is kept', async () => {
    const small = freshMock({ journalBodyBytes: 60 });
    await request(small.app).put(regionPath(EDGE)).set('Authorization', MANAGE_TOKEN).set('Content-Type', 'application/json')
      .send(JSON.stringify({ token: 'sent-region-token', key_file: SENT_KEY, ...validRegionUpdate() }));
    const [entry] = (await request(small.app).get('/__admin/requests')).body.requests;
    expect(entry.bodyTruncated).toBe(true);
    expect(entry.body).toMatch(/^\{"token":"\*\*\*","key_file":"\*\*\*"/);
    expect(entry.responseBodyTruncated).toBe(true);
    expect(JSON.stringify(entry)).not.toMatch(/sent-region-token|SENTKEYMATERIAL42|BEGIN/);
  });

  it('leaves the fixtures\' fake secrets visible in the state, where they are the mock\'s own', async () => {
    const state = await request(mock.app).get('/__admin/state');
    expect(state.text).toContain(FIXTURE_TOKEN);
    expect(state.text).toContain('rbd-readonly-token');
  });
});
