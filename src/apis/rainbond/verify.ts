import { join } from 'node:path';
import { SPEC_DIR } from '../../core/documents/paths';
import type { Step } from '../../verify/cases';
import type { Outgoing } from '../../verify/client';
import type { VerifyPlan } from '../../verify/plan';

const NO_REGION = '00000000000000000000000000000000';
/** The fields of a region that UpdateRegionReq takes back (token is write-only). */
const EDITABLE = ['region_alias', 'url', 'wsurl', 'httpdomain', 'tcpdomain', 'scope', 'ssl_ca_cert', 'cert_file', 'key_file', 'status', 'desc'];

function steps(writes: boolean): Step[] {
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
        if (!writes || !found.region || typeof found.region !== 'object') return undefined;
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

/** Checking a Rainbond console: its manage token, sent as the header itself. */
export const rainbondVerify: VerifyPlan = {
  api: 'rainbond',
  specFile: join(SPEC_DIR, 'rainbond.openapi.yaml'),
  flags: { 'rainbond-token': { env: 'REGIONMOCK_RAINBOND_TOKEN', value: 'T', help: "the console's manage token" } },
  usage: '[--rainbond-token T]',
  steps: (_values, writes) => steps(writes),
  authenticate: (_req, headers, _body, _target, values) => (values['rainbond-token'] ? { ...headers, authorization: values['rainbond-token'] } : headers),
};
