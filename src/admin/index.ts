import { join } from 'node:path';
import { MockError } from '../core/errors';
import type { VendorPack } from '../core/respond/pack';
import { SPEC_DIR } from '../core/documents/paths';
import { SpecDocument } from '../core/documents/spec';
import type { ApiEntry } from '../core/state/catalog';
import type { CoverageBook } from '../core/record/coverage';
import { adminEnvelope } from './envelope';
import { checkCaller, type CallerRules } from './caller-guard';
import { adminHandlers, type AdminFacts, type AdminLimits, type Serving } from './handlers';
import { scenarioHandlers } from './scenario-handlers';
import type { Scenarios } from '../scenarios/setup';

export const ADMIN_SPEC = join(SPEC_DIR, 'admin.openapi.yaml');

/** The admin API as a pack of its own: validated like the vendors, but without fixtures or controls. */
export interface AdminAccess {
  token?: string;
  enabled: boolean;
  callers: CallerRules;
}

/** The probes stay served whatever the access settings (container health checks and balancers need them); their document marks them open. */
const PROBES = new Set(['/__admin/health', '/__admin/ready']);

export function adminPack(apis: ApiEntry[], spec: SpecDocument, facts: AdminFacts, access: AdminAccess, limits: AdminLimits, coverage: CoverageBook, serving: Serving, known: Scenarios): VendorPack<unknown> {
  return {
    name: 'admin',
    specFile: ADMIN_SPEC,
    owns: (path) => PROBES.has(path) || (access.enabled && (path === '/__admin' || path.startsWith('/__admin/'))),
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
    handlers: { ...adminHandlers(apis, spec.propertyNames('FaultSpec'), facts, limits, coverage, serving), ...scenarioHandlers(known.library, known.context) },
  };
}
