import { join } from 'node:path';
import type { VendorPack } from '../../core/pack';
import { SPEC_DIR } from '../../core/paths';
import { authenticate } from './auth';
import { kmsEnvelope } from './envelope';
import { KeyService } from './service';
import type { KmsState, UpdatePrimaryRegionRequest } from './types';

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
      keys: { file: 'keys.yaml', schema: 'KeyRecord', key: 'key_id' },
      tokens: { file: 'tokens.yaml', schema: 'IamToken', key: 'token' },
    },
    envelope: kmsEnvelope,
    authenticate,
    handlers: {
      updatePrimaryRegion: {
        writes: true,
        handle: async (call) => {
          const { project_id: projectId, key_id: keyId } = call.params;
          const key = await new KeyService(call).updatePrimaryRegion(projectId, keyId, call.body as UpdatePrimaryRegionRequest);
          return { status: 200, body: { key_id: key.key_id, primary_region: key.primary_region } };
        },
      },
    },
  };
}
