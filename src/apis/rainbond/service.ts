import { randomUUID } from 'node:crypto';
import { MockError } from '../../core/errors';
import type { Call } from '../../core/pack';
import { pickInOrder, replacedAt } from '../../core/records';
import type { AddRegionRequest, Region, RegionInfo, RainbondState, UpdateRegionReq } from './types';

/** The 14 fields of v2_RegionInfoSerializer, in the console's order. */
const REGION_INFO_FIELDS = [
  'region_id', 'region_name', 'region_alias', 'url', 'token', 'wsurl', 'httpdomain',
  'tcpdomain', 'scope', 'ssl_ca_cert', 'cert_file', 'key_file', 'status', 'desc',
] as const;

export function regionInfo(region: Region): RegionInfo {
  return pickInOrder(region, REGION_INFO_FIELDS) as RegionInfo;
}

/** A region's certificates as a request sets them or a view shows them: each null when not given. */
export function certificates(source: Pick<Partial<Region>, 'ssl_ca_cert' | 'cert_file' | 'key_file'>) {
  return { ssl_ca_cert: source.ssl_ca_cert ?? null, cert_file: source.cert_file ?? null, key_file: source.key_file ?? null };
}

/** What every write of a region sets from the request as it is. */
const ADDRESS_FIELDS = ['region_alias', 'url', 'wsurl', 'httpdomain', 'tcpdomain'] as const;

/** The console's words for a region that is not there, which differ between its views. */
const NOT_FOUND = { read: '数据中心不存在', change: '修改的数据中心不存在' } as const;

/** The console's rules for regions. */
export class RegionService {
  constructor(private readonly call: Call<RainbondState>) {}

  private get regions(): Region[] {
    return this.call.state.regions;
  }

  /** The index of a region that may be answered about; a fixture marker answers instead. */
  private find(regionId: string, missing: keyof typeof NOT_FOUND): number {
    const index = this.regions.findIndex((r) => r.region_id === regionId);
    if (index < 0) throw new MockError(404, undefined, NOT_FOUND[missing]);
    this.call.about(this.regions[index]);
    return index;
  }

  get(regionId: string): Region {
    return this.regions[this.find(regionId, 'read')];
  }

  async update(regionId: string, req: UpdateRegionReq): Promise<Region> {
    const index = this.find(regionId, 'change');
    const current = this.regions[index];
    // id, name and token stay; desc and scope only when sent; certificates are cleared when omitted.
    const next: Region = {
      ...current,
      ...pickInOrder(req, ADDRESS_FIELDS),
      status: req.status,
      scope: req.scope ?? current.scope,
      desc: req.desc ?? current.desc,
      ...certificates(req),
    };
    await this.call.commit({ regions: replacedAt(this.regions, index, next) });
    return next;
  }

  async create(req: AddRegionRequest): Promise<Region> {
    // The console's MySQL compares names without regard to case.
    const name = req.region_name.toLowerCase();
    if (this.regions.some((r) => r.region_name.toLowerCase() === name)) throw new MockError(400, undefined, '数据中心名称已存在');
    // Kept in the serializer's order, as the fixtures are (the state and the data file show it).
    const region = regionInfo({
      region_id: randomUUID().replace(/-/g, ''),
      region_name: req.region_name,
      ...(pickInOrder(req, ADDRESS_FIELDS) as Pick<Region, (typeof ADDRESS_FIELDS)[number]>),
      token: req.token ?? null,
      scope: req.scope ?? 'private',
      ...certificates(req),
      status: req.status ?? '0',
      desc: req.desc ?? '',
    }) as Region;
    await this.call.commit({ regions: [...this.regions, region] });
    return region;
  }

  async remove(regionId: string): Promise<Region> {
    const index = this.find(regionId, 'change');
    const removed = this.regions[index];
    await this.call.commit({ regions: this.regions.filter((_, i) => i !== index) });
    return removed;
  }
}
