import type { Request, Response } from 'express';
import { whenOver } from './exchange';
import type { Journal } from './journal';

/**
 * Adds one journal entry for the call once it is over, however it ends: answered, refused,
 * dropped by a network fault, or abandoned by the client. Exactly one entry per call. The
 * request's query, headers and body are kept by reference: nothing changes them once the call
 * is over, and credentials are masked when the journal is read.
 */
export function recordExchange(req: Request, res: Response, journal: Journal, api: string, operationId: string | null): void {
  const at = Date.now();
  whenOver(res, ({ answered, status, durationMs, forced, networkFault }) => {
    journal.add({
      at,
      api,
      operationId,
      method: req.method,
      path: req.path,
      query: req.query as Record<string, unknown>,
      headers: req.headers,
      body: req.body,
      status,
      responseBody: answered ? res.locals.responseBody : undefined,
      durationMs,
      forced,
      networkFault,
    });
  });
}
