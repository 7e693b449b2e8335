// scenarios/: how a session should start, kept as a file (a scenario): its records as changes
// from the fixtures, its faults, latency and recorded answers. Checked whole before anything
// is applied (check.ts), built from and into a state (changes.ts), taken from a session
// (snapshot.ts), found by name and applied in the session's turn (library.ts, setup.ts); a
// session begins with one through Session.begin (core/session/session.ts).

import type { ValidateFunction } from 'ajv';
import type { FaultSpec, DelayRange } from '../core/session/faults';
import type { RecordedAnswer } from '../core/session/recorded';
import type { ApiEntry } from '../core/state/catalog';
import type { StateData } from '../core/state/store';
import type { Beginning } from '../core/session/session';

/** One collection's differences from its fixtures: whole records added or changed, and the keys of those removed. */
export interface CollectionChanges {
  added?: Record<string, unknown>[];
  changed?: Record<string, unknown>[];
  removed?: unknown[];
}

export type ApiChanges = Record<string, Record<string, CollectionChanges>>;

export interface ScenarioFault extends FaultSpec {
  matched?: number;
  fired?: number;
}

/** A scenario as its file says it (the admin document's Scenario). */
export interface Scenario {
  name: string;
  description?: string;
  apis?: ApiChanges;
  faults?: ScenarioFault[];
  latency?: DelayRange;
  recorded?: RecordedAnswer[];
}

/** A scenario checked and built: what a session is given, all of it known to be good. */
export interface SessionStart extends Beginning {
  name: string;
  state: StateData;
}

/** What checking a scenario needs of the mock it is for. */
export interface ScenarioContext {
  apis: ApiEntry[];
  seed: StateData;
  /** The admin document's Scenario schema. */
  validate: ValidateFunction;
  faultFields: string[];
  maxFaults: number;
  faultBytes: number;
}

/** A scenario refused: where it came from, the JSON pointer of the problem in it, and what is wrong. */
export class ScenarioProblem extends Error {
  override name = 'ScenarioProblem';
  constructor(readonly source: string, readonly pointer: string, readonly problem: string) {
    super(`Scenario ${source} at ${pointer || '/'}: ${problem}; nothing of it was applied`);
  }
}
