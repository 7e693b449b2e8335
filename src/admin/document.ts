import type { ApiEntry } from '../core/state/catalog';
import type { OpenApiDocument } from '../core/documents/spec';

type Node = Record<string, unknown>;

/** Walks to a node of the document by its keys; the admin document's own shape is known here. */
function at(doc: object, ...keys: string[]): Node {
  let node: unknown = doc;
  for (const key of keys) node = (node as Node)[key];
  return node as Node;
}

/**
 * Fills in what the admin document cannot know on disk: the vendor APIs the mock serves. Their
 * names become the `api` enums, the `State` schema gets one entry per API with one list per
 * collection, and the examples show them, so that a new pack needs no edit of the admin
 * document and `GET /__admin/state` validates for whatever packs are registered.
 */
export function completeAdminDocument(doc: OpenApiDocument, apis: ApiEntry[]): void {
  const names = apis.map((api) => api.name);
  const schemas = at(doc, 'components', 'schemas');
  at(doc, 'components', 'parameters', 'Api', 'schema').enum = names;
  at(schemas, 'FaultSpec', 'properties', 'api').enum = names;
  const state = at(schemas, 'State');
  state.required = names;
  state.properties = Object.fromEntries(
    apis.map((api) => [
      api.name,
      {
        type: 'object',
        additionalProperties: false,
        required: api.collections,
        properties: Object.fromEntries(api.collections.map((c) => [c, { type: 'array', items: { type: 'object' } }])),
      },
    ]),
  );
  const changes = { type: 'array', items: { type: 'object' } };
  at(schemas, 'Scenario', 'properties', 'apis').properties = Object.fromEntries(
    apis.map((api) => [
      api.name,
      {
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(
          api.collections.map((c) => [c, { type: 'object', additionalProperties: false, properties: { added: changes, changed: changes, removed: { type: 'array', description: `Keys (${api.keys[c]}) of fixture records that are gone.`, items: {} } } }]),
        ),
      },
    ]),
  );
  at(schemas, 'RecordedAnswer', 'properties', 'api').enum = names;
  const example = Object.fromEntries(apis.map((api) => [api.name, Object.fromEntries(api.collections.map((c) => [c, []]))]));
  const paths = at(doc, 'paths');
  for (const content of [
    at(paths, '/__admin/state', 'get', 'responses', '200', 'content', 'application/json'),
    at(paths, '/__admin/state', 'put', 'requestBody', 'content', 'application/json'),
    at(paths, '/__admin/state', 'put', 'responses', '200', 'content', 'application/json'),
  ]) {
    content.example = example;
  }
  const [api] = apis;
  const operationId = api ? [...api.operations.byId.keys()][0] : undefined;
  if (!api || !operationId) return;
  // A status the operation documents, the highest: usually a gateway's, the fault QA asks for most.
  const status = Math.max(...(api.operations.byId.get(operationId)?.responses.keys() ?? [500]));
  const fault = { api: api.name, operationId, status, after: 2, times: 1 };
  at(paths, '/__admin/faults', 'post', 'requestBody', 'content', 'application/json').example = fault;
  const added = at(paths, '/__admin/faults', 'post', 'responses', '201', 'content', 'application/json');
  added.example = { id: '8c1f6f0e-3b7a-4d2b-9a51-2f5f0c6d7e8a', ...fault, matched: 0, fired: 0 };
  const op = api.operations.byId.get(operationId);
  const counted = (s: number, count: number) => ({ status: s, count, via: { natural: count, fixture: 0, prefer: 0, fault: 0, recorded: 0 }, documented: true });
  at(paths, '/__admin/coverage', 'get', 'responses', '200', 'content', 'application/json').example = {
    operations: [{ api: api.name, operationId, method: op?.method, path: op?.pathTemplate, statuses: [counted(200, 3), counted(status, 0)] }],
    missing: [{ api: api.name, operationId, status }],
    summary: { documented: 2, seen: 1, percent: 50 },
  };
}
