/** An entry as the budget sees it: its size, and whether its journal still holds it. */
export interface Sized {
  bytes: number;
  alive: boolean;
}

/** A journal that can give up its oldest entry when the mock is over its byte budget. */
export interface Trimmable<T extends Sized> {
  dropOldest(entry: T): void;
}

/**
 * One byte budget for the journals of every session, so that many sessions cannot multiply
 * it: when the entries held pass `maxBytes`, the oldest entries, whatever their session, drop
 * out first. An entry its journal already let go (a clear, a reset, the entry limit) only
 * leaves the line here once it reaches the front, or when such entries are most of the line.
 */
export class JournalBudget<T extends Sized = Sized> {
  private line: Array<{ entry: T; journal: Trimmable<T> }> = [];
  private head = 0;
  private dead = 0;
  used = 0;

  constructor(readonly maxBytes: number) {}

  add(entry: T, journal: Trimmable<T>): void {
    this.line.push({ entry, journal });
    this.used += entry.bytes;
    while (this.used > this.maxBytes && this.head < this.line.length) {
      const oldest = this.line[this.head++];
      if (oldest.entry.alive) {
        oldest.journal.dropOldest(oldest.entry);
        this.forget(oldest.entry);
      }
      // It leaves the line, dead either way.
      this.dead -= 1;
    }
    this.compact();
  }

  /** An entry its journal let go of: its bytes are free at once. */
  forget(entry: T): void {
    if (!entry.alive) return;
    entry.alive = false;
    this.used -= entry.bytes;
    this.dead += 1;
  }

  private compact(): void {
    const length = this.line.length - this.head;
    if (this.head > 1024 || (this.dead > 1024 && this.dead > length / 2)) {
      // Every entry still in the line that is dead is dropped here; those before head were counted out already.
      this.line = this.line.slice(this.head).filter((item) => item.entry.alive);
      this.head = 0;
      this.dead = 0;
    }
  }
}
