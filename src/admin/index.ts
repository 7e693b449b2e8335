import { join } from 'node:path';
import type { VendorPack } from '../core/pack';
import { SPEC_DIR } from '../core/paths';
import { SpecDocument } from '../core/spec';
import type { ApiEntry } from '../core/catalog';
import { adminEnvelope } from './envelope';
import { adminHandlers, type AdminFacts } from './handlers';

export const ADMIN_SPEC = join(SPEC_DIR, 'admin.openapi.yaml');

/** The admin API as a pack of its own: validated like the vendors, but without fixtures or controls. */
export function adminPack(apis: ApiEntry[], spec: SpecDocument, facts: AdminFacts): VendorPack<unknown> {
  return {
    name: 'admin',
    specFile: ADMIN_SPEC,
    owns: (path) => path === '/__admin' || path.startsWith('/__admin/'),
    controlled: false,
    unknownQuery: 'refuse',
    fixtures: {} as VendorPack<unknown>['fixtures'],
    envelope: adminEnvelope,
    authenticate: () => undefined,
    handlers: adminHandlers(apis, spec.propertyNames('FaultSpec'), facts),
  };
}
