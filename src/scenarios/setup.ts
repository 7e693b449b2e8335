import { existsSync } from 'node:fs';
import type { SpecDocument } from '../core/documents/spec';
import { ConfigError } from '../core/setting-readers';
import type { ApiEntry } from '../core/state/catalog';
import type { Session } from '../core/session/session';
import type { StateData } from '../core/state/store';
import { prepareScenario } from './check';
import { readScenarioFile, ScenarioLibrary } from './library';
import { ScenarioProblem, type Scenario, type ScenarioContext, type SessionStart } from './scenario';

export interface ScenarioSettings {
  scenariosDir?: string;
  maxFaults: number;
  faultBytes: number;
}

/** What the mock knows of scenarios: how to check one, where to find them, and how to name one in process. */
export interface Scenarios {
  context: ScenarioContext;
  library: ScenarioLibrary;
  /** A scenario by name, file or as an object, checked; throws ScenarioProblem, or ConfigError for a name that is neither. */
  resolve(given: string | Scenario): SessionStart;
}

export function scenarios(apis: ApiEntry[], seed: StateData, adminSpec: SpecDocument, settings: ScenarioSettings): Scenarios {
  const context: ScenarioContext = {
    apis,
    seed,
    validate: adminSpec.componentSchema('Scenario'),
    faultFields: adminSpec.propertyNames('FaultSpec'),
    maxFaults: settings.maxFaults,
    faultBytes: settings.faultBytes,
  };
  const library = new ScenarioLibrary(context, settings.scenariosDir);
  const resolve = (given: string | Scenario): SessionStart => {
    if (typeof given !== 'string') return prepareScenario(given, 'the scenario given', context);
    const known = library.find(given);
    if (known) {
      if (known.outcome instanceof ScenarioProblem) throw known.outcome;
      return known.outcome;
    }
    if (existsSync(given)) return readScenarioFile(given, context);
    throw new ConfigError(`No scenario named ${given} and no such file; GET /__admin/scenarios lists the names the mock knows`);
  };
  return { context, library, resolve };
}

/**
 * The scenario to start the default session with, as a start-up error when it cannot be. A
 * data file that holds a state already would lose it to the scenario at the first write: the
 * two are not taken together.
 */
export function startingScenario(given: string | Scenario | undefined, known: Scenarios, keptIn?: string): SessionStart | undefined {
  if (given === undefined) return undefined;
  if (keptIn !== undefined) throw new ConfigError(`--scenario would replace the state kept in ${keptIn} (--data): give one of them, or remove the file to start it from the scenario`);
  try {
    return known.resolve(given);
  } catch (err) {
    if (err instanceof ScenarioProblem) throw new ConfigError(err.message);
    throw err;
  }
}

/** Resets a session and applies a scenario in the session's write turn, as the admin route does: no call of the session sees half of it. */
export async function applyInTurn(session: Session, start: SessionStart): Promise<void> {
  const turn = session.turns.enter('write');
  await turn.wait();
  try {
    await session.begin(start);
  } finally {
    turn.release();
  }
}
