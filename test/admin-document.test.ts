import { readFileSync } from 'node:fs';
import request from 'supertest';
import { parse } from 'yaml';
import { ADMIN_SPEC, freshMock } from './helpers';

type Doc = { components: { parameters: Record<string, { schema: { enum?: string[] } }>; schemas: Record<string, { required?: string[]; properties: Record<string, { enum?: string[]; required?: string[] }> }> } };

describe('the admin document', () => {
  it('names no vendor on disk', () => {
    expect(readFileSync(ADMIN_SPEC, 'utf8')).not.toMatch(/rainbond|kms|huawei/i);
  });

  it('is served with the vendor APIs of the registered packs filled in', async () => {
    const { app } = freshMock();
    const res = await request(app).get('/__docs/specs/admin.openapi.yaml');
    expect(res.status).toBe(200);
    const doc = parse(res.text) as Doc;
    expect(doc.components.parameters.Api.schema.enum).toEqual(['rainbond', 'kms']);
    expect(doc.components.schemas.FaultSpec.properties.api.enum).toEqual(['rainbond', 'kms']);
    const state = doc.components.schemas.State;
    expect(state.required).toEqual(['rainbond', 'kms']);
    expect(state.properties.rainbond.required).toEqual(['regions', 'tokens']);
    expect(state.properties.kms.required).toEqual(['keys', 'tokens', 'regions', 'accessKeys']);
  });

  it('is served as plain YAML, and the docs page lists the vendors by name, the admin API last', async () => {
    const { app } = freshMock();
    const text = (await request(app).get('/__docs/specs/admin.openapi.yaml')).text;
    expect(text).not.toMatch(/[&*]a\d+/);
    const page = (await request(app).get('/__docs/')).text;
    expect([...page.matchAll(/url: 'specs\/(\w+)\.openapi\.yaml'/g)].map((m) => m[1])).toEqual(['kms', 'rainbond', 'admin']);
  });

  it('refuses a state or a filter naming an API the mock does not serve', async () => {
    const { app } = freshMock();
    expect((await request(app).get('/__admin/requests?api=nope')).status).toBe(400);
    const state = (await request(app).get('/__admin/state')).body;
    expect((await request(app).put('/__admin/state').send({ ...state, nope: {} })).status).toBe(400);
    expect((await request(app).post('/__admin/faults').send({ api: 'nope', status: 500 })).status).toBe(400);
  });
});
