import { RecordError, type RecordFault } from './fixtures';
import type { OperationTable } from '../documents/operations';
import type { PackState, StateData } from './store';

/** What the mock knows of each vendor API beyond its routes: its operations, and how to check a state for it. */
export interface ApiEntry {
  name: string;
  operations: OperationTable;
  /** The collections its state holds, in order (the admin document's State is built from them). */
  collections: string[];
  /** Throws a RecordError naming the collection, record and field a state breaks. */
  checkState(raw: unknown): PackState;
  /** Each collection's key field, as its fixtures name records. */
  keys: Record<string, string>;
  /** The collections whose key is a credential: messages never quote it. */
  secretCollections: ReadonlySet<string>;
  /** What is wrong with one record of a collection against its schemas, if anything. */
  checkRecord(collection: string, record: Record<string, unknown>): RecordFault | undefined;
}

/** A whole state (admin replacement, data file) checked vendor by vendor; any bad record refuses it all. */
export function checkWholeState(apis: ApiEntry[], raw: unknown): StateData {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new RecordError('Bad state', 'the whole', 'must be an object with one entry per vendor');
  const state = raw as Record<string, unknown>;
  const stray = Object.keys(state).find((name) => !apis.some((api) => api.name === name));
  if (stray) throw new RecordError('Bad state', stray, `is not a vendor the mock serves (${apis.map((a) => a.name).join(', ')})`);
  const missing = apis.find((api) => !state[api.name] || typeof state[api.name] !== 'object');
  if (missing) throw new RecordError('Bad state', missing.name, 'is missing: a state has one entry per vendor the mock serves, each with all its collections');
  return Object.fromEntries(apis.map((api) => [api.name, api.checkState(state[api.name])]));
}
