import type { KmsState } from './types';

/** A key's regions must be ones KMS supports, its primary must not also be a replica. */
export function keyRegionRules(state: KmsState): string | undefined {
  const supported = new Set(state.regions.map((r) => r.region));
  for (const key of state.keys) {
    const where = `key ${key.key_id}`;
    if (key.replica_regions.includes(key.primary_region)) return `${where} lists its primary region ${key.primary_region} as a replica too`;
    const unknown = [key.primary_region, ...key.replica_regions].find((r) => !supported.has(r));
    if (unknown) return `${where} is in ${unknown}, which is not among the regions (kms.regions)`;
  }
  const tokens = new Set(state.tokens.map((t) => t.token));
  // Named by place: an access key's fields are credentials.
  const orphan = state.accessKeys.findIndex((k) => !tokens.has(k.token));
  if (orphan >= 0) return `access key ${orphan + 1} names a token that is not among the tokens (kms.tokens)`;
  return undefined;
}
