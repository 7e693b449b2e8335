import { randomUUID } from 'node:crypto';
import type { Response } from 'express';

/** Every answer carries an X-Request-Id in KMS's form (32 lowercase hex characters). */
export function stampRequestId(res: Response): void {
  res.setHeader('X-Request-Id', randomUUID().replace(/-/g, ''));
}
