import type { Call } from '../../core/respond/pack';
import { indexOfKey, pickInOrder } from '../../core/state/records';
import { kmsError } from './errors';
import type { KeyRecord, KmsState, ListKeysRequest } from './types';

/** The fields of KMS's KeyDetails, in its order: what a key shows of itself. */
const KEY_DETAILS_FIELDS = [
  'key_id', 'domain_id', 'key_alias', 'realm', 'key_description', 'key_spec', 'key_usage', 'creation_date',
  'scheduled_deletion_date', 'key_state', 'default_key_flag', 'key_type', 'expiration_time', 'origin',
  'key_rotation_enabled', 'sys_enterprise_project_id', 'keystore_id',
] as const;

/** Where a key of the project stands, or -1: key ids are unique across projects, so the project is checked on the one found. */
export function keyIndex(keys: readonly KeyRecord[], projectId: string, keyId: string): number {
  const index = indexOfKey(keys, 'key_id', keyId);
  return index >= 0 && keys[index].project_id === projectId ? index : -1;
}

export function keyDetails(key: KeyRecord): Partial<KeyRecord> {
  return pickInOrder(key, KEY_DETAILS_FIELDS);
}

/** describe-key: any key of the project, as KeyDetails shows it (no public model names its regions). */
export function describeKey(call: Call<KmsState>, projectId: string, keyId: string) {
  const key = call.state.keys[keyIndex(call.state.keys, projectId, keyId)];
  if (!key) throw kmsError('KMS.0207');
  call.about(key);
  return { key_info: keyDetails(key) };
}

const MAX_LIMIT = 1000;
/** Huawei's SDK documents list-keys without key_spec as listing AES_256 keys only; ALL lists every spec. */
const DEFAULT_KEY_SPEC = 'AES_256';
/** The regions list's page without limit, as Huawei's SDK documents it. */
const DEFAULT_REGIONS_LIMIT = 10;

/** list-keys: the project's keys in creation order, filtered, one page from `marker`. */
export function listKeys(state: KmsState, projectId: string, req: ListKeysRequest) {
  const limit = req.limit === undefined ? undefined : Number(req.limit);
  if (limit !== undefined && (limit < 1 || limit > MAX_LIMIT)) throw kmsError('KMS.0308');
  const spec = req.key_spec ?? DEFAULT_KEY_SPEC;
  const matching = state.keys.filter(
    (k) =>
      k.project_id === projectId &&
      (req.key_state === undefined || k.key_state === req.key_state) &&
      (spec === 'ALL' || k.key_spec === spec),
  );
  const start = req.marker === undefined ? 0 : Number(req.marker);
  if (start > matching.length) throw kmsError('KMS.0308');
  const page = matching.slice(start, limit === undefined ? undefined : start + limit);
  const end = start + page.length;
  const truncated = end < matching.length;
  return {
    keys: page.map((k) => k.key_id),
    key_details: page.map(keyDetails),
    next_marker: truncated ? String(end) : '',
    truncated: String(truncated),
    total: matching.length,
  };
}

/** The regions a key can be replicated to, a page of them. */
export function supportedRegions(state: KmsState, query: Record<string, unknown>) {
  const limit = Number(query.limit ?? DEFAULT_REGIONS_LIMIT);
  const offset = Number(query.offset ?? 0);
  return { regions: state.regions.slice(offset, offset + limit).map((r) => r.region) };
}
