import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { PACKAGE_ROOT } from '../core/documents/paths';
import { readYamlFile } from '../core/documents/yaml-file';
import { prepareScenario } from './check';
import { ScenarioProblem, type ScenarioContext, type SessionStart } from './scenario';

/** The scenarios that come with the mock, for the common error paths of its APIs. */
export const BUILT_IN_SCENARIOS = join(PACKAGE_ROOT, 'scenarios');
const SCENARIO_FILE = /\.(ya?ml|json)$/i;

export interface ScenarioEntry {
  name: string;
  description: string;
  source: 'built-in' | 'folder';
  problem: string | null;
  file: string;
  /** What applying it gives a session, or why it cannot be applied. */
  outcome: SessionStart | ScenarioProblem;
}

/** A scenario file read and checked; a file that cannot be read names its place, never its content. */
export function readScenarioFile(file: string, context: ScenarioContext): SessionStart & { description: string } {
  let raw: unknown;
  try {
    raw = readYamlFile(file);
  } catch (err) {
    // The first line only: YAML's code frame would quote the file.
    throw new ScenarioProblem(file, '', `cannot be read as YAML or JSON (${(err as Error).message.split('\n')[0]})`);
  }
  const start = prepareScenario(raw, file, context);
  return { ...start, description: (raw as { description?: string }).description ?? '' };
}

/**
 * The scenarios the mock knows: the built-in ones that fit the APIs it serves, then those of
 * --scenarios, whose folder is listed afresh each time so a file saved while the mock runs is
 * there at once. A folder's scenario of a built-in one's name takes its place. A file is read
 * and checked again only when its size or time changed: checking a scenario checks the whole
 * state it makes, which at 10,000 records took 230 ms a listing.
 */
export class ScenarioLibrary {
  private readonly checked = new Map<string, { stamp: string; entry: ScenarioEntry }>();

  constructor(private readonly context: ScenarioContext, private readonly folder: string | undefined) {}

  list(): ScenarioEntry[] {
    const own = this.folder ? this.entriesOf(this.folder, 'folder') : [];
    const taken = new Set(own.map((e) => e.name));
    // A built-in scenario for an API this mock does not serve (a test's own packs) is left out, not listed as broken.
    const builtIn = this.entriesOf(BUILT_IN_SCENARIOS, 'built-in').filter((e) => e.problem === null && !taken.has(e.name));
    return [...builtIn, ...own];
  }

  private entriesOf(folder: string, source: ScenarioEntry['source']): ScenarioEntry[] {
    let files: string[];
    try {
      files = readdirSync(folder).filter((f) => SCENARIO_FILE.test(f)).sort();
    } catch {
      return [];
    }
    return files.map((name) => {
      const file = join(folder, name);
      const stamp = statStamp(file);
      const known = this.checked.get(file);
      if (known && stamp !== undefined && known.stamp === stamp) return known.entry;
      const entry = this.entryOf(file, name, source);
      if (stamp !== undefined) this.checked.set(file, { stamp, entry });
      return entry;
    });
  }

  private entryOf(file: string, name: string, source: ScenarioEntry['source']): ScenarioEntry {
    try {
      const start = readScenarioFile(file, this.context);
      return { name: start.name, description: start.description, source, problem: null, file, outcome: start };
    } catch (err) {
      if (!(err instanceof ScenarioProblem)) throw err;
      return { name: basename(name, extname(name)), description: '', source, problem: err.message, file, outcome: err };
    }
  }

  find(name: string): ScenarioEntry | undefined {
    return this.list().find((e) => e.name === name);
  }
}

/** A file's size and time to the nanosecond: what tells a saved file from the one checked before. */
function statStamp(file: string): string | undefined {
  try {
    const s = statSync(file, { bigint: true });
    return `${s.size}:${s.mtimeNs}`;
  } catch {
    return undefined;
  }
}
