import { MockError } from '../core/errors';
import type { Call, OperationHandler } from '../core/respond/pack';
import type { Session } from '../core/session/session';
import { prepareScenario } from '../scenarios/check';
import type { ScenarioLibrary } from '../scenarios/library';
import { ScenarioProblem, type ScenarioContext, type SessionStart } from '../scenarios/scenario';
import { snapshotOf } from '../scenarios/snapshot';

type Handler = OperationHandler<unknown>;

/** A refused scenario in the admin API's words, with where it came from and the pointer of the problem. */
export function scenarioRefusal(err: ScenarioProblem): MockError {
  return new MockError(400, 'invalid_scenario', err.message, { file: [err.source], pointer: [err.pointer || '/'] });
}

/** Applies a scenario to a session: the session is reset and given it, or, when the state cannot be written, left as it was. */
export async function applyTo(session: Session, start: SessionStart) {
  await session.begin(start);
  return { status: 200, body: { status: 'applied', session: session.name, scenario: start.name } };
}

/** The scenario operations of the admin API, by the operationId its document gives them. */
export function scenarioHandlers(library: ScenarioLibrary, context: ScenarioContext): Record<string, Handler> {
  const prepared = (raw: unknown, source: string) => {
    try {
      return prepareScenario(raw, source, context);
    } catch (err) {
      throw err instanceof ScenarioProblem ? scenarioRefusal(err) : err;
    }
  };
  return {
    listScenarios: {
      writes: false,
      handle: () => ({ status: 200, body: { scenarios: library.list().map(({ name, description, source, problem }) => ({ name, description, source, problem })) } }),
    },
    applyScenario: { writes: true, handle: (call: Call<unknown>) => applyTo(call.session, prepared(call.body, 'request body')) },
    applyScenarioByName: {
      writes: true,
      handle: (call: Call<unknown>) => {
        const entry = library.find(call.params.name);
        if (!entry) throw new MockError(404, 'not_found', `No scenario named ${call.params.name}; GET /__admin/scenarios lists them`);
        if (entry.outcome instanceof ScenarioProblem) throw scenarioRefusal(entry.outcome);
        return applyTo(call.session, entry.outcome);
      },
    },
    getSnapshot: { writes: false, handle: (call: Call<unknown>) => ({ status: 200, body: snapshotOf(call.session, context.seed, context.apis) }) },
  };
}
