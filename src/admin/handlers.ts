import { MockError } from '../core/errors';
import type { FaultSpec } from '../core/session/faults';
import { RecordError } from '../core/state/fixtures';
import type { JournalFilter } from '../core/session/journal';
import type { Call, OperationHandler } from '../core/respond/pack';
import type { StateData } from '../core/state/store';
import { checkWholeState, type ApiEntry } from '../core/state/catalog';
import type { CoverageBook } from '../core/record/coverage';
import type { CallMetrics } from '../core/record/metrics';
import type { Readiness } from '../core/arrival/readiness';
import { checkFault, checkFaultSize } from '../core/session/fault-rules';

type AdminCall = Call<unknown>;
type Handler = OperationHandler<unknown>;

const ok = (body: unknown, status = 200) => ({ status, body });
const done = (call: AdminCall, status: 'reset' | 'cleared' | 'removed') => ok({ status, session: call.session.name });

/** How many entries a page holds when the caller does not say (the document gives the same default). */
export const DEFAULT_PAGE = 100;

function journalFilter(query: Record<string, unknown>): JournalFilter {
  const text = (name: string) => (typeof query[name] === 'string' ? (query[name] as string) : undefined);
  const status = query.status === undefined ? undefined : Number(query.status);
  const violations = query.violations === undefined ? undefined : query.violations === true || query.violations === 'true';
  return { api: text('api'), operationId: text('operationId'), method: text('method'), status, since: text('since'), violations };
}

/** A page's size and where it starts; the document has already checked both. */
function paging(query: Record<string, unknown>): { limit: number; after: number } {
  return { limit: query.limit === undefined ? DEFAULT_PAGE : Number(query.limit), after: query.cursor === undefined ? 0 : Number(query.cursor) };
}

export interface AdminFacts {
  version: string;
  validateResponses: boolean;
}

/** What the probes and the metrics read of the running app. */
export interface Serving {
  readiness: Readiness;
  /** None with --metrics off. */
  metrics: CallMetrics | undefined;
}

export interface AdminLimits {
  /** Largest fault, in bytes of its JSON. */
  faultBytes: number;
}

/** The admin operations, by the operationId the admin document gives them. */
export function adminHandlers(apis: ApiEntry[], faultFields: string[], facts: AdminFacts, limits: AdminLimits, coverage: CoverageBook, serving: Serving): Record<string, Handler> {
  /** The session a coverage call is about: `?session=` (a name, or * for all), else the caller's. */
  const coverageOf = (call: AdminCall) => (typeof call.query.session === 'string' ? call.query.session : call.session.name);
  const reads = (handle: Handler['handle']): Handler => ({ writes: false, handle });
  const changes = (handle: Handler['handle']): Handler => ({ writes: true, handle });
  return {
    health: { writes: false, inTurn: false, handle: () => ok({ status: 'ok', ...facts }) },
    ready: { writes: false, inTurn: false, handle: () => (serving.readiness.ready ? ok({ status: 'ready' }) : ok({ status: 'draining' }, 503)) },
    metrics: {
      writes: false,
      inTurn: false,
      handle: async () => {
        if (!serving.metrics) throw new MockError(404, 'not_found', 'Metrics are off (--metrics off)');
        return { status: 200, body: await serving.metrics.text(), contentType: serving.metrics.contentType };
      },
    },
    reset: changes(async (call) => {
      await call.session.reset();
      return done(call, 'reset');
    }),
    getState: reads((call) => ok(call.session.store.data)),
    replaceState: changes(async (call) => {
      let next: StateData;
      try {
        next = checkWholeState(apis, call.body);
      } catch (err) {
        if (err instanceof RecordError) throw new MockError(400, 'invalid_state', err.message);
        throw err;
      }
      await call.session.store.replace(structuredClone(next));
      return ok(call.session.store.data);
    }),
    findRequests: reads((call) => {
      const { limit, after } = paging(call.query);
      return ok(call.session.journal.page(journalFilter(call.query), limit, after));
    }),
    countRequests: reads((call) => ok({ count: call.session.journal.count(journalFilter(call.query)) })),
    clearRequests: changes((call) => {
      call.session.journal.clear();
      return done(call, 'cleared');
    }),
    listFaults: reads((call) => {
      const { limit, after } = paging(call.query);
      return ok(call.session.faults.page(limit, after));
    }),
    addFault: changes((call) => {
      const spec = call.body as FaultSpec;
      checkFault(spec, faultFields, apis);
      checkFaultSize(spec, limits.faultBytes);
      const faults = call.session.faults;
      if (faults.full) {
        throw new MockError(400, 'too_many_faults', `Session ${call.session.name} already holds ${faults.max} faults (--max-faults); remove some first`);
      }
      const fault = faults.add(spec);
      // This answer's own connection must not be reused either (see NetworkGate): the page that
      // added a network fault is the one about to see it.
      return fault.network === undefined ? ok(fault, 201) : { ...ok(fault, 201), headers: { Connection: 'close' } };
    }),
    getCoverage: reads((call) => ok(coverage.report(apis, coverageOf(call)))),
    clearCoverage: changes((call) => {
      coverage.clear(coverageOf(call));
      return done(call, 'cleared');
    }),
    clearFaults: changes((call) => {
      call.session.faults.clear();
      return done(call, 'cleared');
    }),
    removeFault: changes((call) => {
      if (!call.session.faults.remove(call.params.id)) {
        throw new MockError(404, 'not_found', `No fault ${call.params.id} in session ${call.session.name}`);
      }
      return done(call, 'removed');
    }),
  };
}
