/** One failing value of a request, in terms the core knows (no vendor wording). */
export interface FieldIssue {
  in: 'body' | 'path' | 'query' | 'headers';
  /** Dotted name of the failing field; '' for the body (or parameter set) as a whole. */
  field: string;
  /** The JSON Schema keyword that failed: required, pattern, maxLength, enum, type... */
  keyword: string;
  message: string;
  params: Record<string, unknown>;
  /** The value that failed, when the request had one there. */
  value?: unknown;
}

/** A failure already decided in a vendor's terms; only the pack's envelope turns it into a body. */
export class MockError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | number | undefined,
    message: string,
    readonly details: Record<string, string[]> = {},
  ) {
    super(message);
    this.name = 'MockError';
  }
}

/**
 * "Answer with what the document itself shows for this status": fixtures that always fail,
 * and later forced answers, must be indistinguishable from the document's own example.
 */
export class DocumentedAnswer extends Error {
  constructor(readonly status: number, reason: string) {
    super(reason);
    this.name = 'DocumentedAnswer';
  }
}

/** What the core finds wrong with a request before any vendor code runs. */
export type Problem =
  | { kind: 'no-route'; method: string; path: string }
  | { kind: 'no-method'; method: string; path: string; allowed: string[] }
  | { kind: 'malformed-body'; detail: string }
  | { kind: 'body-too-large'; limit: number }
  | { kind: 'unsupported-media-type'; contentType: string }
  | { kind: 'invalid'; issues: FieldIssue[]; operationId?: string }
  | { kind: 'internal'; detail: string }
  /** The mock's own controls (Prefer, X-Mock-Session) were used wrongly: say what the mock accepts. */
  | { kind: 'mock-usage'; detail: string };
