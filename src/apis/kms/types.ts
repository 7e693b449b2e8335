/** A key as the mock stores it: KMS KeyDetails (all strings) plus where its copies live. */
export interface KeyRecord {
  key_id: string;
  project_id: string;
  domain_id: string;
  key_alias: string;
  realm: string;
  key_spec: string;
  key_usage: string;
  creation_date: string;
  key_state: string;
  default_key_flag: string;
  origin: string;
  primary_region: string;
  replica_regions: string[];
  [field: string]: unknown;
}

export interface IamToken {
  token: string;
  project_id: string;
  status: 'valid' | 'expired' | 'readonly';
  description?: string;
}

/** An AK/SK pair of the fixtures, acting as the token it names. */
export interface AccessKey {
  ak: string;
  sk: string;
  token: string;
  /** The gateway's lockout after five failed signatures in a row applies to this AK. */
  lockout?: boolean;
  description?: string;
}

export interface KmsState {
  keys: KeyRecord[];
  tokens: IamToken[];
  accessKeys: AccessKey[];
  regions: SupportedRegion[];
}

export interface SupportedRegion {
  region: string;
  name?: string;
}

export interface ReplicateKeyRequest {
  key_id: string;
  replica_region: string;
  key_alias: string;
  replica_project_id: string;
}

export interface ListKeysRequest {
  limit?: string;
  marker?: string;
  key_state?: string;
  key_spec?: string;
}

export interface UpdatePrimaryRegionRequest {
  key_id: string;
  primary_region: string;
}
