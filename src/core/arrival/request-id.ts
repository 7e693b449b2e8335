import { randomUUID } from 'node:crypto';
import type { Response } from 'express';

/** The header, lower-case as Node reads it. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Every answer carries an X-Request-Id in KMS's form (32 lowercase hex characters). */
export function stampRequestId(res: Response): void {
  res.setHeader(REQUEST_ID_HEADER, randomUUID().replace(/-/g, ''));
}

/** What a recording keeps in place of a provider's request id: every replay gives its own. */
export const UNSET_REQUEST_ID = '0'.repeat(32);

/** An error body that repeats the call's request id in `field`, with `id` there; any other body as it is, byte for byte. */
export function withRequestId(text: string, status: number, field: string | undefined, id: string): string {
  if (field === undefined || status < 400 || !text.includes(`"${field}"`)) return text;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !(field in parsed)) return text;
    return JSON.stringify({ ...parsed, [field]: id });
  } catch {
    return text;
  }
}
