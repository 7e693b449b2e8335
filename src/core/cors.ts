import type { RequestHandler } from 'express';

/**
 * Lets a frontend on another origin (a dev server on another port) call the mock. Only
 * requests that carry an Origin get the headers, so other clients see the vendors' answers
 * unchanged; a preflight is answered here, before any vendor route, and is not journalled.
 */
export const cors: RequestHandler = (req, res, next) => {
  const origin = req.headers.origin;
  if (origin === undefined) return next();
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Expose-Headers', 'X-Request-Id, WWW-Authenticate');
  if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) return next();
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
  res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? 'Authorization, X-Auth-Token, Content-Type, Prefer, X-Mock-Session');
  res.setHeader('Access-Control-Max-Age', '600');
  res.status(204).end();
};
