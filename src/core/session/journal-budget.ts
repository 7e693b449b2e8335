/** A journal as the budget sees it: what it holds and when its oldest entry came. */
export interface Trimmable {
  /** When the oldest entry held arrived (ms); Infinity when it holds none. */
  oldestAt(): number;
  /** Lets its oldest entry go, giving its bytes back. */
  dropOldest(): void;
  /** How many entries it holds. */
  readonly size: number;
}

/**
 * One byte budget for the journals of every session, so that many sessions cannot multiply
 * it: when the entries held pass `maxBytes`, the oldest entries, whatever their session, drop
 * out first. Only sizes are kept here (a count, and the journals that hold something), so
 * recording a call costs an addition; the search for the oldest entry runs only when the
 * budget is full, over the journals that hold entries.
 */
export class JournalBudget {
  private readonly holding = new Set<Trimmable>();
  used = 0;

  constructor(readonly maxBytes: number) {}

  add(bytes: number, journal: Trimmable): void {
    this.used += bytes;
    this.holding.add(journal);
    while (this.used > this.maxBytes) {
      let oldest: Trimmable | undefined;
      let at = Infinity;
      for (const candidate of this.holding) {
        const since = candidate.oldestAt();
        if (since < at) [oldest, at] = [candidate, since];
      }
      // An entry larger than the whole budget stays alone rather than emptying every journal.
      if (!oldest || (oldest === journal && journal.size === 1)) break;
      oldest.dropOldest();
    }
  }

  /** Entries held by every journal together (for the metrics; walks only the journals holding some). */
  get entries(): number {
    let n = 0;
    for (const journal of this.holding) n += journal.size;
    return n;
  }

  /** Bytes a journal let go of (the budget's call, its entry limit, a clear). */
  release(bytes: number, journal: Trimmable, empty: boolean): void {
    this.used -= bytes;
    if (empty) this.holding.delete(journal);
  }
}
