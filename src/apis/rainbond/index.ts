import { join } from 'node:path';
import type { Call, SentBody, VendorPack } from '../../core/respond/pack';
import { SPEC_DIR } from '../../core/documents/paths';
import { authenticate } from './auth';
import { ConsoleError, under } from './console-error';
import { rainbondEnvelope } from './envelope';
import { listRegions } from './list';
import { requestData, type DataReader } from './request-data';
import { fieldRules, runSerializer, type ObjectSchema } from './serializer';
import { RegionService, regionInfo, taken } from './service';
import { resolves, viewHeaders } from './routes';
import { checkedRelease } from './settings';
import type { AddRegionRequest, RainbondState, UpdateRegionReq } from './types';

export interface RainbondPackOptions {
  manageToken: string;
  /** A console release whose code's departures from the documents to answer with; unset, the documents. */
  release?: string;
}

/** The line of each view that first reads `request.data` (openapi/v2/views/region_view.py), for its traces. */
const reading = (line: number, fn: string, code: string): DataReader => [line, fn, code, under(code, 'request.data')];
const READS_DATA: Record<string, DataReader> = {
  createRegion: reading(80, 'post', 'serializer = RegionInfoSerializer(data=request.data)'),
  updateRegion: reading(124, 'put', 'serializer = UpdateRegionReqSerializer(data=request.data)'),
};

/** `request.data` through the view's serializer: the fields it read, or the console's 400. */
async function readBody(call: Call<RainbondState>, sent: SentBody): Promise<unknown> {
  const data = await requestData(sent.bytes, sent.headers, READS_DATA[call.operation.operationId]);
  // Behind a proxy, the provider's records decide what is taken, not the mock's.
  const isTaken = sent.forwarding ? () => false : (field: string, value: string) => taken(call.state.regions, field, value);
  const result = runSerializer(fieldRules(sent.schema as ObjectSchema, sent.resolve), data, isTaken);
  if ('errors' in result) throw new ConsoleError({ kind: 'validation', err: result.errors });
  return result.data;
}

export function rainbondPack(options: RainbondPackOptions): VendorPack<RainbondState> {
  const release = checkedRelease(options.release);
  return {
    name: 'rainbond',
    specFile: join(SPEC_DIR, 'rainbond.openapi.yaml'),
    overlays: release ? [join(SPEC_DIR, `rainbond.release-${release}.overlay.yaml`)] : undefined,
    owns: (path) => path.startsWith('/openapi/'),
    resolves,
    routedHeaders: viewHeaders,
    authBeforeMethod: true,
    readBody,
    controlled: true,
    unknownQuery: 'ignore',
    repeatedQuery: 'last',
    fixtures: {
      regions: { file: 'regions.yaml', schema: ['v2_RegionInfoSerializer', 'RegionResources'], key: 'region_id', unique: ['region_name'] },
      tokens: { file: 'tokens.yaml', schema: 'ConsoleToken', key: 'token', secretKey: true },
    },
    envelope: rainbondEnvelope(release === undefined),
    authenticate: authenticate(options.manageToken),
    handlers: {
      listRegions: {
        writes: false,
        handle: (call) => ({ status: 200, body: listRegions(call.state, call.query, release) }),
      },
      getRegion: {
        writes: false,
        handle: (call) => ({ status: 200, body: regionInfo(new RegionService(call, release).get(call.params.region_id)) }),
      },
      createRegion: {
        writes: true,
        handle: async (call) => ({ status: 201, body: regionInfo(await new RegionService(call, release).create(call.body as AddRegionRequest)) }),
      },
      updateRegion: {
        writes: true,
        handle: async (call) => {
          const region = await new RegionService(call, release).update(call.params.region_id, call.body as UpdateRegionReq);
          return { status: 200, body: regionInfo(region) };
        },
      },
      deleteRegion: {
        writes: true,
        handle: async (call) => ({ status: 200, body: regionInfo(await new RegionService(call, release).remove(call.params.region_id)) }),
      },
    },
  };
}
