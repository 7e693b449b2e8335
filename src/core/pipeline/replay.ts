import type { Request, Response } from 'express';
import { exchangeOf } from '../arrival/exchange';
import { REQUEST_ID_HEADER, withRequestId } from '../arrival/request-id';
import type { Call } from '../respond/pack';

/**
 * A scenario's recorded answer, when the call matches one: the provider's status, declared
 * headers and body as it sent them, with this call's own request id (the header, and the
 * envelope's field that repeats it in an error's body). It comes after the mock's controls,
 * so a fault or a Prefer header still wins, and before credentials: the answer is what the
 * provider gave, and a recording keeps no credential to check a call against.
 */
export function replayRecorded<S>(req: Request, res: Response, call: Call<S>, requestIdField: string | undefined): boolean {
  const { recorded } = call.session;
  if (recorded.size === 0) return false;
  const exchange = exchangeOf(res);
  const target = { api: exchange.arrival?.api ?? '', operationId: call.operation.operationId, params: call.params, query: req.query as Record<string, unknown>, body: exchange.sentBody };
  const answer = call.session.playRecorded(recorded.matching(target));
  if (!answer) return false;
  exchange.forced = 'recorded';
  res.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers)) if (name !== REQUEST_ID_HEADER) res.setHeader(name, value);
  const body = answer.body === null ? null : withRequestId(answer.body, answer.status, requestIdField, String(res.getHeader(REQUEST_ID_HEADER)));
  if (body === null || req.method === 'HEAD') {
    res.end();
    return true;
  }
  exchange.responseText = body;
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
  return true;
}
