import { join } from 'node:path';
import { MockError } from '../core/errors';
import type { VendorPack } from '../core/respond/pack';
import { SPEC_DIR } from '../core/documents/paths';
import { SpecDocument } from '../core/documents/spec';
import type { ApiEntry } from '../core/state/catalog';
import type { CoverageBook } from '../core/record/coverage';
import { adminEnvelope } from './envelope';
import { checkCaller, type CallerRules } from './caller-guard';
import { adminHandlers, type AdminFacts, type AdminLimits } from './handlers';
import { scenarioHandlers } from './scenario-handlers';
import type { Scenarios } from '../scenarios/setup';

export const ADMIN_SPEC = join(SPEC_DIR, 'admin.openapi.yaml');

/** The admin API as a pack of its own: validated like the vendors, but without fixtures or controls. */
export interface AdminAccess {
  token?: string;
  enabled: boolean;
  callers: CallerRules;
}

/** Health stays served whatever the access settings (container health checks need it); its document marks it open. */
const HEALTH = '/__admin/health';

export function adminPack(apis: ApiEntry[], spec: SpecDocument, facts: AdminFacts, access: AdminAccess, limits: AdminLimits, coverage: CoverageBook, known: Scenarios): VendorPack<unknown> {
  return {
    name: 'admin',
    specFile: ADMIN_SPEC,
    owns: (path) => path === HEALTH || (access.enabled && (path === '/__admin' || path.startsWith('/__admin/'))),
    controlled: false,
    unknownQuery: 'refuse',
    fixtures: {} as VendorPack<unknown>['fixtures'],
    envelope: adminEnvelope,
    authenticate: (call) => {
      checkCaller(call.headers, access.callers);
      if (access.token === undefined || !call.operation.secured) return undefined;
      if (call.headers['x-admin-token'] !== access.token) {
        throw new MockError(401, 'unauthorized', 'This admin route needs the admin token in X-Admin-Token');
      }
      return undefined;
    },
    handlers: { ...adminHandlers(apis, spec.propertyNames('FaultSpec'), facts, limits, coverage), ...scenarioHandlers(known.library, known.context) },
  };
}
