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

/** Where a recorded answer is kept for look-up: its operation and path parameters, which a call must match exactly. */
const placeOf = (api: string, operationId: string, params: Record<string, string>) => JSON.stringify([api, operationId, Object.entries(params).sort(([a], [b]) => (a < b ? -1 : 1))]);

/**
 * A session's recorded answers, kept by operation and path parameters as well: a call looks
 * only at those of its own place, so a recording of thousands of answers costs a call no more
 * than a few.
 */
export class RecordedAnswers {
  private readonly byPlace = new Map<string, RecordedAnswer[]>();

  constructor(readonly list: readonly RecordedAnswer[] = []) {
    for (const answer of list) {
      const key = placeOf(answer.api, answer.operationId, answer.params);
      const same = this.byPlace.get(key);
      if (same) same.push(answer);
      else this.byPlace.set(key, [answer]);
    }
  }

  get size(): number {
    return this.list.length;
  }

  /** The recorded answers the call matches, in the order recorded: its operation, path parameters, and query and body when the recording names them. */
  matching(target: RecordedTarget): RecordedAnswer[] {
    return matches(this.byPlace.get(placeOf(target.api, target.operationId, target.params)) ?? [], target);
  }
}

function matches(candidates: readonly RecordedAnswer[], target: RecordedTarget): RecordedAnswer[] {
  let digest: string | undefined;
  return candidates.filter((r) => {
    if (r.query !== undefined && !sameEntries(target.query, r.query)) return false;
    if (r.bodyDigest === undefined) return true;
    digest ??= bodyDigest(target.body ?? Buffer.alloc(0));
    return r.bodyDigest === digest;
  });
}
