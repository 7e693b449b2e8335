import { MockError } from '../core/errors';
import type { FaultSpec } from '../core/faults';
import { RecordError } from '../core/fixtures';
import type { JournalFilter } from '../core/journal';
import type { Call, OperationHandler } from '../core/pack';
import type { StateData } from '../core/store';
import { checkWholeState, type ApiEntry } from '../core/catalog';
import { checkFault } from './fault-rules';

type AdminCall = Call<unknown>;
type Handler = OperationHandler<unknown>;

const ok = (body: unknown, status = 200) => ({ status, body });
const done = (call: AdminCall, status: 'reset' | 'cleared' | 'removed') => ok({ status, session: call.session.name });

function journalFilter(query: Record<string, unknown>): JournalFilter {
  const text = (name: string) => (typeof query[name] === 'string' ? (query[name] as string) : undefined);
  const status = query.status === undefined ? undefined : Number(query.status);
  return { api: text('api'), operationId: text('operationId'), method: text('method'), status, since: text('since') };
}

/** The admin operations, by the operationId the admin document gives them. */
export interface AdminFacts {
  version: string;
  validateResponses: boolean;
}

export function adminHandlers(apis: ApiEntry[], faultFields: string[], facts: AdminFacts): Record<string, Handler> {
  const handler = (handle: Handler['handle']): Handler => ({ writes: false, handle });
  return {
    health: handler(() => ok({ status: 'ok', ...facts })),
    reset: handler(async (call) => {
      await call.session.reset();
      return done(call, 'reset');
    }),
    getState: handler((call) => ok(call.session.store.data)),
    replaceState: handler(async (call) => {
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
    findRequests: handler((call) => ok({ requests: call.session.journal.find(journalFilter(call.query)) })),
    countRequests: handler((call) => ok({ count: call.session.journal.count(journalFilter(call.query)) })),
    clearRequests: handler((call) => {
      call.session.journal.clear();
      return done(call, 'cleared');
    }),
    listFaults: handler((call) => ok({ faults: call.session.faults.list() })),
    addFault: handler((call) => {
      const spec = call.body as FaultSpec;
      checkFault(spec, faultFields, apis);
      return ok(call.session.faults.add(spec), 201);
    }),
    clearFaults: handler((call) => {
      call.session.faults.clear();
      return done(call, 'cleared');
    }),
    removeFault: handler((call) => {
      if (!call.session.faults.remove(call.params.id)) {
        throw new MockError(404, 'not_found', `No fault ${call.params.id} in session ${call.session.name}`);
      }
      return done(call, 'removed');
    }),
  };
}
