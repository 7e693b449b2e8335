import fc from 'fast-check';
import request from 'supertest';
import { adminDoc, clone, DJANGO_NOT_FOUND, freshMock, kmsDoc, rainbondDoc, REGION_ID, KEY_ID, PROJECT, STAGING_PROJECT, validRegionUpdate } from './helpers';

/** Runs a property per operation; PROPERTY_RUNS raises it for a longer hunt. */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 250);
const shared = freshMock();

/** Tokens that are not marked to fail, so that any 5xx is a defect. */
const TOKENS = [undefined, '', 'rbd-manage-token', 'rbd-readonly-token', 'kms-dev-token', 'kms-readonly-token', 'kms-expired-token', 'kms-staging-token'];
const token = fc.oneof(fc.constantFrom(...TOKENS), fc.stringMatching(/^[!-~]{1,40}$/));
const id = fc.oneof(
  fc.constantFrom(REGION_ID, KEY_ID, PROJECT, STAGING_PROJECT, '7b3e1c2a-4d5f-4e6a-9b8c-1d2e3f4a5b6c', '..', '%'),
  fc.uuid(),
  fc.string({ maxLength: 40 }),
);
const value = fc.jsonValue({ maxDepth: 3 });

/** Mostly the fixtures' own ids and tokens, so that calls get past the first checks; now and then anything. */
const mostly = <T>(known: T[], other: fc.Arbitrary<T>) => fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: other });
const PARAMS: Record<string, fc.Arbitrary<string>> = {
  project_id: mostly([PROJECT, PROJECT, STAGING_PROJECT], id),
  key_id: mostly([KEY_ID, '7b3e1c2a-4d5f-4e6a-9b8c-1d2e3f4a5b6c', '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', '3c5e7a9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d'], id),
  region_id: mostly([REGION_ID, '3a4c1e0f9b8d4f6a8e2d7c5b1a0f9e8d', '8b1e6c0d2f4a4e9b9c7d5a3f1e0b2c4d'], id),
  id,
};
const TOKEN_FOR = {
  rainbond: mostly(['rbd-manage-token', 'rbd-manage-token', 'rbd-readonly-token'], token),
  kms: mostly(['kms-dev-token', 'kms-dev-token', 'kms-readonly-token'], token),
  admin: token,
};

/** A valid body with some fields dropped and some replaced by anything. */
function around(valid: Record<string, unknown>) {
  const keys = Object.keys(valid);
  return fc
    .record({ drop: fc.subarray(keys), replace: fc.dictionary(fc.constantFrom(...keys, '__proto__', 'constructor', 'extra'), value, { maxKeys: 3 }) })
    .map(({ drop, replace }) => {
      const body: Record<string, unknown> = { ...valid };
      for (const k of drop) delete body[k];
      for (const [k, v] of Object.entries(replace)) Object.defineProperty(body, k, { value: v, enumerable: true, writable: true, configurable: true });
      return body;
    });
}

interface Case {
  name: string;
  doc: typeof rainbondDoc;
  template: string;
  method: 'get' | 'post' | 'put' | 'delete';
  params: string[];
  body?: fc.Arbitrary<unknown>;
  query?: string[];
}

