import type { Request, Response } from 'express';
import { isOwnAdminPath } from './admin-paths';

export interface CorsSettings {
  /** Origins, besides the mock's own, whose pages may call the admin API. */
  adminOrigins: ReadonlySet<string>;
  /** What a preflight that names no headers may send: the credential headers, and the mock's own. */
  credentialHeaders: ReadonlySet<string>;
}

/**
 * Lets a frontend on another origin (a dev server on another port) call the vendor APIs. Only
 * requests that carry an Origin get the headers, so other clients see the vendors' answers
 * unchanged; a preflight is answered here, before any route, and is not journalled. The
 * admin API gets them only for the origins allowed with --admin-origins: any other page's
 * preflight is refused, and without the headers its browser keeps the answers from it.
 */
export function cors(settings: CorsSettings): (req: Request, res: Response, next: () => void) => void {
  const allowedHeaders = ['content-type', 'prefer', 'x-mock-session', ...settings.credentialHeaders].join(', ');
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin === undefined) return next();
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    if (isOwnAdminPath(req.path) && !settings.adminOrigins.has(origin.toLowerCase())) {
      if (!preflight) return next();
      res.statusCode = 403;
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      return void res.end(JSON.stringify({ error: 'forbidden', message: `The admin API does not answer pages from ${origin.slice(0, 100)}; allow it with --admin-origins` }));
    }
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Expose-Headers', 'X-Request-Id, WWW-Authenticate');
    if (!preflight) return next();
    res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST, PUT, PATCH, DELETE');
    res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? allowedHeaders);
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
  };
}
