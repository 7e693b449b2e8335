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
  'x-mock-status'?: number;
}

export interface ConsoleToken {
  token: string;
  access: 'read';
  description?: string;
}

export interface RainbondState {
  regions: Region[];
  tokens: ConsoleToken[];
}

/** UpdateRegionReq, once the document's validator has accepted it: the region's editable fields. */
export type UpdateRegionReq = Omit<Region, 'region_id' | 'region_name' | 'x-mock-status'>;