const regionBody = validRegionUpdate();
const CASES: Case[] = [
  { name: 'listRegions', doc: rainbondDoc, template: '/openapi/v2/manage/regions', method: 'get', params: [], query: ['query', 'current', 'pageSize'] },
  { name: 'createRegion', doc: rainbondDoc, template: '/openapi/v2/manage/regions', method: 'post', params: [], body: fc.oneof(around({ ...regionBody, region_name: 'prop-new' }), value) },
  { name: 'getRegion', doc: rainbondDoc, template: '/openapi/v2/manage/regions/{region_id}', method: 'get', params: ['region_id'] },
  { name: 'updateRegion', doc: rainbondDoc, template: '/openapi/v2/manage/regions/{region_id}', method: 'put', params: ['region_id'], body: fc.oneof(around(regionBody), value) },
  { name: 'deleteRegion', doc: rainbondDoc, template: '/openapi/v2/manage/regions/{region_id}', method: 'delete', params: ['region_id'] },
  { name: 'describeKey', doc: kmsDoc, template: '/v1.0/{project_id}/kms/describe-key', method: 'post', params: ['project_id'], body: fc.oneof(around({ key_id: KEY_ID }), value) },
  { name: 'listKeys', doc: kmsDoc, template: '/v1.0/{project_id}/kms/list-keys', method: 'post', params: ['project_id'], body: fc.oneof(around({ limit: '3', marker: '1', key_state: '2', key_spec: 'AES_256' }), value) },
  { name: 'listSupportRegions', doc: kmsDoc, template: '/v2/{project_id}/kms/regions', method: 'get', params: ['project_id'], query: ['limit', 'offset'] },
  { name: 'updatePrimaryRegion', doc: kmsDoc, template: '/v2/{project_id}/kms/keys/{key_id}/update-primary-region', method: 'put', params: ['project_id', 'key_id'], body: fc.oneof(around({ key_id: KEY_ID, primary_region: 'cn-east-3' }), value) },
  {
    name: 'replicateKey', doc: kmsDoc, template: '/v2/{project_id}/kms/keys/{key_id}/replicate', method: 'post', params: ['project_id', 'key_id'],
    body: fc.oneof(around({ key_id: KEY_ID, replica_region: 'cn-south-1', key_alias: 'a', replica_project_id: PROJECT }), value),
  },
  { name: 'admin findRequests', doc: adminDoc, template: '/__admin/requests', method: 'get', params: [], query: ['api', 'operationId', 'method', 'status', 'since'] },
  { name: 'admin addFault', doc: adminDoc, template: '/__admin/faults', method: 'post', params: [], body: fc.oneof(around({ api: 'kms', operationId: 'listKeys', status: 500, times: 1, after: 0 }), value) },
  { name: 'admin replaceState', doc: adminDoc, template: '/__admin/state', method: 'put', params: [], body: fc.oneof(value, fc.constant(null).map(() => clone(shared.store.data)).chain((s) => around(s as unknown as Record<string, unknown>))) },
  { name: 'admin removeFault', doc: adminDoc, template: '/__admin/faults/{id}', method: 'delete', params: ['id'] },
];

const queryValue = fc.oneof(fc.constantFrom('1', '0', '-1', '2', 'abc', '', 'kms', 'rainbond', '2026-11-22T10:00:00Z'), fc.string({ maxLength: 20 }));

describe.each(CASES.map((c) => [c.name, c] as const))('%s with random input', (_name, c) => {
  it('never answers 5xx, always answers as its document says, and changes nothing when it refuses', async () => {
    const input = fc.record({
      params: fc.tuple(...c.params.map((name) => PARAMS[name])),
      query: c.query ? fc.dictionary(fc.constantFrom(...c.query, 'x'), queryValue, { maxKeys: 3 }) : fc.constant({}),
      token: TOKEN_FOR[c.doc === rainbondDoc ? 'rainbond' : c.doc === kmsDoc ? 'kms' : 'admin'],
      body: c.body ?? fc.constant(undefined),
    });
    await fc.assert(
      fc.asyncProperty(input, async ({ params, query, token: credential, body }) => {
        await shared.sessions.default.reset();
        let path = c.template;
        c.params.forEach((name, i) => {
          path = path.replace(`{${name}}`, encodeURIComponent(params[i] as string) || 'x');
        });
        const req = request(shared.app)[c.method](path).query(query);
        if (credential !== undefined) req.set(c.doc === kmsDoc ? 'X-Auth-Token' : 'Authorization', credential);
        const before = clone(shared.store.data);
        const res = await (body === undefined ? req : req.set('Content-Type', 'application/json').send(JSON.stringify(body)));
        expect(res.status).toBeLessThan(500);
        if (res.status === 404 && c.doc !== adminDoc && res.body?.error_code === 'APIGW.0101') return;
        // A path the console's URL patterns refuse never reaches an operation: Django's own page answers.
        if (res.status === 404 && c.doc === rainbondDoc && /^text\/html/.test(res.headers['content-type'] ?? '')) {
          expect(res.text).toBe(DJANGO_NOT_FOUND);
          expect(shared.store.data).toEqual(before);
          return;
        }
        c.doc.expectAnswer(c.template, c.method, res);
        if (res.status >= 400) expect(shared.store.data).toEqual(before);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
