import { MockError } from '../errors';
import type { FaultSpec } from './faults';
import type { ApiEntry } from '../state/catalog';

const invalid = (message: string) => new MockError(400, 'invalid_request', message);

/** A fault takes at most `limit` bytes of JSON (--fault-bytes). */
export function checkFaultSize(spec: FaultSpec, limit: number): void {
  const bytes = JSON.stringify(spec).length;
  if (bytes > limit) throw new MockError(400, 'fault_too_large', `The fault is ${bytes} bytes of JSON; a fault may be at most ${limit} (--fault-bytes)`);
}

/**
 * What the admin document cannot say about a fault: the fields it may hold, one outcome, and
 * a status every operation it can match documents (so a fault never sends an answer the
 * vendor's document does not have).
 */
export function checkFault(spec: FaultSpec, fields: string[], apis: ApiEntry[]): void {
  const unknown = Object.keys(spec).filter((k) => !fields.includes(k));
  if (unknown.length) throw invalid(`Unknown field ${unknown.join(', ')}; a fault takes ${fields.join(', ')}`);
  if ((spec.status === undefined) === (spec.network === undefined)) {
    throw invalid('A fault answers with either status or network: give exactly one');
  }
  if ((spec.network === 'TIMEOUT') !== (spec.timeoutMs !== undefined)) {
    throw invalid('timeoutMs goes with network TIMEOUT, and TIMEOUT needs it');
  }
  if (spec.delayMs && spec.delayMs.min > spec.delayMs.max) throw invalid('delayMs.min must not be above delayMs.max');
  const candidates = apis
    .filter((api) => spec.api === undefined || api.name === spec.api)
    .flatMap((api) => [...api.operations.byId.values()])
    .filter((op) => spec.operationId === undefined || op.operationId === spec.operationId)
    .filter((op) => spec.method === undefined || op.method === spec.method.toUpperCase());
  if (candidates.length === 0) throw invalid('The fault matches no operation: check api, operationId and method');
  if (spec.status !== undefined) {
    const missing = candidates.filter((op) => !op.responses.has(spec.status as number)).map((op) => op.operationId);
    if (missing.length) {
      throw invalid(`Status ${spec.status} is not documented by ${missing.join(', ')}; narrow the fault with api or operationId, or pick a documented status`);
    }
  }
}
