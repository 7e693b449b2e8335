import type { Expectation } from './check';
import type { Outgoing } from './client';

/** One conformance case: safe against a real service (reads, no-op writes, refusals that change nothing). */
export interface Case {
  operationId: string;
  name: string;
  request: Outgoing;
  expect: Expectation;
}

/** What the first reads found, for the cases that need an id. */
export type Found = Record<string, unknown>;

/** A step: a case, and what its answer tells the later ones. */
export interface Step {
  make(found: Found): Case | undefined;
  learn?(body: unknown, found: Found): void;
  /** When this case is refused for its credentials, verify cannot run (exit 2). */
  checksCredentials?: boolean;
}

const NO_REGION = '00000000000000000000000000000000';
const NO_KEY = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
/** The fields of a region that UpdateRegionReq takes back (token is write-only). */
const EDITABLE = ['region_alias', 'url', 'wsurl', 'httpdomain', 'tcpdomain', 'scope', 'ssl_ca_cert', 'cert_file', 'key_file', 'status', 'desc'];

/** What verify may write: nothing unless asked, and a key's primary only as the caller says it is now. */
export interface Writes {
  allowed: boolean;
  /** The key, and the region its caller knows to be its primary: no public model names it. */
  kmsKey?: string;
  kmsPrimary?: string;
}

export function rainbondSteps(writes: Writes): Step[] {
  const regionPath = (id: unknown) => `/openapi/v2/manage/regions/${String(id)}`;
  const rb = (method: Outgoing['method'], path: string, body?: unknown, authenticated = true): Outgoing => ({ api: 'rainbond', method, path, body, authenticated });
  return [
    {
      checksCredentials: true,
      make: () => ({ operationId: 'listRegions', name: 'lists the regions', request: rb('GET', '/openapi/v2/manage/regions'), expect: { status: 200 } }),
      learn: (body, found) => {
        found.regionId = ((body as { data?: Array<{ region_id?: string }> }).data ?? [])[0]?.region_id;
      },
    },
    {
      make: (found) => (found.regionId ? { operationId: 'getRegion', name: 'reads the first region', request: rb('GET', regionPath(found.regionId)), expect: { status: 200 } } : undefined),
      learn: (body, found) => {
        found.region = body;
      },
    },
    {
      make: (found) => {
        if (!writes.allowed || !found.region || typeof found.region !== 'object') return undefined;
        const region = found.region as Record<string, unknown>;
        const same = Object.fromEntries(EDITABLE.filter((f) => f in region).map((f) => [f, region[f]]));
        return { operationId: 'updateRegion', name: 'writes the first region back as it is (no change)', request: rb('PUT', regionPath(found.regionId), same), expect: { status: 200 } };
      },
    },
    { make: () => ({ operationId: 'getRegion', name: 'refuses a call without credentials', request: rb('GET', regionPath(NO_REGION), undefined, false), expect: { status: 401 } }) },
    { make: () => ({ operationId: 'getRegion', name: 'answers an unknown region id with 404', request: rb('GET', regionPath(NO_REGION)), expect: { status: 404 } }) },
    { make: () => ({ operationId: 'updateRegion', name: 'refuses a body the document refuses', request: rb('PUT', regionPath(NO_REGION), {}), expect: { status: 400 } }) },
  ];
}

export function kmsSteps(project: string, writes: Writes): Step[] {
  const kms = (method: Outgoing['method'], path: string, body?: unknown, authenticated = true): Outgoing => ({ api: 'kms', method, path: path.replace('{project_id}', project), body, authenticated });
  const describe = '/v1.0/{project_id}/kms/describe-key';
  return [
    {
      checksCredentials: true,
      make: () => ({ operationId: 'listKeys', name: 'lists the keys of every spec', request: kms('POST', '/v1.0/{project_id}/kms/list-keys', { key_spec: 'ALL', limit: '100' }), expect: { status: 200 } }),
      learn: (body, found) => {
        const details = (body as { key_details?: Array<{ key_id?: string; key_state?: string }> }).key_details ?? [];
        found.keyId = (details.find((k) => k.key_state === '2') ?? details[0])?.key_id;
      },
    },
    { make: (found) => (found.keyId ? { operationId: 'describeKey', name: 'describes an enabled key', request: kms('POST', describe, { key_id: found.keyId }), expect: { status: 200 } } : undefined) },
    { make: () => ({ operationId: 'listSupportRegions', name: 'lists the regions keys can be replicated to', request: kms('GET', '/v2/{project_id}/kms/regions'), expect: { status: 200 } }) },
    {
      // Only with the caller's word for the key's current primary: a key's realm is not it.
      make: () =>
        writes.allowed && writes.kmsKey && writes.kmsPrimary
          ? {
              operationId: 'updatePrimaryRegion',
              name: "moves the key's primary region to where it is (no change)",
              request: kms('PUT', `/v2/{project_id}/kms/keys/${writes.kmsKey}/update-primary-region`, { key_id: writes.kmsKey, primary_region: writes.kmsPrimary }),
              expect: { status: 200 },
            }
          : undefined,
    },
    { make: () => ({ operationId: 'describeKey', name: 'refuses a call without credentials', request: kms('POST', describe, { key_id: NO_KEY }, false), expect: { status: 401, code: 'APIGW.0301' } }) },
    { make: () => ({ operationId: 'describeKey', name: 'answers an unknown key with 404', request: kms('POST', describe, { key_id: NO_KEY }), expect: { status: 404, code: 'KMS.0207' } }) },
    { make: () => ({ operationId: 'describeKey', name: 'refuses a malformed key id', request: kms('POST', describe, { key_id: 'nope' }), expect: { status: 400, code: 'KMS.0205' } }) },
  ];
}
