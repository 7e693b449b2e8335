import { join } from 'node:path';
import type { VendorPack } from '../../core/pack';
import { SPEC_DIR } from '../../core/paths';
import { authenticate } from './auth';
import { rainbondEnvelope } from './envelope';
import { listRegions } from './list';
import { RegionService, regionInfo } from './service';
import type { AddRegionRequest, RainbondState, UpdateRegionReq } from './types';

export interface RainbondOptions {
  manageToken: string;
}

export function rainbondPack(options: RainbondOptions): VendorPack<RainbondState> {
  return {
    name: 'rainbond',
    specFile: join(SPEC_DIR, 'rainbond.openapi.yaml'),
    owns: (path) => path.startsWith('/openapi/'),
    controlled: true,
    unknownQuery: 'ignore',
    repeatedQuery: 'last',
    fixtures: {
      regions: { file: 'regions.yaml', schema: ['v2_RegionInfoSerializer', 'RegionResources'], key: 'region_id', unique: ['region_name'] },
      tokens: { file: 'tokens.yaml', schema: 'ConsoleToken', key: 'token', secretKey: true },
    },
    envelope: rainbondEnvelope,
    authenticate: authenticate(options.manageToken),
    handlers: {
      listRegions: {
        writes: false,
        handle: (call) => ({ status: 200, body: listRegions(call.state, call.query) }),
      },
      getRegion: {
        writes: false,
        handle: (call) => ({ status: 200, body: regionInfo(new RegionService(call).get(call.params.region_id)) }),
      },
      createRegion: {
        writes: true,
        handle: async (call) => ({ status: 201, body: regionInfo(await new RegionService(call).create(call.body as AddRegionRequest)) }),
      },
      updateRegion: {
        writes: true,
        handle: async (call) => {
          const region = await new RegionService(call).update(call.params.region_id, call.body as UpdateRegionReq);
          return { status: 200, body: regionInfo(region) };
        },
      },
      deleteRegion: {
        writes: true,
        handle: async (call) => ({ status: 200, body: regionInfo(await new RegionService(call).remove(call.params.region_id)) }),
      },
    },
  };
}
