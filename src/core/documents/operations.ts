import type { ValidateFunction } from 'ajv';
import { escapePointer, type SpecDocument } from './spec';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

type HeaderObject = { schema?: { enum?: unknown[] }; example?: unknown };
type ResponseObject = {
  content?: Record<string, { schema?: unknown; example?: unknown }>;
  headers?: Record<string, HeaderObject | { $ref: string }>;
};
type ParameterObject = { name: string; in: string };
type RequestBodyObject = { content?: Record<string, { schema?: unknown }> };
type OperationObject = { operationId?: string; security?: unknown[]; requestBody?: unknown; parameters?: Array<ParameterObject | { $ref: string }>; responses?: Record<string, ResponseObject | { $ref: string }> };

/** A documented status of one operation: its schema and the document's example body. */
export interface DocumentedResponse {
  status: number;
  /** The body's validator, compiled on first use: most statuses of most operations are never answered in a run. */
  validator(): ValidateFunction | undefined;
  example: unknown;
  /** Headers the document fixes for this status (an example or a single allowed value). */
  headers: Record<string, string>;
  /** Every header the document declares for this status, lower-case. */
  declaredHeaders: string[];
}

export interface Operation {
  operationId: string;
  method: string;
  pathTemplate: string;
  /** The names of its path parameters, in the template's order. */
  pathParams: string[];
  /** Whether the document gives it a request body; a body sent to one without is not read. */
  takesBody: boolean;
  /** The schema of its JSON request body (possibly a $ref), for a pack that reads bodies itself. */
  requestSchema?: unknown;
  /** The query parameters the document lists for it. */
  queryParams: Set<string>;
  /** Whether the document asks for credentials (`security: []` on the operation says not). */
  secured: boolean;
  responses: Map<number, DocumentedResponse>;
}

export type RouteMatch =
  | { kind: 'operation'; operation: Operation; params: Record<string, string>; undecodable: string[] }
  | { kind: 'no-method'; allowed: string[] }
  | { kind: 'no-route' };

interface CompiledPath {
  regex: RegExp;
  names: string[];
  byMethod: Map<string, Operation>;
}

/**
 * The operations of one document, compiled at start-up: path templates become regular
 * expressions and every documented response gets its validator, so a request costs a
 * regex scan and a map look-up.
 */
export class OperationTable {
  private readonly paths: CompiledPath[] = [];
  readonly byId = new Map<string, Operation>();

  constructor(spec: SpecDocument) {
    for (const [template, item] of Object.entries(spec.doc.paths)) {
      const names: string[] = [];
      const source = template
        .split(/(\{[^}]+\})/)
        .map((part) => {
          const m = /^\{(.+)\}$/.exec(part);
          if (!m) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
          names.push(m[1]);
          return '([^/]+)';
        })
        .join('');
      const byMethod = new Map<string, Operation>();
      for (const method of METHODS) {
        const op = item[method] as OperationObject | undefined;
        if (!op) continue;
        if (!op.operationId) throw new Error(`${spec.file}: ${method.toUpperCase()} ${template} has no operationId`);
        const operation: Operation = {
          operationId: op.operationId,
          method: method.toUpperCase(),
          pathTemplate: template,
          pathParams: names,
          takesBody: op.requestBody !== undefined,
          requestSchema: op.requestBody === undefined ? undefined : spec.resolve<RequestBodyObject>(op.requestBody as RequestBodyObject).content?.['application/json']?.schema,
          secured: (op.security ?? (spec.doc.security as unknown[] | undefined) ?? []).length > 0,
          queryParams: new Set(
            [...((item.parameters as OperationObject['parameters']) ?? []), ...(op.parameters ?? [])]
              .map((p) => spec.resolve<ParameterObject>(p))
              .filter((p) => p.in === 'query')
              .map((p) => p.name),
          ),
          responses: compileResponses(spec, template, method, op),
        };
        byMethod.set(operation.method, operation);
        this.byId.set(operation.operationId, operation);
      }
      this.paths.push({ regex: new RegExp(`^${source}/?$`), names, byMethod });
    }
  }

  match(method: string, path: string): RouteMatch {
    for (const p of this.paths) {
      const m = p.regex.exec(path);
      if (!m) continue;
      // HEAD is GET without the body, wherever GET is served (RFC 9110 9.3.2).
      const operation = p.byMethod.get(method) ?? (method === 'HEAD' ? p.byMethod.get('GET') : undefined);
      if (!operation) return { kind: 'no-method', allowed: allowedMethods(p.byMethod) };
      const params: Record<string, string> = {};
      const undecodable: string[] = [];
      p.names.forEach((name, i) => {
        try {
          params[name] = decodeURIComponent(m[i + 1]);
        } catch {
          params[name] = m[i + 1];
          undecodable.push(name);
        }
      });
      return { kind: 'operation', operation, params, undecodable };
    }
    return { kind: 'no-route' };
  }

  /** Every status any operation documents: what a fixture may ask to be answered with. */
  documentedStatuses(): Set<number> {
    const all = new Set<number>();
    for (const op of this.byId.values()) for (const s of op.responses.keys()) all.add(s);
    return all;
  }
}

/** What stands for the operation of a request whose path has no operation for its method. */
export function unroutedOperation(method: string, path: string): Operation {
  return { operationId: '', method, pathTemplate: path, pathParams: [], takesBody: false, queryParams: new Set(), secured: true, responses: new Map() };
}

/** What a 405's Allow header lists: the documented methods, and HEAD beside GET. */
function allowedMethods(byMethod: Map<string, Operation>): string[] {
  const methods = [...byMethod.keys()];
  return byMethod.has('GET') && !byMethod.has('HEAD') ? [...methods, 'HEAD'] : methods;
}

function compileResponses(spec: SpecDocument, template: string, method: string, op: OperationObject) {
  const out = new Map<number, DocumentedResponse>();
  for (const [code, ref] of Object.entries(op.responses ?? {})) {
    const status = Number(code);
    if (!Number.isInteger(status)) continue;
    const response = spec.resolve<ResponseObject>(ref);
    const json = response.content?.['application/json'];
    const pointer = ['', 'paths', escapePointer(template), method, 'responses', code].join('/');
    // The schema is compiled through its place in the document so that a $ref'd response works too.
    const schemaPointer = '$ref' in (ref as object) ? `${(ref as { $ref: string }).$ref.slice(1)}/content/application~1json/schema` : `${pointer}/content/application~1json/schema`;
    let compiled: ValidateFunction | undefined;
    const validator = () => (json?.schema ? (compiled ??= spec.validator(schemaPointer)) : undefined);
    const declaredHeaders = Object.keys(response.headers ?? {}).map((name) => name.toLowerCase());
    out.set(status, { status, validator, example: json?.example, headers: fixedHeaders(spec, response), declaredHeaders });
  }
  return out;
}

function fixedHeaders(spec: SpecDocument, response: ResponseObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, ref] of Object.entries(response.headers ?? {})) {
    const header = spec.resolve<HeaderObject>(ref);
    const value = header.example ?? (header.schema?.enum?.length === 1 ? header.schema.enum[0] : undefined);
    if (value !== undefined) out[name] = String(value);
  }
  return out;
}
