// src/core/errors.ts: the words every stage uses for what went wrong (a Problem, a MockError, a
// DocumentedAnswer). It imports nothing, and any folder of the core may import it.
// The core's layers, first to last: errors.ts, documents/, state/, session/, arrival/,
// respond/, control/, record/, pipeline/. A file imports only from its own layer or an earlier
// one, never from a later one. (setting-readers.ts, beside this file, is config's and imports nothing.)

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

/**
 * A failure already decided in a vendor's terms; only the pack's envelope turns it into a body.
 * It carries no stack trace: it is an answer on its way to the envelope, not a fault to debug,
 * and capturing a stack measured as a cost on every refused request.
 */
export class MockError extends Error {
  readonly status: number;
  readonly code: string | number | undefined;
  readonly details: Record<string, string[]>;
  /** Headers the answer must carry whatever the envelope renders (Allow on a 405). */
  headers: Record<string, string> | undefined;
  /**
   * The mock's own words about a misused control (Prefer, X-Mock-Session), not the vendor's:
   * it is not checked against the operation's document, which may list no 4xx for it.
   */
  aboutTheMock = false;
  /** The mock's own failure (a bug, a disk that failed), in the vendor's shape: not the vendor's outcome. */
  mockFailure = false;

  constructor(status: number, code: string | number | undefined, message: string, details: Record<string, string[]> = {}) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = 'MockError';
    this.status = status;
    this.code = code;
    this.details = details;
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
