import type { OperationTable } from '../core/operations';
import type { PackState } from '../core/store';

/** What the admin API knows of each vendor API: its operations, and how to check a state for it. */
export interface ApiEntry {
  name: string;
  operations: OperationTable;
  /** Throws a RecordError naming the collection, record and field a state breaks. */
  checkState(raw: unknown): PackState;
}
