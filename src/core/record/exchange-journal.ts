// record/: what is kept of calls, read-side only: the journal's entry per call
// (exchange-journal.ts), coverage (coverage.ts), the log line (request-log.ts, stdout-sink.ts,
// line-batcher.ts) and JUnit reports (junit.ts). Nothing here changes an answer.
// May import: errors.ts, documents/, state/, session/, arrival/, respond/, control/. Never pipeline/.

import type { Request, Response } from 'express';
import { exchangeOf, whenOver } from '../arrival/exchange';
import type { CoverageBook } from './coverage';
import type { CallMetrics } from './metrics';
import type { Session } from '../session/session';

/** What an entry costs besides its texts, roughly: its fields and their objects. */
const ENTRY_OVERHEAD = 256;

/** A body's text as the journal keeps it: whole up to `max` characters, else its first `max`. */
function kept(text: string | undefined, max: number): { text: string | undefined; truncated: boolean } {
  if (text === undefined || text.length <= max) return { text, truncated: false };
  // A slice of a string keeps the whole string alive in V8; a copy through a buffer does not.
  return { text: Buffer.from(text.slice(0, max)).toString(), truncated: true };
}

function headerBytes(req: Request): number {
  let bytes = 0;
  for (const part of req.rawHeaders) bytes += part.length;
  return bytes;
}

/**
 * Adds one journal entry for the call once it is over, however it ends: answered, refused,
 * dropped by a network fault, or abandoned by the client. Exactly one entry per call. Bodies
 * are kept as the text that was sent (cut to `maxBody` characters and marked, when longer),
 * the headers and query by reference (nothing changes them once the call is over;
 * credentials are masked when the journal is read), and everything kept is counted.
 */
export function recordExchange(req: Request, res: Response, session: Session, api: string, operationId: string | null, maxBody: number, coverage: CoverageBook, metrics?: CallMetrics): void {
  const at = Date.now();
  const journal = session.journal;
  metrics?.started();
  whenOver(req, res, (outcome) => {
    const { answered, status, durationMs, forced, networkFault } = outcome;
    const { nothingSent, contentTypeSent, requestText, responseText, violations, mockOwn } = exchangeOf(res);
    metrics?.record(api, operationId, outcome, mockOwn);
    if (answered && operationId !== null && status !== null && !mockOwn) coverage.record(session.name, api, operationId, status, forced ?? 'natural');
    // A body the parser refused (too large, malformed) was never read: there is none to keep.
    const request = kept(nothingSent || req.body === undefined ? undefined : requestText, maxBody);
    // An answer to HEAD carries no body on the wire, so none is recorded.
    const response = kept(answered && req.method !== 'HEAD' ? responseText : undefined, maxBody);
    journal.add({
      at,
      api,
      operationId,
      method: req.method,
      path: req.path,
      query: req.query as Record<string, unknown>,
      headers: req.headers,
      contentType: nothingSent ? contentTypeSent : req.headers['content-type'],
      bodyText: request.text,
      bodyTruncated: request.truncated,
      status,
      responseText: response.text,
      responseBodyTruncated: response.truncated,
      durationMs,
      forced,
      networkFault,
      violations,
      bytes: ENTRY_OVERHEAD + req.url.length * 2 + headerBytes(req) + (request.text?.length ?? 0) + (response.text?.length ?? 0) + (violations ? JSON.stringify(violations).length : 0),
    });
  });
}
