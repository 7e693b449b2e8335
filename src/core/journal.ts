import type { IncomingHttpHeaders } from 'node:http';

/** What a vendor call was and how it ended; `status` is null when the mock answered nothing. */
export interface JournalEntry {
  id: number;
  time: string;
  api: string;
  operationId: string | null;
  method: string;
  path: string;
  query: Record<string, unknown>;
  requestHeaders: Record<string, string>;
  body: unknown;
  status: number | null;
  responseBody: unknown;
  durationMs: number;
  /** Why the answer was not the service's own: a Prefer header, an injected fault or a fixture marker. */
  forced: 'prefer' | 'fault' | 'fixture' | null;
  /** The network fault the client saw instead of an answer. */
  networkFault: string | null;
}

export interface JournalFilter {
  api?: string;
  operationId?: string;
  method?: string;
  status?: number;
  since?: string;
}

const CREDENTIAL_HEADERS = new Set(['authorization', 'x-auth-token', 'proxy-authorization', 'cookie', 'x-admin-token']);
export const MASK = '***';

/** Request headers as the journal keeps them: one string each, credentials replaced by a mask. */
export function maskedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = CREDENTIAL_HEADERS.has(name) ? MASK : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * What the journal keeps of a call while it waits to be read: references to what the request
 * and the answer already hold, so that recording costs no copies on the hot path. An entry is
 * only turned into a JournalEntry (masked headers, a time stamp) when it is read.
 */
export interface JournalRecord {
  at: number;
  api: string;
  operationId: string | null;
  method: string;
  path: string;
  query: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  body: unknown;
  status: number | null;
  /** The answer's body; none when nothing was answered. */
  responseBody: unknown;
  durationMs: number;
  forced: JournalEntry['forced'];
  networkFault: string | null;
}

type Slot = JournalRecord & { id: number };

/** The calls one session received, oldest first, at most `limit` of them: a ring, so adding is O(1) when full. */
export class Journal {
  private slots: Slot[] = [];
  /** Where the oldest entry sits once the ring is full. */
  private start = 0;
  private nextId = 1;

  constructor(private readonly limit: number) {}

  add(record: JournalRecord): void {
    const slot: Slot = { id: this.nextId++, ...record };
    if (this.slots.length < this.limit) {
      this.slots.push(slot);
      return;
    }
    this.slots[this.start] = slot;
    this.start = (this.start + 1) % this.limit;
  }

  private ordered(): Slot[] {
    return this.start === 0 ? this.slots : [...this.slots.slice(this.start), ...this.slots.slice(0, this.start)];
  }

  find(filter: JournalFilter = {}): JournalEntry[] {
    return this.ordered().filter(matcher(filter)).map(entryOf);
  }

  /** How many entries match, without building them. */
  count(filter: JournalFilter = {}): number {
    const matches = matcher(filter);
    let count = 0;
    for (const slot of this.slots) if (matches(slot)) count += 1;
    return count;
  }

  clear(): void {
    this.slots = [];
    this.start = 0;
  }
}

function matcher(filter: JournalFilter): (slot: Slot) => boolean {
  const since = filter.since === undefined ? undefined : Date.parse(filter.since);
  const method = filter.method?.toUpperCase();
  return (e) =>
    (filter.api === undefined || e.api === filter.api) &&
    (filter.operationId === undefined || e.operationId === filter.operationId) &&
    (method === undefined || e.method === method) &&
    (filter.status === undefined || e.status === filter.status) &&
    (since === undefined || e.at >= since);
}

function entryOf(slot: Slot): JournalEntry {
  return {
    id: slot.id,
    time: new Date(slot.at).toISOString(),
    api: slot.api,
    operationId: slot.operationId,
    method: slot.method,
    path: slot.path,
    query: { ...slot.query },
    requestHeaders: maskedHeaders(slot.headers),
    body: slot.body ?? null,
    responseBody: slot.responseBody ?? null,
    status: slot.status,
    durationMs: slot.durationMs,
    forced: slot.forced,
    networkFault: slot.networkFault,
  };
}
