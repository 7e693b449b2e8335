import { randomUUID } from 'node:crypto';
import type { Call } from '../../core/respond/pack';
import { appended, indexOfKey, pickInOrder, removedAt, replacedAt } from '../../core/state/records';
import { ConsoleError } from './console-error';
import { enterpriseNotFound, regionNotExist } from './failures';
import { CONSOLE } from './messages';
import { pythonStrip } from './serializer';
import type { RainbondRelease } from './settings';
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

/** The console's words for a region that is not there, which differ between its views (region_view.py:111, 133, 155). */
const NOT_FOUND = { read: CONSOLE.regionMissing, change: CONSOLE.regionToChangeMissing } as const;

/** What `RegionInfoSerializer(None).data` gives (DRF's initial values): release 6.9.8's GET of a missing region. */
const BLANK_REGION = Object.fromEntries(REGION_INFO_FIELDS.map((f) => [f, ''])) as unknown as Region;

/** The console's rules for regions; `release` names a console release whose code departs from the documents. */
export class RegionService {
  constructor(
    private readonly call: Call<RainbondState>,
    private readonly release?: RainbondRelease,
  ) {}

  private get regions(): Region[] {
    return this.call.state.regions;
  }

  /** The index of a region that may be answered about, or -1; a fixture marker answers instead. */
  private indexOf(regionId: string): number {
    const index = indexOfKey(this.regions, 'region_id', regionId);
    if (index >= 0) this.call.about(this.regions[index]);
    return index;
  }

  private find(regionId: string, missing: keyof typeof NOT_FOUND): number {
    const index = this.indexOf(regionId);
    if (index < 0) throw new ConsoleError({ kind: 'fail', status: 404, msg: NOT_FOUND[missing] });
    return index;
  }

  /** Release 6.9.8's repository returns None for a missing id (region_repo.py:37-41), and the view serializes it. */
  get(regionId: string): Region {
    if (this.release && this.indexOf(regionId) < 0) return BLANK_REGION;
    return this.regions[this.find(regionId, 'read')];
  }

  /** The body is the serializer's data: sent fields, and null for certificates not sent (region_services.py:491-520). */
  async update(regionId: string, req: UpdateRegionReq): Promise<Region> {
    // Release 6.9.8's view never sees a missing region (region_view.py:129-133); the service raises.
    if (this.release && this.indexOf(regionId) < 0) throw regionNotExist(regionId);
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

  /** The name was checked unique by the serializer. Release 6.9.8 never creates (region_services.py:429-432). */
  async create(req: AddRegionRequest): Promise<Region> {
    if (this.release) throw enterpriseNotFound();
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
    await this.call.commit({ regions: appended(this.regions, region) });
    return region;
  }

  /** The view answers the deleted row as RegionInfoSerializer reads it again, every text trimmed (region_view.py:150-152). */
  async remove(regionId: string): Promise<Region> {
    const index = this.find(regionId, 'change');
    const removed = this.regions[index];
    await this.call.commit({ regions: removedAt(this.regions, index) });
    return Object.fromEntries(Object.entries(removed).map(([k, v]) => [k, typeof v === 'string' ? pythonStrip(v) : v])) as unknown as Region;
  }
}

/** Whether a unique field's value is taken; the console's MySQL compares without regard to case. */
export function taken(regions: Region[], field: string, value: string): boolean {
  const wanted = value.toLowerCase();
  return regions.some((r) => String(r[field as keyof Region] ?? '').toLowerCase() === wanted);
}
