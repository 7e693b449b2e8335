import type { Request, Response } from 'express';
import { exchangeOutcome } from './control';
import { maskedHeaders, type Journal } from './journal';

/**
 * Adds one journal entry for the call once it is over, however it ends: answered, refused,
 * dropped by a network fault, or abandoned by the client. Exactly one entry per call.
 */
export function recordExchange(req: Request, res: Response, journal: Journal, api: string, operationId: string | null): void {
  const started = performance.now();
  const time = new Date().toISOString();
  let recorded = false;
  const record = () => {
    if (recorded) return;
    recorded = true;
    const { answered, ...outcome } = exchangeOutcome(res, started);
    journal.add({
      time,
      api,
      operationId,
      method: req.method,
      path: req.path,
      query: { ...(req.query as Record<string, unknown>) },
      requestHeaders: maskedHeaders(req.headers),
      body: req.body ?? null,
      responseBody: answered ? (res.locals.responseBody ?? null) : null,
      ...outcome,
    });
  };
  res.once('finish', record);
  res.once('close', record);
}
