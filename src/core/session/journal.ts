import type { IncomingHttpHeaders } from 'node:http';
import type { JournalBudget, Trimmable } from './journal-budget';
import type { Violation } from '../documents/ajv-pointers';
import { maskHeaders } from '../documents/secrets';

export { JournalBudget } from './journal-budget';

/** How an answer came about when the mock's own logic did not give it (coverage and metrics count by these). */
export const FORCED = ['fixture', 'prefer', 'fault', 'recorded'] as const;
export type Forced = (typeof FORCED)[number];

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
  /** As parsed; the first characters of its JSON text when `bodyTruncated`; null when none was sent. */
  body: unknown;
  bodyTruncated: boolean;
  status: number | null;
  responseBody: unknown;
  responseBodyTruncated: boolean;
  durationMs: number;
  /** Why the answer was not the service's own: a Prefer header, an injected fault, a fixture marker or a scenario's recorded answer. */
  forced: Forced | null;
  /** The network fault the client saw instead of an answer. */
  networkFault: string | null;
  /** With a provider behind the mock (--proxy): where the call or its answer differs from the document. */
  violations: Violation[];
}

export interface JournalFilter {
  api?: string;
  operationId?: string;
  method?: string;
  status?: number;
  since?: string;
  /** true: only the calls with violations; false: only those without. */
  violations?: boolean;
}


/**
 * What the journal keeps of a call while it waits to be read: the texts of its bodies (what
 * they cost is what they weigh) and references to the request's headers and query. An entry
 * is only turned into a JournalEntry (bodies parsed, masked headers, a time stamp) when read.
 */
export interface JournalRecord {
  at: number;
  api: string;
  operationId: string | null;
  method: string;
  path: string;
  query: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  /** The content type the client sent (the mock may have put its own in the headers). */
  contentType: string | undefined;
  /** The body's text as sent, or its first characters when `bodyTruncated`; none when no body was read. */
  bodyText: string | undefined;
  bodyTruncated: boolean;
  status: number | null;
  /** The answer's text, or its first characters when `responseBodyTruncated`; none when no body went out. */
  responseText: string | undefined;
  responseBodyTruncated: boolean;
  durationMs: number;
  forced: JournalEntry['forced'];
  networkFault: string | null;
  violations: Violation[] | undefined;
  /** What the entry holds, counted against the byte budget. */
  bytes: number;
}

type Slot = JournalRecord & { id: number };

/** A page of entries, and where the next one starts when there are more. */
export interface JournalPage {
  requests: JournalEntry[];
  next: string | null;
}

/**
 * The calls one session received, oldest first: at most `limit` of them, and within the byte
 * budget all sessions share (which drops the oldest entries of any session first).
 */
export class Journal implements Trimmable {
  /** Entries that dropped out are cleared at once, so nothing they held stays alive. */
  private slots: Array<Slot | undefined> = [];
  /** Where the oldest entry still held sits in `slots`. */
  private head = 0;
  private nextId = 1;

  constructor(
    private readonly limit: number,
    private readonly budget: JournalBudget,
    private readonly credentials: ReadonlySet<string>,
  ) {}

  add(record: JournalRecord): void {
    // The record is made for the journal alone: it becomes the entry, with no copy.
    const slot = record as Slot;
    slot.id = this.nextId++;
    this.slots.push(slot);
    if (this.slots.length - this.head > this.limit) this.dropOldest();
    this.budget.add(record.bytes, this);
  }

  get size(): number {
    return this.slots.length - this.head;
  }

  oldestAt(): number {
    return this.slots[this.head]?.at ?? Infinity;
  }

  dropOldest(): void {
    const slot = this.slots[this.head];
    if (!slot) return;
    this.slots[this.head] = undefined;
    this.head += 1;
    this.budget.release(slot.bytes, this, this.head === this.slots.length);
    if (this.head > 1024 && this.head * 2 > this.slots.length) {
      this.slots = this.slots.slice(this.head);
      this.head = 0;
    }
  }

  private held(): Slot[] {
    return this.slots.slice(this.head) as Slot[];
  }

  /** Every matching entry, for the in-process API. */
  find(filter: JournalFilter = {}): JournalEntry[] {
    return this.held().filter(matcher(filter)).map((slot) => this.entryOf(slot));
  }

  /** At most `limit` matching entries after the entry `after` names (an id), oldest first. */
  page(filter: JournalFilter, limit: number, after?: number): JournalPage {
    const matches = matcher(filter);
    const out: Slot[] = [];
    let index = this.firstAfter(after ?? 0);
    const slots = this.slots as Slot[];
    for (; index < slots.length && out.length < limit; index++) {
      if (matches(slots[index])) out.push(slots[index]);
    }
    let more = false;
    for (; out.length === limit && !more && index < slots.length; index++) more = matches(slots[index]);
    return { requests: out.map((slot) => this.entryOf(slot)), next: more ? String(out[out.length - 1].id) : null };
  }

  /** Where the first entry with an id above `id` sits: ids grow along the journal. */
  private firstAfter(id: number): number {
    let low = this.head;
    let high = this.slots.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.slots[mid] as Slot).id <= id) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** How many entries match, without building them. */
  count(filter: JournalFilter = {}): number {
    const matches = matcher(filter);
    let count = 0;
    for (let i = this.head; i < this.slots.length; i++) if (matches(this.slots[i] as Slot)) count += 1;
    return count;
  }

  /** Empties the journal; after a reset, ids start from 1 again, as in a fresh session. */
  clear(options: { restartIds?: boolean } = {}): void {
    let bytes = 0;
    for (let i = this.head; i < this.slots.length; i++) bytes += (this.slots[i] as Slot).bytes;
    this.budget.release(bytes, this, true);
    this.slots = [];
    this.head = 0;
    if (options.restartIds) this.nextId = 1;
  }

  /** Holds nothing and has given no id yet: as a fresh session's journal. */
  get pristine(): boolean {
    return this.nextId === 1;
  }

  /** Request headers as the journal shows them: one string each, credentials replaced by a mask. */
  private headersOf(slot: Slot): Record<string, string> {
    const out = maskHeaders(slot.headers, this.credentials);
    delete out['content-type'];
    if (slot.contentType !== undefined) out['content-type'] = slot.contentType;
    return out;
  }

  private entryOf(slot: Slot): JournalEntry {
    return {
      id: slot.id,
      time: new Date(slot.at).toISOString(),
      api: slot.api,
      operationId: slot.operationId,
      method: slot.method,
      path: slot.path,
      query: { ...slot.query },
      requestHeaders: this.headersOf(slot),
      body: parsed(slot.bodyText, slot.bodyTruncated),
      bodyTruncated: slot.bodyTruncated,
      responseBody: parsed(slot.responseText, slot.responseBodyTruncated),
      responseBodyTruncated: slot.responseBodyTruncated,
      status: slot.status,
      durationMs: slot.durationMs,
      forced: slot.forced,
      networkFault: slot.networkFault,
      violations: slot.violations ?? [],
    };
  }
}

/** A kept text as the journal shows it: parsed when whole, as it is when cut (or not JSON after all). */
function parsed(text: string | undefined, truncated: boolean): unknown {
  if (text === undefined) return null;
  if (truncated) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
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
    (filter.violations === undefined || (e.violations?.length ?? 0) > 0 === filter.violations) &&
    (since === undefined || e.at >= since);
}
