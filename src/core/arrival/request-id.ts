import { randomUUID } from 'node:crypto';
import type { Response } from 'express';

/** The header, lower-case as Node reads it. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Every answer carries an X-Request-Id in KMS's form (32 lowercase hex characters). */
export function stampRequestId(res: Response): void {
  res.setHeader(REQUEST_ID_HEADER, randomUUID().replace(/-/g, ''));
}
