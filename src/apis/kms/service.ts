import type { Call } from '../../core/respond/pack';
import { replacedAt } from '../../core/state/records';
import { keyIndex } from './queries';
import { kmsError } from './errors';
import type { KeyRecord, KmsState, ReplicateKeyRequest, UpdatePrimaryRegionRequest } from './types';

const ENABLED = '2';
const REFUSED_STATES: Record<string, 'KMS.0209' | 'KMS.0210'> = { '3': 'KMS.0209', '4': 'KMS.0210' };

/** KMS's rules for keys of one project. */
export class KeyService {
  constructor(private readonly call: Call<KmsState>) {}

  private get keys(): KeyRecord[] {
    return this.call.state.keys;
  }

  /** The index of a key of this project, in any state; a fixture marker answers instead. */
  private find(projectId: string, keyId: string): number {
    const index = keyIndex(this.keys, projectId, keyId);
    if (index < 0) throw kmsError('KMS.0207');
    return index;
  }

  /** A key of this project that may be used, or the error KMS gives for it. */
  private usableKey(projectId: string, keyId: string): number {
    const index = this.find(projectId, keyId);
    const key = this.keys[index];
    if (key.default_key_flag === '1') throw kmsError('KMS.0211');
    const refused = REFUSED_STATES[key.key_state];
    if (refused) throw kmsError(refused);
    if (key.key_state !== ENABLED) throw kmsError('KMS.0308');
    return index;
  }

  /** The key a change is asked for: the body must name the path's key, and the key must be usable. */
  private keyToChange(projectId: string, keyId: string, req: { key_id: string }): { index: number; key: KeyRecord } {
    if (req.key_id !== keyId) throw kmsError('KMS.0205');
    const index = this.usableKey(projectId, keyId);
    return { index, key: this.keys[index] };
  }

  async updatePrimaryRegion(projectId: string, keyId: string, req: UpdatePrimaryRegionRequest): Promise<KeyRecord> {
    const { index, key } = this.keyToChange(projectId, keyId, req);
    const wanted = req.primary_region;
    if (wanted !== key.primary_region && !key.replica_regions.includes(wanted)) throw kmsError('KMS.0308');
    this.call.about(key);
    if (wanted === key.primary_region) return key;
    const next: KeyRecord = {
      ...key,
      primary_region: wanted,
      replica_regions: [...key.replica_regions.filter((r) => r !== wanted), key.primary_region],
    };
    await this.call.commit({ keys: replacedAt(this.keys, index, next) });
    return next;
  }

  /** Adds a replica in a supported region that does not hold the key yet. */
  async replicate(projectId: string, keyId: string, req: ReplicateKeyRequest): Promise<KeyRecord> {
    const { index, key } = this.keyToChange(projectId, keyId, req);
    const region = req.replica_region;
    const supported = this.call.state.regions.some((r) => r.region === region);
    if (!supported || region === key.primary_region || key.replica_regions.includes(region)) throw kmsError('KMS.0308');
    this.call.about(key);
    const next: KeyRecord = { ...key, replica_regions: [...key.replica_regions, region] };
    await this.call.commit({ keys: replacedAt(this.keys, index, next) });
    return next;
  }
}
