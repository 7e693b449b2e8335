import type { Session } from '../core/session/session';
import type { ApiEntry } from '../core/state/catalog';
import type { StateData } from '../core/state/store';
import { changesFromState } from './changes';
import type { Scenario } from './scenario';

/**
 * The session as it is now, as a scenario that applies back to it: its records as changes
 * from the fixtures, its faults in their order with the calls they have matched and answered
 * (so `after` and `times` go on where they were), its own latency and recorded answers.
 * The journal and coverage are what happened, not how a session starts: they are not in it.
 */
export function snapshotOf(session: Session, seed: StateData, apis: ApiEntry[], now = new Date()): Scenario {
  const faults = session.faults.list().map(({ id: _id, ...fault }) => fault);
  return {
    name: `snapshot-${session.name}`.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64),
    description: `Session ${session.name} as it was at ${now.toISOString()}`,
    apis: changesFromState(seed, session.store.data, apis),
    faults,
    ...(session.latency ? { latency: session.latency } : {}),
    recorded: [...session.recorded.list],
  };
}
