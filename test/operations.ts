import request, { type Test } from 'supertest';
import type { Express } from 'express';
import { KMS_SPEC, MANAGE_TOKEN, PROJECT, primaryRegionPath, RAINBOND_SPEC, REGION_ID, KEY_ID, regionPath, validRegionUpdate } from './helpers';

/**
 * The two operations the tests call most, built in one place: the request with its
 * credential (the manage or dev token unless another is given, none for null), not yet sent.
 */
export function putRegion(app: Express | string, id = REGION_ID, token: string | null = MANAGE_TOKEN): Test {
  const req = request(app).put(regionPath(id));
  return token === null ? req : req.set('Authorization', token);
}

export function getRegion(app: Express | string, id = REGION_ID, token: string | null = MANAGE_TOKEN): Test {
  const req = request(app).get(regionPath(id));
  return token === null ? req : req.set('Authorization', token);
}

export function putPrimaryRegion(app: Express | string, keyId = KEY_ID, token: string | null = 'kms-dev-token', project = PROJECT): Test {
  const req = request(app).put(primaryRegionPath(keyId, project));
  return token === null ? req : req.set('X-Auth-Token', token);
}

/** One vendor operation as a test calls it: where it is documented, and a call that succeeds on the fixtures. */
export interface OperationCase {
  api: 'rainbond' | 'kms';
  operationId: string;
  file: string;
  path: string;
  method: 'get' | 'post' | 'put' | 'delete';
  url: string;
  /** A call that succeeds with the given credential (the manage or dev token by default). */
  call(app: Express, token?: string): Test;
}

const rainbond = (operationId: string, path: string, method: OperationCase['method'], url: string, body?: object): OperationCase => ({
  api: 'rainbond',
  operationId,
  file: RAINBOND_SPEC,
  path,
  method,
  url,
  call: (app, token = MANAGE_TOKEN) => {
    const req = request(app)[method](url).set('Authorization', token);
    return body ? req.send(body) : req;
  },
});

const kms = (operationId: string, path: string, method: OperationCase['method'], url: string, body?: object): OperationCase => ({
  api: 'kms',
  operationId,
  file: KMS_SPEC,
  path,
  method,
  url,
  call: (app, token = 'kms-dev-token') => {
    const req = request(app)[method](url).set('X-Auth-Token', token);
    return body ? req.send(body) : req;
  },
});

const REGIONS = '/openapi/v2/manage/regions';
const newRegion = { ...validRegionUpdate(), region_name: 'edge-new' };

export const OPERATIONS: OperationCase[] = [
  rainbond('listRegions', REGIONS, 'get', REGIONS),
  rainbond('createRegion', REGIONS, 'post', REGIONS, newRegion),
  rainbond('getRegion', `${REGIONS}/{region_id}`, 'get', `${REGIONS}/${REGION_ID}`),
  rainbond('updateRegion', `${REGIONS}/{region_id}`, 'put', `${REGIONS}/${REGION_ID}`, validRegionUpdate()),
  rainbond('deleteRegion', `${REGIONS}/{region_id}`, 'delete', `${REGIONS}/${REGION_ID}`),
  kms('describeKey', '/v1.0/{project_id}/kms/describe-key', 'post', `/v1.0/${PROJECT}/kms/describe-key`, { key_id: KEY_ID }),
  kms('listKeys', '/v1.0/{project_id}/kms/list-keys', 'post', `/v1.0/${PROJECT}/kms/list-keys`, { limit: '2' }),
  kms('listSupportRegions', '/v2/{project_id}/kms/regions', 'get', `/v2/${PROJECT}/kms/regions`),
  kms('updatePrimaryRegion', '/v2/{project_id}/kms/keys/{key_id}/update-primary-region', 'put', `/v2/${PROJECT}/kms/keys/${KEY_ID}/update-primary-region`, {
    key_id: KEY_ID,
    primary_region: 'cn-east-3',
  }),
  kms('replicateKey', '/v2/{project_id}/kms/keys/{key_id}/replicate', 'post', `/v2/${PROJECT}/kms/keys/${KEY_ID}/replicate`, {
    key_id: KEY_ID,
    replica_region: 'cn-south-1',
    key_alias: 'app/orders',
    replica_project_id: '7c4d2e1f0a9b8c7d6e5f4a3b2c1d0e9f',
  }),
];
