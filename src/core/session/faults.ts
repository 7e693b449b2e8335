import { randomUUID } from 'node:crypto';
import type { NetworkGate } from './network-gate';

export const NETWORK_FAULTS = ['CONNECTION_RESET', 'EMPTY_RESPONSE', 'TIMEOUT'] as const;
export type NetworkFault = (typeof NETWORK_FAULTS)[number];

export interface DelayRange {
  min: number;
  max: number;
}

/** A fault as the admin API takes it (already checked against the admin document). */
export interface FaultSpec {
  api?: string;
  operationId?: string;
  method?: string;
  params?: Record<string, string>;
  token?: string;
  status?: number;
  network?: NetworkFault;
  /** TIMEOUT only: how long the request hangs before the connection is dropped. */
  timeoutMs?: number;
  delayMs?: DelayRange;
  times?: number;
  after?: number;
}

export interface Fault extends FaultSpec {
  id: string;
  /** Calls that matched, fired or not. */
  matched: number;
  /** Calls it answered. */
  fired: number;
}

/** What a fault is matched against. */
export interface FaultTarget {
  api: string;
  operationId: string;
  method: string;
  params: Record<string, string>;
  token: string | undefined;
}

function matches(fault: Fault, t: FaultTarget): boolean {
  return (
    (fault.api === undefined || fault.api === t.api) &&
    (fault.operationId === undefined || fault.operationId === t.operationId) &&
    (fault.method === undefined || fault.method.toUpperCase() === t.method) &&
    (fault.token === undefined || fault.token === t.token) &&
    Object.entries(fault.params ?? {}).every(([name, value]) => t.params[name] === value)
  );
}

/** A page of faults, and where the next one starts when there are more. */
export interface FaultPage {
  faults: Fault[];
  next: string | null;
}

/** A network fault that may still fire: the connections it will fail must be fresh ones (NetworkGate). */
function armed(fault: Fault): boolean {
  return fault.network !== undefined && (fault.times === undefined || fault.fired < fault.times);
}

/** The faults of one session, in the order they were added (at most `max`); the first that fires wins. */
export class FaultSet {
  private faults: Fault[] = [];
  /** Each fault's place in the order of adding, which a page's cursor names. */
  private readonly order = new WeakMap<Fault, number>();
  private added = 0;

  constructor(
    readonly max: number,
    private readonly gate?: NetworkGate,
  ) {}

  /** Whether another fault fits. */
  get full(): boolean {
    return this.faults.length >= this.max;
  }

  /** `used` carries on the counts of a fault saved in a snapshot. */
  add(spec: FaultSpec, used: { matched: number; fired: number } = { matched: 0, fired: 0 }): Fault {
    const fault: Fault = { ...spec, id: randomUUID(), matched: used.matched, fired: used.fired };
    this.order.set(fault, ++this.added);
    this.faults.push(fault);
    if (armed(fault)) this.gate?.arm();
    return fault;
  }

  list(): Fault[] {
    return this.faults;
  }

  /** At most `limit` faults added after the one `after` names (a place in the order of adding). */
  page(limit: number, after = 0): FaultPage {
    const rest = this.faults.filter((f) => (this.order.get(f) ?? 0) > after);
    const faults = rest.slice(0, limit);
    const last = faults.at(-1);
    return { faults, next: rest.length > limit && last ? String(this.order.get(last)) : null };
  }

  remove(id: string): boolean {
    const gone = this.faults.find((f) => f.id === id);
    if (!gone) return false;
    this.faults = this.faults.filter((f) => f !== gone);
    if (armed(gone)) this.gate?.disarm();
    return true;
  }

  clear(): void {
    this.gate?.disarm(this.faults.filter(armed).length);
    this.faults = [];
  }

  /**
   * A firing that does not count: the client will send the same call again on its own (a
   * browser resending over a fresh connection), and that is where the failure is seen.
   */
  refund(fault: Fault): void {
    if (fault.fired === 0) return;
    const wasArmed = armed(fault);
    fault.fired -= 1;
    if (!wasArmed && armed(fault)) this.gate?.arm();
  }

  /** Counts the call against every matching fault and returns the one that fires, if any. */
  take(target: FaultTarget): Fault | undefined {
    let firing: Fault | undefined;
    for (const fault of this.faults) {
      if (!matches(fault, target)) continue;
      fault.matched += 1;
      const letThrough = fault.matched <= (fault.after ?? 0);
      const spent = fault.times !== undefined && fault.fired >= fault.times;
      if (!firing && !letThrough && !spent) {
        fault.fired += 1;
        firing = fault;
        if (fault.network !== undefined && !armed(fault)) this.gate?.disarm();
      }
    }
    return firing;
  }
}
