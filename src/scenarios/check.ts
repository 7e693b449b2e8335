import { ajvDifferences } from '../core/documents/ajv-pointers';
import { MockError } from '../core/errors';
import type { RecordedAnswer } from '../core/session/recorded';
import { checkFault, checkFaultSize } from '../admin/fault-rules';
import { stateFromChanges } from './changes';
import { ScenarioProblem, type Scenario, type ScenarioContext, type SessionStart } from './scenario';

/**
 * A scenario checked whole, and what it gives a session: its shape against the admin
 * document, its records against the vendors', its faults as POST /__admin/faults checks them,
 * its recorded answers against the operations they answer. The first problem refuses it all.
 */
export function prepareScenario(raw: unknown, source: string, context: ScenarioContext): SessionStart {
  if (!context.validate(raw)) {
    const [first] = ajvDifferences(context.validate.errors, '');
    throw new ScenarioProblem(source, first?.pointer ?? '', first?.message ?? 'is not a scenario');
  }
  const scenario = raw as Scenario;
  const faults = (scenario.faults ?? []).map(({ matched = 0, fired = 0, ...spec }, index) => {
    try {
      checkFault(spec, context.faultFields, context.apis);
      checkFaultSize(spec, context.faultBytes);
    } catch (err) {
      if (err instanceof MockError) throw new ScenarioProblem(source, `/faults/${index}`, err.message);
      throw err;
    }
    return { spec, used: { matched, fired } };
  });
  if (faults.length > context.maxFaults) {
    throw new ScenarioProblem(source, '/faults', `holds ${faults.length} faults; a session holds at most ${context.maxFaults} (--max-faults)`);
  }
  if (scenario.latency && scenario.latency.min > scenario.latency.max) throw new ScenarioProblem(source, '/latency/min', 'must not be above max');
  const recorded = scenario.recorded ?? [];
  recorded.forEach((answer, index) => checkRecorded(answer, `/recorded/${index}`, source, context));
  const state = stateFromChanges(context.seed, scenario.apis ?? {}, context.apis, source);
  return { name: scenario.name, state, faults, latency: scenario.latency, recorded };
}

/** A recorded answer is one its operation documents: a known API and operation, a listed status, a body its schema allows. */
function checkRecorded(answer: RecordedAnswer, pointer: string, source: string, context: ScenarioContext): void {
  const fail = (where: string, problem: string) => new ScenarioProblem(source, `${pointer}${where}`, problem);
  const api = context.apis.find((a) => a.name === answer.api);
  if (!api) throw fail('/api', `is not an API the mock serves (${context.apis.map((a) => a.name).join(', ')})`);
  const operation = api.operations.byId.get(answer.operationId);
  if (!operation) throw fail('/operationId', `is not an operation of ${api.name}`);
  const documented = operation.responses.get(answer.status);
  if (!documented) throw fail('/status', `${answer.status} is not a status ${operation.operationId} documents (${[...operation.responses.keys()].join(', ')})`);
  const validate = documented.validator();
  if (!validate || answer.body === null) return;
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    throw fail('/body', 'is not JSON, which the document gives for this status');
  }
  if (!validate(body)) {
    const [first] = ajvDifferences(validate.errors, '');
    throw fail('/body', `does not match the document at ${first?.pointer || '/'}: ${first?.message ?? 'invalid'}`);
  }
}
