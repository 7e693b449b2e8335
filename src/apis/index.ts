import type { MockOptions } from '../config';
import type { VendorPack } from '../core/respond/pack';
import { kmsPack } from './kms';
import { rainbondPack } from './rainbond';
import { rainbondVerify } from './rainbond/verify';
import { kmsVerify } from './kms/verify';
import type { VerifyPlan } from '../verify/plan';

/**
 * The vendor APIs the mock serves, in the order the admin API and the docs page list them.
 * A vendor is added here and in its own folder; nothing else names it. Each pack is kept
 * as `VendorPack<never>`: the list holds packs of different states, which only the pack
 * itself reads.
 */
export type PackFactory = (options: MockOptions) => VendorPack<never>;

export const VENDOR_PACKS: PackFactory[] = [
  (options) => rainbondPack({ manageToken: options.rainbondManageToken, release: options.rainbondRelease }) as VendorPack<never>,
  () => kmsPack() as VendorPack<never>,
];

/** What `regionmock verify` checks of each vendor's provider, in the order it checks them. */
export const VERIFY_PLANS: VerifyPlan[] = [rainbondVerify, kmsVerify];
