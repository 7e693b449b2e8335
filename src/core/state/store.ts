// state/: a pack's records and where they are kept. The store (store.ts), the data file behind
// --data (data-file.ts) and its change log (change-log.ts), the fixtures and their checks
// (fixtures.ts), the catalog of APIs and their state checks (catalog.ts), and helpers for
// handlers' new lists (records.ts).
// May import: errors.ts, documents/. Never session/ or any later layer.

import { Low, Memory, type Adapter } from 'lowdb';

export type PackState = Record<string, unknown[]>;
export type StateData = Record<string, PackState>;

/** The data file could not be written: the change is refused and the state stays as it was. */
export class PersistError extends Error {
  override name = 'PersistError';
  constructor(cause: unknown) {
    // The file system's words name the file and the failure, never the state's content.
    super(`regionmock could not write its data file (${cause instanceof Error ? cause.message : String(cause)}); the change was not made`);
  }
}

/**
 * Freezes a value and everything in it, stopping at what is frozen already (shared, unchanged
 * parts). It walks by index and by key: an Object.values array per record made V8 double its
 * young generation while 10,000 regions and keys were frozen at start-up (+22 MB of RSS).
 */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) deepFreeze(value[i]);
  } else {
    const fields = value as Record<string, unknown>;
    for (const key in fields) if (Object.hasOwn(fields, key)) deepFreeze(fields[key]);
  }
  return value;
}

/**
 * The mock's state in lowdb, in memory or in a data file. A state is never changed in place:
 * each change builds the next state from the parts it replaces and shares the rest (the
 * states are frozen, so nothing can change one behind the store's back). The next state
 * becomes the current one only once it is written; when the write fails, the previous state,
 * which nothing touched, simply stays. Sessions that never wrote share the fixtures' state.
 */
export class Store {
  private readonly db: Low<StateData>;
  /** Writes that failed (PersistError) since the store was opened, for the metrics. */
  writeFailures = 0;

  constructor(
    private readonly seed: StateData,
    adapter: Adapter<StateData> = new Memory<StateData>(),
    initial: StateData = seed,
  ) {
    deepFreeze(seed);
    this.db = new Low<StateData>(adapter, deepFreeze(initial));
  }

  get data(): StateData {
    return this.db.data;
  }

  /** Whether the state is the fixtures' own, untouched: such a store holds nothing of its own. */
  get pristine(): boolean {
    return this.db.data === this.seed;
  }

  slice<S>(pack: string): S {
    return this.db.data[pack] as S;
  }

  /** Replaces some collections of one pack, each given whole (new lists; the old ones stay as they were). */
  commit(pack: string, changes: PackState): Promise<void> {
    const current = this.db.data;
    return this.put({ ...current, [pack]: { ...current[pack], ...changes } });
  }

  /** Puts a whole new state in place of the old one (already checked by the caller). */
  replace(data: StateData): Promise<void> {
    return this.put(data);
  }

  /** Back to the fixtures the store was opened with. */
  reset(): Promise<void> {
    return this.put(this.seed);
  }

  /** Leaves what the adapter keeps in its settled form (a data file folded whole), once the last write is done. */
  async settle(): Promise<void> {
    await (this.db.adapter as Adapter<StateData> & { settle?(): Promise<void> }).settle?.();
  }

  /**
   * The one way a state changes. Callers hold their session's write turn, so nothing reads
   * the next state before it is written, and no other change is under way.
   */
  private async put(next: StateData): Promise<void> {
    const previous = this.db.data;
    this.db.data = deepFreeze(next);
    try {
      await this.db.write();
    } catch (err) {
      this.db.data = previous;
      this.writeFailures += 1;
      throw new PersistError(err);
    }
  }
}
