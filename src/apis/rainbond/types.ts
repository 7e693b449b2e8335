/** A region as the console stores it: v2_RegionInfoSerializer, plus the mock's own markers. */
export interface Region {
  region_id: string;
  region_name: string;
  region_alias: string;
  url: string;
  token?: string | null;
  wsurl: string;
  httpdomain: string;
  tcpdomain: string;
  scope?: string;
  ssl_ca_cert?: string | null;
  cert_file?: string | null;
  key_file?: string | null;
  status: string;
  desc?: string;
  enterprise_id?: string;
  enterprise_alias?: string;
  region_type?: string[];
  total_memory?: number;
  used_memory?: number;
  total_cpu?: number;
  used_cpu?: number;
  total_disk?: number;
  used_disk?: number;
  rbd_version?: string | null;
  'x-mock-status'?: number;
}

export interface ConsoleToken {
  token: string;
  access: 'read' | 'manage';
  description?: string;
}

export interface RainbondState {
  regions: Region[];
  tokens: ConsoleToken[];
}

/** The fields of v2_RegionInfoSerializer. */
export type RegionInfo = Pick<Region, 'region_id' | 'region_name' | 'region_alias' | 'url' | 'token' | 'wsurl' | 'httpdomain' | 'tcpdomain' | 'scope' | 'ssl_ca_cert' | 'cert_file' | 'key_file' | 'status' | 'desc'>;

/** UpdateRegionReq, once the document's validator has accepted it: the region's editable fields. */
export type UpdateRegionReq = Omit<RegionInfo, 'region_id' | 'region_name'>;

/** AddRegionRequest, once accepted: a region's metadata without its id. */
export type AddRegionRequest = Omit<RegionInfo, 'region_id'>;
