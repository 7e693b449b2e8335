import { ajvDifferences } from '../core/documents/ajv-pointers';
import { escapePointer } from '../core/documents/spec';
import { MockError } from '../core/errors';
import type { RecordedAnswer } from '../core/session/recorded';
import { checkFault, checkFaultSize } from '../core/session/fault-rules';
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
    if (fired > matched) throw new ScenarioProblem(source, `/faults/${index}/fired`, 'must not be above matched: a fault answers only calls it matched');
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

/** A header's name as HTTP has it, and a value that stays on its line. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** Headers that frame the message or the connection: the mock sets them for the body it sends. */
const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer']);

/**
 * A recorded answer is one its operation documents and the mock can send as it is: a known
 * API and operation, the operation's path parameters and query names, a listed status,
 * headers that are HTTP's, and where the document gives a JSON body, a JSON body it allows.
 */
function checkRecorded(answer: RecordedAnswer, pointer: string, source: string, context: ScenarioContext): void {
  const fail = (where: string, problem: string) => new ScenarioProblem(source, `${pointer}${where}`, problem);
  const api = context.apis.find((a) => a.name === answer.api);
  if (!api) throw fail('/api', `is not an API the mock serves (${context.apis.map((a) => a.name).join(', ')})`);
  const operation = api.operations.byId.get(answer.operationId);
  if (!operation) throw fail('/operationId', `is not an operation of ${api.name}`);
  const pathParams = [...operation.pathParams].sort();
  if (JSON.stringify(Object.keys(answer.params).sort()) !== JSON.stringify(pathParams)) {
    throw fail('/params', `must name exactly the path parameters of ${operation.operationId}: ${pathParams.join(', ') || 'none'}`);
  }
  const strayQuery = Object.keys(answer.query ?? {}).find((name) => !operation.queryParams.has(name));
  if (strayQuery !== undefined) throw fail(`/query/${escapePointer(strayQuery)}`, `is not a query parameter of ${operation.operationId}`);
  const documented = operation.responses.get(answer.status);
  if (!documented) throw fail('/status', `${answer.status} is not a status ${operation.operationId} documents (${[...operation.responses.keys()].join(', ')})`);
  for (const [name, value] of Object.entries(answer.headers)) {
    const where = `/headers/${escapePointer(name)}`;
    if (!HEADER_NAME.test(name)) throw fail(where, 'is not a header name');
    if (FRAMING.has(name.toLowerCase())) throw fail(where, 'frames the message; the mock sets it for the body it sends');
    if (!HEADER_VALUE.test(value)) throw fail(where, 'holds a character a header value may not (a line break, a control character)');
  }
  const validate = documented.validator();
  if (!validate) return;
  const type = Object.entries(answer.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  if (answer.body === null || !/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw fail(answer.body === null ? '/body' : '/headers', `${operation.operationId} answers ${answer.status} with a JSON body: give one, with a JSON content-type`);
  }
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
