import type { Request, Response } from 'express';
import { exchangeOutcome } from './control';
import type { Journal } from './journal';

/**
 * Adds one journal entry for the call once it is over, however it ends: answered, refused,
 * dropped by a network fault, or abandoned by the client. Exactly one entry per call. The
 * request's query, headers and body are kept by reference: nothing changes them once the call
 * is over, and credentials are masked when the journal is read.
 */
export function recordExchange(req: Request, res: Response, journal: Journal, api: string, operationId: string | null): void {
  const started = performance.now();
  const at = Date.now();
  // A response always ends with 'close', whether it was answered, dropped or abandoned.
  res.once('close', () => {
    const { answered, status, durationMs, forced, networkFault } = exchangeOutcome(res, started);
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
      responseText: answered ? (res.locals.responseText as string | undefined) : undefined,
      durationMs,
      forced,
      networkFault,
    });
  });
}
