import { MockError } from '../../core/errors';
import { answerAsFixtureSays } from '../../core/fixtures';
import type { Call } from '../../core/pack';
import { replaceAt } from '../../core/store';
import type { Region, RainbondState, UpdateRegionReq } from './types';

/** The 14 fields of v2_RegionInfoSerializer, in the console's order. */
const REGION_INFO_FIELDS = [
  'region_id', 'region_name', 'region_alias', 'url', 'token', 'wsurl', 'httpdomain',
  'tcpdomain', 'scope', 'ssl_ca_cert', 'cert_file', 'key_file', 'status', 'desc',
] as const;

export function regionInfo(region: Region): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of REGION_INFO_FIELDS) if (region[field] !== undefined) out[field] = region[field];
  return out;
}

/** The console's rules for regions. */
export class RegionService {
  constructor(private readonly call: Call<RainbondState>) {}

  private get regions(): Region[] {
    return this.call.state.regions;
  }

  async update(regionId: string, req: UpdateRegionReq): Promise<Region> {
    const index = this.regions.findIndex((r) => r.region_id === regionId);
    if (index < 0) throw new MockError(404, undefined, '修改的数据中心不存在');
    const current = this.regions[index];
    answerAsFixtureSays(current);
    // id, name and token stay; desc and scope only when sent; certificates are cleared when omitted.
    const next: Region = {
      ...current,
      region_alias: req.region_alias,
      url: req.url,
      wsurl: req.wsurl,
      httpdomain: req.httpdomain,
      tcpdomain: req.tcpdomain,
      status: req.status,
      scope: req.scope ?? current.scope,
      desc: req.desc ?? current.desc,
      ssl_ca_cert: req.ssl_ca_cert ?? null,
      cert_file: req.cert_file ?? null,
      key_file: req.key_file ?? null,
    };
    await this.call.commit(() => replaceAt(this.regions, index, next));
    return next;
  }
}
