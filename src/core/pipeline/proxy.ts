import type { Request, Response } from 'express';
import { ajvDifferences, type Violation } from '../documents/ajv-pointers';
import { exchangeOf } from '../arrival/exchange';
import type { Operation } from '../documents/operations';
import { isValidatorError, type RequestCheck } from '../documents/request-validator';

/** Headers of one connection (and Expect, which Node's fetch refuses to send): not passed through. */
const HOP = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade', 'proxy-connection', 'proxy-authorization', 'proxy-authenticate', 'te', 'trailer', 'expect', 'via']);
/** The mock's own headers, and its admin token: never sent to a provider. */
const MOCK_ONLY = new Set(['prefer', 'x-mock-session', 'x-admin-token']);
/** Answers that carry no body to check. */
const NO_BODY = new Set([204, 304]);

/** How long a provider has to answer, as a gateway would wait. */
const PROVIDER_TIMEOUT_MS = 60_000;

/** The provider could not be reached: the caller answers with the gateway's 502. */
export class ProviderUnreachable extends Error {}

async function requestViolations(req: Request, res: Response, validate: RequestCheck): Promise<Violation[]> {
  const problem = exchangeOf(res).bodyProblem;
  if (problem) return [{ in: 'request', pointer: '/body', message: problem.kind === 'malformed-body' ? 'is not JSON' : problem.kind }];
  try {
    await validate(req, res);
    return [];
  } catch (err) {
    if (!isValidatorError(err)) throw err;
    // The validator's paths are pointers already (/body/key_id); older ones were dotted (.body.key_id).
    const pointer = (path = '') => (path.startsWith('/') ? path : `/${path.replace(/^\./, '').replace(/\./g, '/')}`);
    return (err.errors ?? []).map((e) => ({ in: 'request' as const, pointer: pointer(e.path), message: e.message ?? 'does not match the document' }));
  }
}

function responseViolations(operation: Operation, status: number, text: string, head: boolean): Violation[] {
  const documented = operation.responses.get(status);
  if (!documented) return [{ in: 'response', pointer: '/status', message: `${status} is not a status ${operation.operationId} documents` }];
  const validate = documented.validator();
  if (!validate || head || NO_BODY.has(status)) return [];
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [{ in: 'response', pointer: '/body', message: 'is not JSON' }];
  }
  return validate(body) ? [] : ajvDifferences(validate.errors, '/body').map((d) => ({ in: 'response' as const, ...d }));
}

/**
 * Forwards a vendor call to the provider, checks the request and the answer against the
 * operation's document, keeps what differs on the call's exchange (the journal shows it), and
 * passes the provider's answer to the client unchanged.
 */
/** The provider's answer as it came, seen before the client gets it (for --record). */
export type AnswerWatcher = (answer: { status: number; headers: Headers; text: string; violations: Violation[] }) => void;

export async function forwardToProvider(provider: string, req: Request, res: Response, operation: Operation, validate: RequestCheck, watch?: AnswerWatcher): Promise<void> {
  const exchange = exchangeOf(res);
  const violations = await requestViolations(req, res, validate);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !HOP.has(name) && !MOCK_ONLY.has(name)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const body = exchange.nothingSent || req.method === 'GET' || req.method === 'HEAD' ? undefined : (exchange.requestBytes ? new Uint8Array(exchange.requestBytes) : exchange.requestText);
  let answer: globalThis.Response;
  try {
    // A provider that never answers would hold the session's line: it gets the time a gateway would give.
    answer = await fetch(`${provider}${req.originalUrl}`, { method: req.method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS) });
  } catch (err) {
    throw new ProviderUnreachable(`${provider} cannot be reached: ${(err as Error & { cause?: { code?: string } }).cause?.code ?? (err as Error).message}`);
  }
  const text = await answer.text();
  const head = req.method === 'HEAD';
  violations.push(...responseViolations(operation, answer.status, text, head));
  exchange.violations = violations;
  exchange.responseText = text;
  watch?.({ status: answer.status, headers: answer.headers, text, violations });
  res.statusCode = answer.status;
  // Node's fetch has decoded the body already: its encoding and length are the mock's to set.
  answer.headers.forEach((value, name) => {
    if (!HOP.has(name) && name !== 'content-encoding' && name !== 'set-cookie') res.setHeader(name, value);
  });
  const cookies = answer.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('Set-Cookie', cookies);
  if (head) return void res.end();
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}
