import { existsSync } from 'node:fs';
import type { SpecDocument } from '../core/documents/spec';
import { ConfigError } from '../core/setting-readers';
import type { ApiEntry } from '../core/state/catalog';
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

/** The scenario to start the default session with, as a start-up error when it cannot be. */
export function startingScenario(given: string | Scenario | undefined, known: Scenarios): SessionStart | undefined {
  if (given === undefined) return undefined;
  try {
    return known.resolve(given);
  } catch (err) {
    if (err instanceof ScenarioProblem) throw new ConfigError(err.message);
    throw err;
  }
}
