import request from 'supertest';
import { adminDoc, freshMock, KEY_ID, primaryRegionPath } from './helpers';

describe('ADMIN_TOKEN', () => {
  const { app } = freshMock({ adminToken: 'let-me-in' });
  const ADMIN_ROUTES: Array<[method: 'get' | 'post' | 'put' | 'delete', path: string, template: string]> = [
    ['post', '/__admin/reset', '/__admin/reset'],
    ['get', '/__admin/state', '/__admin/state'],
    ['put', '/__admin/state', '/__admin/state'],
    ['get', '/__admin/requests', '/__admin/requests'],
    ['get', '/__admin/requests/count', '/__admin/requests/count'],
    ['delete', '/__admin/requests', '/__admin/requests'],
    ['get', '/__admin/faults', '/__admin/faults'],
    ['post', '/__admin/faults', '/__admin/faults'],
    ['delete', '/__admin/faults', '/__admin/faults'],
    ['delete', '/__admin/faults/abc', '/__admin/faults/{id}'],
  ];

  it.each(ADMIN_ROUTES)('makes %s %s answer 401 without it, or with a wrong one', async (method, path, template) => {
    for (const token of [undefined, 'wrong']) {
      const req = request(app)[method](path);
      if (token) req.set('X-Admin-Token', token);
      const res = await req.send({ status: 500 });
      adminDoc.expectAnswer(template, method, res, 401);
      expect(res.body.error).toBe('unauthorized');
    }
  });

  it('lets calls with the token through', async () => {
    const res = await request(app).post('/__admin/faults').set('X-Admin-Token', 'let-me-in').send({ api: 'kms', status: 500 });
    adminDoc.expectAnswer('/__admin/faults', 'post', res, 201);
    const key = await request(app).put(primaryRegionPath(KEY_ID)).set('X-Auth-Token', 'kms-dev-token').send({ key_id: KEY_ID, primary_region: 'cn-east-3' });
    expect(key.status).toBe(500);
  });

  it('leaves /__admin/health open', async () => {
    adminDoc.expectAnswer('/__admin/health', 'get', await request(app).get('/__admin/health'), 200);
  });

  it('is masked in the journal', async () => {
    await request(app).put(primaryRegionPath(KEY_ID)).set('X-Auth-Token', 'kms-dev-token').set('X-Admin-Token', 'let-me-in').send({});
    const journal = await request(app).get('/__admin/requests').set('X-Admin-Token', 'let-me-in');
    expect(JSON.stringify(journal.body)).not.toContain('let-me-in');
  });
});

describe('turning the admin API off', () => {
  const { app } = freshMock({ adminApi: false });

  it.each(['/__admin/state', '/__admin/requests', '/__admin/faults'])('leaves %s unserved (plain 404)', async (path) => {
    const res = await request(app).get(path);
    expect(res.status).toBe(404);
    expect(res.body.error).toBe('not_found');
  });

  it('keeps /__admin/health for health checks', async () => {
    expect((await request(app).get('/__admin/health')).status).toBe(200);
  });
});
