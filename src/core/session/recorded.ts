import { createHash } from 'node:crypto';

/** An answer a provider gave, kept in a scenario and played back to the call that matches it. */
export interface RecordedAnswer {
  api: string;
  operationId: string;
  params: Record<string, string>;
  /** When given, the call's query must be exactly this. */
  query?: Record<string, string>;
  /** When given, the request body must have this digest (`bodyDigest` below). */
  bodyDigest?: string;
  status: number;
  /** The answer's headers its document declares, and Content-Type. */
  headers: Record<string, string>;
  /** The body exactly as the provider sent it; null for none. */
  body: string | null;
}

/** What a recorded answer is matched against. */
export interface RecordedTarget {
  api: string;
  operationId: string;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: Buffer | undefined;
}

/** A request body's digest as recordings name it: the bytes as sent, not a parsed form, so that what matches is what was sent. */
export function bodyDigest(body: Buffer): string {
  return `sha256:${createHash('sha256').update(body).digest('hex')}`;
}

const sameEntries = (a: Record<string, unknown>, b: Record<string, string>) => {
  const keys = Object.keys(b);
  return Object.keys(a).length === keys.length && keys.every((k) => a[k] === b[k]);
};

/** The recorded answers the call matches, in the order recorded: its operation, path parameters, and query and body when the recording names them. */
export function findRecorded(recorded: readonly RecordedAnswer[], target: RecordedTarget): RecordedAnswer[] {
  let digest: string | undefined;
  return recorded.filter((r) => {
    if (r.api !== target.api || r.operationId !== target.operationId || !sameEntries(target.params, r.params)) return false;
    if (r.query !== undefined && !sameEntries(target.query, r.query)) return false;
    if (r.bodyDigest === undefined) return true;
    digest ??= bodyDigest(target.body ?? Buffer.alloc(0));
    return r.bodyDigest === digest;
  });
}
