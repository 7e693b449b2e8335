import type { Request, Response } from 'express';
import { marks, whenOver } from './exchange';
import type { Journal } from './journal';

/** What an entry costs besides its headers and bodies, roughly: its fields and their object. */
const ENTRY_OVERHEAD = 256;

/** A body as the journal keeps it: whole up to `max` characters of JSON, else the first `max` of them. */
function kept(body: unknown, bytes: number, max: number, text?: string): { body: unknown; truncated: boolean } {
  if (bytes <= max) return { body, truncated: false };
  // A slice of a string keeps the whole string alive in V8; a copy through a buffer does not.
  const beginning = Buffer.from((text ?? JSON.stringify(body) ?? '').slice(0, max)).toString();
  return { body: beginning, truncated: true };
}

/** How large the request body was as sent; a chunked body is measured by its parsed form. */
function requestBytes(req: Request): number {
  const length = req.headers['content-length'];
  if (length !== undefined) return Number(length) || 0;
  return req.body === undefined ? 0 : (JSON.stringify(req.body)?.length ?? 0);
}

function headerBytes(req: Request): number {
  let bytes = 0;
  for (const part of req.rawHeaders) bytes += part.length;
  return bytes;
}

/**
 * Adds one journal entry for the call once it is over, however it ends: answered, refused,
 * dropped by a network fault, or abandoned by the client. Exactly one entry per call. The
 * request's query, headers and body are kept by reference (nothing changes them once the call
 * is over; credentials are masked when the journal is read), unless a body is larger than
 * `maxBody` characters, when only its beginning is kept, marked as cut.
 */
export function recordExchange(req: Request, res: Response, journal: Journal, api: string, operationId: string | null, maxBody: number): void {
  const at = Date.now();
  whenOver(res, ({ answered, status, durationMs, forced, networkFault }) => {
    const { nothingSent = false, responseText } = marks(res);
    // A body the parser refused (too large, malformed) was never read: there is none to keep.
    const bodyBytes = nothingSent || req.body === undefined ? 0 : requestBytes(req);
    const request = bodyBytes === 0 ? { body: undefined, truncated: false } : kept(req.body, bodyBytes, maxBody);
    // An answer to HEAD carries no body on the wire, so none is recorded.
    const sentBody = answered && req.method !== 'HEAD';
    const responseBytes = sentBody ? (responseText?.length ?? 0) : 0;
    const response = sentBody ? kept(res.locals.responseBody, responseBytes, maxBody, responseText) : { body: undefined, truncated: false };
    journal.add({
      at,
      api,
      operationId,
      method: req.method,
      path: req.path,
      query: req.query as Record<string, unknown>,
      headers: req.headers,
      body: request.body,
      bodyTruncated: request.truncated,
      nothingSent,
      status,
      responseBody: response.body,
      responseBodyTruncated: response.truncated,
      durationMs,
      forced,
      networkFault,
      bytes: ENTRY_OVERHEAD + headerBytes(req) + Math.min(bodyBytes, maxBody) + Math.min(responseBytes, maxBody),
    });
  });
}
