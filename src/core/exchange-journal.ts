import type { Request, Response } from 'express';
import { marks } from './control';
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
    const { forced, networkFault } = marks(res);
    const answered = res.writableFinished && !networkFault;
    journal.add({
      time,
      api,
      operationId,
      method: req.method,
      path: req.path,
      query: { ...(req.query as Record<string, unknown>) },
      requestHeaders: maskedHeaders(req.headers),
      body: req.body ?? null,
      status: answered ? res.statusCode : null,
      responseBody: answered ? (res.locals.responseBody ?? null) : null,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      forced: forced ?? null,
      networkFault: networkFault ?? null,
    });
  };
  res.once('finish', record);
  res.once('close', record);
}
