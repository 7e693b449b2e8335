import { join } from 'node:path';
import { SPEC_DIR } from '../../core/documents/paths';
import type { Step } from '../../verify/cases';
import type { Outgoing } from '../../verify/client';
import type { FlagValues, VerifyPlan } from '../../verify/plan';
import { signRequest } from './signature';

const NO_KEY = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

function steps(values: FlagValues, writes: boolean): Step[] {
  const project = values['kms-project'] as string;
  const kms = (method: Outgoing['method'], path: string, body?: unknown, authenticated = true): Outgoing => ({ api: 'kms', method, path: path.replace('{project_id}', project), body, authenticated });
  const describe = '/v1.0/{project_id}/kms/describe-key';
  const key = values['kms-key'];
  const primary = values['kms-primary'];
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
        writes && key && primary
          ? {
              operationId: 'updatePrimaryRegion',
              name: "moves the key's primary region to where it is (no change)",
              request: kms('PUT', `/v2/{project_id}/kms/keys/${key}/update-primary-region`, { key_id: key, primary_region: primary }),
              expect: { status: 200 },
            }
          : undefined,
    },
    { make: () => ({ operationId: 'describeKey', name: 'refuses a call without credentials', request: kms('POST', describe, { key_id: NO_KEY }, false), expect: { status: 401, code: 'APIGW.0301' } }) },
    { make: () => ({ operationId: 'describeKey', name: 'answers an unknown key with 404', request: kms('POST', describe, { key_id: NO_KEY }), expect: { status: 404, code: 'KMS.0207' } }) },
    { make: () => ({ operationId: 'describeKey', name: 'refuses a malformed key id', request: kms('POST', describe, { key_id: 'nope' }), expect: { status: 400, code: 'KMS.0205' } }) },
  ];
}

/** Checking Huawei Cloud KMS: a token, or an AK/SK pair signing as Huawei's SDK signs. */
export const kmsVerify: VerifyPlan = {
  api: 'kms',
  specFile: join(SPEC_DIR, 'kms.openapi.yaml'),
  flags: {
    'kms-token': { env: 'REGIONMOCK_KMS_TOKEN', value: 'T', help: 'an IAM token (X-Auth-Token)' },
    'kms-ak': { env: 'REGIONMOCK_KMS_AK', value: 'AK', help: 'an access key, to sign with --kms-sk' },
    'kms-sk': { env: 'REGIONMOCK_KMS_SK', value: 'SK', help: 'its secret key' },
    'kms-project': { value: 'ID', help: 'the project id of the credentials' },
    'kms-key': { value: 'KEY', help: 'with --allow-writes: a multi-region key to move to where it is' },
    'kms-primary': { value: 'REGION', help: "that key's primary region now" },
  },
  usage: '[--kms-token T | --kms-ak AK --kms-sk SK] [--kms-project ID] [--allow-writes [--kms-key KEY --kms-primary REGION]]',
  problem: (values) => {
    if ((values['kms-ak'] === undefined) !== (values['kms-sk'] === undefined)) return '--kms-ak and --kms-sk go together';
    if (!values['kms-project']) return 'verifying KMS needs --kms-project, the project id of the credentials (or --api with another API)';
    if ((values['kms-key'] === undefined) !== (values['kms-primary'] === undefined)) return '--kms-key and --kms-primary go together';
    return undefined;
  },
  steps,
  authenticate: (req, headers, body, target, values) => {
    if (values['kms-token']) return { ...headers, 'x-auth-token': values['kms-token'] };
    const [ak, sk] = [values['kms-ak'], values['kms-sk']];
    return ak && sk ? signRequest({ method: req.method, url: req.path, host: new URL(target).host, headers, body }, ak, sk) : headers;
  },
};
