import { join } from 'node:path';
import type { VendorPack } from '../../core/respond/pack';
import { SPEC_DIR } from '../../core/documents/paths';
import { authenticate } from './auth';
import { kmsEnvelope } from './envelope';
import { describeKey, listKeys, supportedRegions } from './queries';
import { keyRegionRules } from './rules';
import { KeyService } from './service';
import type { KmsState, ListKeysRequest, ReplicateKeyRequest, UpdatePrimaryRegionRequest } from './types';

/** KMS's routes all sit under /v<version>/<project_id>/kms/. */
const KMS_PATH = /^\/v[0-9.]+\/[^/]+\/kms(?:\/|$)/;

export function kmsPack(): VendorPack<KmsState> {
  return {
    name: 'kms',
    specFile: join(SPEC_DIR, 'kms.openapi.yaml'),
    owns: (path) => KMS_PATH.test(path),
    controlled: true,
    unknownQuery: 'ignore',
    fixtures: {
      keys: { file: 'keys.yaml', schema: ['KeyDetails', 'MultiRegionInfo', 'KeyOwner'], key: 'key_id' },
      tokens: { file: 'tokens.yaml', schema: 'IamToken', key: 'token', secretKey: true },
      regions: { file: 'regions.yaml', schema: 'SupportedRegion', key: 'region' },
      accessKeys: { file: 'access-keys.yaml', schema: 'AccessKey', key: 'ak', secretKey: true },
    },
    checkRules: keyRegionRules,
    envelope: kmsEnvelope,
    authenticate,
    handlers: {
      describeKey: {
        writes: false,
        handle: (call) => {
          const { key_id: keyId } = call.body as { key_id: string };
          return { status: 200, body: describeKey(call, call.params.project_id, keyId) };
        },
      },
      listKeys: {
        writes: false,
        handle: (call) => ({ status: 200, body: listKeys(call.state, call.params.project_id, call.body as ListKeysRequest) }),
      },
      listSupportRegions: {
        writes: false,
        handle: (call) => ({ status: 200, body: supportedRegions(call.state, call.query) }),
      },
      updatePrimaryRegion: {
        writes: true,
        handle: async (call) => {
          const { project_id: projectId, key_id: keyId } = call.params;
          const key = await new KeyService(call).updatePrimaryRegion(projectId, keyId, call.body as UpdatePrimaryRegionRequest);
          return { status: 200, body: { key_id: key.key_id, primary_region: key.primary_region } };
        },
      },
      replicateKey: {
        writes: true,
        handle: async (call) => {
          const { project_id: projectId, key_id: keyId } = call.params;
          const req = call.body as ReplicateKeyRequest;
          const key = await new KeyService(call).replicate(projectId, keyId, req);
          return { status: 200, body: { key_id: key.key_id, domain_id: key.domain_id, region: req.replica_region } };
        },
      },
    },
  };
}
