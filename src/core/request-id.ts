import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

/** Every answer carries an X-Request-Id in KMS's form (32 lowercase hex characters). */
export const requestId: RequestHandler = (_req, res, next) => {
  res.setHeader('X-Request-Id', randomUUID().replace(/-/g, ''));
  next();
};
