import type { ApiEntry } from '../state/catalog';
import { DEFAULT_SESSION } from '../session/session';
import { FORCED } from '../session/journal';

/** How an answer came about: the mock's own logic, or one of the ways to force it. */
export const VIAS = ['natural', ...FORCED] as const;
export type Via = (typeof VIAS)[number];

/** Every session's buckets together, named so in `session` filters. */
export const ALL_SESSIONS = '*';
/** Where the counts of sessions let go to bound memory are kept, so that `*` still counts them. */
const EARLIER = '(earlier sessions)';

export interface StatusCoverage {
  status: number;
  count: number;
  via: Record<Via, number>;
  /** False for a status the operation's document does not list (the mock's own usage errors). */
  documented: boolean;
}

export interface CoverageReport {
  operations: Array<{ api: string; operationId: string; method: string; path: string; statuses: StatusCoverage[] }>;
  missing: Array<{ api: string; operationId: string; status: number }>;
  summary: { documented: number; seen: number; percent: number };
}

const keyOf = (api: string, operationId: string, status: number, via: Via) => `${api} ${operationId} ${status} ${via}`;

/**
 * Which documented outcomes the calls of each session got, and how, kept apart from the
 * journal: a suite that resets its session before each test, or sends more calls than the
 * journal keeps, still sees its whole run. Counts live until cleared (DELETE
 * /__admin/coverage). At most `maxBuckets` sessions are kept apart; beyond that the session
 * counted least recently is folded into one bucket that only `*` reports.
 */
export class CoverageBook {
  private readonly buckets = new Map<string, Map<string, number>>();

  constructor(private readonly maxBuckets: number) {}

  record(session: string, api: string, operationId: string, status: number, via: Via): void {
    let bucket = this.buckets.get(session);
    if (bucket) {
      // Most recently counted last, so the one folded away is the least recent.
      this.buckets.delete(session);
    } else {
      bucket = new Map();
      if (this.buckets.size - (this.buckets.has(EARLIER) ? 1 : 0) >= this.maxBuckets) this.foldOldest();
    }
    this.buckets.set(session, bucket);
    const key = keyOf(api, operationId, status, via);
    bucket.set(key, (bucket.get(key) ?? 0) + 1);
  }

  clear(session: string): void {
    if (session === ALL_SESSIONS) this.buckets.clear();
    else this.buckets.delete(session);
  }

  /** The report for one session, or for all of them with `*`, over the operations the APIs document. */
  report(apis: ApiEntry[], session: string): CoverageReport {
    const counts = new Map<string, number>();
    for (const [name, bucket] of this.buckets) {
      if (session !== ALL_SESSIONS && name !== session) continue;
      for (const [key, n] of bucket) counts.set(key, (counts.get(key) ?? 0) + n);
    }
    return buildReport(apis, counts);
  }

  private foldOldest(): void {
    // The default session is every caller's without a header: its counts are never folded away.
    const oldest = [...this.buckets.keys()].find((name) => name !== EARLIER && name !== DEFAULT_SESSION);
    if (oldest === undefined) return;
    const earlier = this.buckets.get(EARLIER) ?? new Map<string, number>();
    for (const [key, n] of this.buckets.get(oldest) as Map<string, number>) earlier.set(key, (earlier.get(key) ?? 0) + n);
    this.buckets.delete(oldest);
    this.buckets.set(EARLIER, earlier);
  }
}

function buildReport(apis: ApiEntry[], counts: Map<string, number>): CoverageReport {
  const report: CoverageReport = { operations: [], missing: [], summary: { documented: 0, seen: 0, percent: 100 } };
  for (const api of apis) {
    for (const op of api.operations.byId.values()) {
      const documented = [...op.responses.keys()];
      const seenStatuses = new Set<number>();
      for (const key of counts.keys()) {
        const [name, operationId, status] = key.split(' ');
        if (name === api.name && operationId === op.operationId) seenStatuses.add(Number(status));
      }
      const statuses = [...new Set([...documented, ...seenStatuses])].sort((a, b) => a - b).map((status) => {
        const via = Object.fromEntries(VIAS.map((v) => [v, counts.get(keyOf(api.name, op.operationId, status, v)) ?? 0])) as Record<Via, number>;
        const count = VIAS.reduce((sum, v) => sum + via[v], 0);
        return { status, count, via, documented: op.responses.has(status) };
      });
      for (const s of statuses) {
        if (!s.documented) continue;
        report.summary.documented += 1;
        if (s.count > 0) report.summary.seen += 1;
        else report.missing.push({ api: api.name, operationId: op.operationId, status: s.status });
      }
      report.operations.push({ api: api.name, operationId: op.operationId, method: op.method, path: op.pathTemplate, statuses });
    }
  }
  const { documented, seen } = report.summary;
  report.summary.percent = documented === 0 ? 100 : Math.round((1000 * seen) / documented) / 10;
  return report;
}
