import { Low, Memory } from 'lowdb';
import { JSONFile } from 'lowdb/node';

export type PackState = Record<string, unknown[]>;
export type StateData = Record<string, PackState>;

/** Where a store keeps its state beyond memory, and what that file held at start-up. */
export interface Persistence {
  file: string;
  initial: StateData;
}

/**
 * The mock's state in lowdb: in memory by default, or in a JSON file that lowdb writes
 * atomically (a temporary file renamed over the old one). Changes are applied in place and
 * then written; a failed write is undone so that a refused or failed request changes nothing.
 */
export class Store {
  private readonly db: Low<StateData>;

  constructor(
    private readonly seed: StateData,
    persistence?: Persistence,
  ) {
    const adapter = persistence ? new JSONFile<StateData>(persistence.file) : new Memory<StateData>();
    this.db = new Low<StateData>(adapter, structuredClone(persistence?.initial ?? seed));
  }

  get data(): StateData {
    return this.db.data;
  }

  slice<S>(pack: string): S {
    return this.db.data[pack] as S;
  }

  async commit(apply: () => () => void): Promise<void> {
    const undo = apply();
    try {
      await this.db.write();
    } catch (err) {
      undo();
      throw err;
    }
  }

  /** Puts a whole new state in place of the old one (already checked by the caller). */
  async replace(data: StateData): Promise<void> {
    const previous = this.db.data;
    this.db.data = data;
    try {
      await this.db.write();
    } catch (err) {
      this.db.data = previous;
      throw err;
    }
  }

  /** Back to the fixtures the store was opened with. */
  async reset(): Promise<void> {
    this.db.data = structuredClone(this.seed);
    await this.db.write();
  }
}

/** Replaces one record in a single step, returning how to put the old one back. */
export function replaceAt<T>(list: T[], index: number, next: T): () => void {
  const previous = list[index];
  list[index] = next;
  return () => {
    list[index] = previous;
  };
}
