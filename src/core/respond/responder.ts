// respond/: how an answer is made. What a pack provides, its handlers and its envelope (pack.ts),
// and the responder that checks an answer against its document, renders it in the envelope and
// writes it (responder.ts). It comes before control/ because a forced answer goes out through it.
// May import: errors.ts, documents/, state/, session/, arrival/. Never control/, record/ or pipeline/.

import type { Response } from 'express';
import { exchangeOf } from '../arrival/exchange';
import { MockError, type Problem } from '../errors';
import type { Operation } from '../documents/operations';
import type { Envelope, Reply } from './pack';
import { describeAjvErrors } from '../documents/spec';

/**
 * The last step of every vendor answer: checks it against the operation's document and
 * sends it. An answer the document does not allow is the mock's own bug; it is replaced by
 * a 500 that says so, which a test cannot mistake for the vendor's answer.
 */
export class Responder {
  constructor(
    private readonly envelope: Envelope,
    private readonly validate: boolean,
  ) {}

  /** A problem in the vendor's terms; the mock's own failures are logged, as their cause is not in the body. */
  fail(problem: Problem): MockError {
    if (problem.kind === 'internal') console.error(`regionmock: ${problem.detail}`);
    const error = this.envelope.fromProblem(problem);
    if (problem.kind === 'no-method') error.headers ??= { Allow: problem.allowed.join(', ') };
    if (problem.kind === 'mock-usage') error.aboutTheMock = true;
    if (problem.kind === 'internal') error.mockFailure = true;
    return error;
  }

  render(error: MockError): Reply {
    const { body, headers, contentType } = this.envelope.render(error);
    return { status: error.status, body, contentType, headers: error.headers ? { ...headers, ...error.headers } : headers, aboutTheMock: error.aboutTheMock, mockFailure: error.mockFailure };
  }

  /**
   * The document's own example for a status of the operation, with the headers it fixes. In a
   * success, fields named like a path parameter carry the caller's value, so a forced 200 is
   * about the record that was asked for.
   */
  documented(operation: Operation, status: number, params: Record<string, string> = {}): Reply {
    const response = operation.responses.get(status);
    if (!response || response.example === undefined) {
      return this.internal(`${operation.operationId} documents no example body for status ${status}`);
    }
    const body = structuredClone(response.example);
    if (status < 300 && body && typeof body === 'object' && !Array.isArray(body)) {
      for (const [name, value] of Object.entries(params)) if (name in body) (body as Record<string, unknown>)[name] = value;
    }
    return { status, body, headers: response.headers };
  }

  /** Written straight to Node's response: Express's json() and send() measured as a cost here. */
  send(res: Response, operation: Operation | undefined, reply: Reply): void {
    this.repeatRequestId(res, reply);
    const checked = this.validate && operation && !reply.aboutTheMock ? this.check(operation, reply) : reply;
    if (checked.aboutTheMock || checked.mockFailure) exchangeOf(res).mockOwn = true;
    if (checked.headers) res.set(checked.headers);
    res.statusCode = checked.status;
    const text = checked.status === 204 ? undefined : checked.contentType ? String(checked.body) : JSON.stringify(checked.body);
    if (text === undefined) return void res.end();
    exchangeOf(res).responseText = text;
    res.setHeader('Content-Type', checked.contentType ?? this.envelope.jsonContentType ?? 'application/json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(text));
    res.end(text);
  }

  /** The id was given at arrival (request-id.ts); no document fixes a value for the header that could replace it. */
  private repeatRequestId(res: Response, reply: Reply): void {
    const field = this.envelope.requestIdField;
    if (field === undefined || reply.status < 400 || !isRecord(reply.body) || !(field in reply.body)) return;
    reply.body[field] = res.getHeader('X-Request-Id');
  }

  private check(operation: Operation, reply: Reply): Reply {
    const response = operation.responses.get(reply.status);
    if (!response) return this.internal(`${operation.operationId} answered ${reply.status}, a status its document does not list`);
    const validate = response.validator();
    if (validate && !validate(reply.body)) {
      return this.internal(`${operation.operationId} answered ${reply.status} with a body its document does not allow: ${describeAjvErrors(validate)}`);
    }
    return reply;
  }

  private internal(detail: string): Reply {
    return this.render(this.fail({ kind: 'internal', detail: `regionmock bug: ${detail}` }));
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
