import type { OpenApiDocument } from '../core/documents/spec';

/**
 * Relative to where the page loads the document from (`<base>/__docs/specs/<name>.yaml`), this
 * is `<base>`: Try-it-out calls the server that served the page, on any host, port or path
 * prefix (a reverse proxy's), as OpenAPI resolves a relative server URL.
 */
const THIS_SERVER = { url: '../..', description: 'the regionmock that served this page' };

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

interface Operation {
  parameters?: unknown[];
  responses?: Record<string, unknown>;
}

/** The mock's own request headers, as parameters a QA person can fill in on the page. */
function mockHeaders(operation: Operation): object[] {
  const statuses = Object.keys(operation.responses ?? {}).filter((s) => /^\d{3}$/.test(s));
  return [
    {
      name: 'Prefer',
      in: 'header',
      required: false,
      description:
        'regionmock: answer with the document\'s example for this status instead of running the call (nothing changes). ' +
        '`delay=<ms>` holds any answer back; both may be combined by hand, e.g. `code=504, delay=1500`.',
      schema: { type: 'string', enum: [...statuses.map((s) => `code=${s}`), 'delay=2000'] },
      'x-mock-addition': true,
    },
    {
      name: 'X-Mock-Session',
      in: 'header',
      required: false,
      description: 'regionmock: the session (state, journal, faults) this call belongs to; `default` when absent.',
      schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,64}$' },
      'x-mock-addition': true,
    },
  ];
}

/**
 * A document as the docs page shows it: aimed at the server that served it and, for a vendor
 * API, with the mock's controls as optional header parameters of every operation. The
 * document the mock validates against is not touched.
 */
export function pageDocument(doc: OpenApiDocument, controlled: boolean): OpenApiDocument {
  const copy = structuredClone(doc) as OpenApiDocument & { servers?: unknown; paths?: Record<string, Record<string, Operation>> };
  copy.servers = [THIS_SERVER];
  if (!controlled) return copy;
  for (const item of Object.values(copy.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) operation.parameters = [...(operation.parameters ?? []), ...mockHeaders(operation)];
    }
  }
  return copy;
}
