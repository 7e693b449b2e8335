// record/: what is kept of calls, read-side only: the journal's entry per call
// (exchange-journal.ts), coverage (coverage.ts), the log line (request-log.ts, stdout-sink.ts,
// line-batcher.ts) and JUnit reports (junit.ts). Nothing here changes an answer.
// May import: errors.ts, documents/, state/, session/, arrival/, respond/, control/. Never pipeline/.

import type { Request, Response } from 'express';
import { exchangeOf, whenOver } from '../arrival/exchange';
import type { CoverageBook } from './coverage';
import type { CallMetrics } from './metrics';
import type { Session } from '../session/session';
import { scrubbed, type SecretFields } from '../documents/secrets';

/** What an entry costs besides its texts, roughly: its fields and their objects. */
const ENTRY_OVERHEAD = 256;

/**
 * A body's text as the journal keeps it: its secrets masked (before it is cut, so that a cut
 * never leaves half a secret), whole up to `max` characters, else its first `max`.
 */
function kept(sent: string | undefined, max: number, secrets: SecretFields, contentType: string | undefined, found: string[]): { text: string | undefined; truncated: boolean } {
  if (sent === undefined) return { text: sent, truncated: false };
  const masked = secrets.maskText(sent, contentType);
  found.push(...masked.found);
  const text = masked.text;
  if (text.length <= max) return { text, truncated: false };
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
 * credentials are masked when the journal is read), and everything kept is counted. The
 * fields the API's document marks secret are masked here, whoever answered (the mock, a
 * fixture, a provider), and so are their values wherever a violation's message quotes them.
 */
export function recordExchange(req: Request, res: Response, session: Session, api: string, operationId: string | null, maxBody: number, coverage: CoverageBook, secrets: SecretFields, metrics?: CallMetrics): void {
  const at = Date.now();
  const journal = session.journal;
  metrics?.started();
  whenOver(req, res, (outcome) => {
    const { answered, status, durationMs, forced, networkFault } = outcome;
    const { nothingSent, contentTypeSent, requestText, responseText, violations, mockOwn } = exchangeOf(res);
    metrics?.record(api, operationId, outcome, mockOwn);
    if (answered && operationId !== null && status !== null && !mockOwn) coverage.record(session.name, api, operationId, status, forced ?? 'natural');
    const found: string[] = [];
    const sentType = req.headers['content-type'];
    // A body the parser refused (too large, malformed) was never read: there is none to keep.
    const request = kept(nothingSent || req.body === undefined ? undefined : requestText, maxBody, secrets, sentType, found);
    // An answer to HEAD carries no body on the wire, so none is recorded.
    const response = kept(answered && req.method !== 'HEAD' ? responseText : undefined, maxBody, secrets, String(res.getHeader('content-type') ?? ''), found);
    const shown = found.length > 0 && violations ? violations.map((v) => ({ ...v, message: scrubbed(v.message, found) })) : violations;
    journal.add({
      at,
      api,
      operationId,
      method: req.method,
      path: req.path,
      query: secrets.maskQuery(req.query as Record<string, unknown>),
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
      violations: shown,
      bytes: ENTRY_OVERHEAD + req.url.length * 2 + headerBytes(req) + (request.text?.length ?? 0) + (response.text?.length ?? 0) + (shown ? JSON.stringify(shown).length : 0),
    });
  });
}
