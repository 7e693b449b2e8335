// session/: one caller's world (X-Mock-Session) and what it holds: its state (a store from
// state/), its line of turns (turns.ts), its faults and the connection gate they share
// (faults.ts, network-gate.ts), its journal and the journals' byte budget (journal.ts,
// journal-budget.ts). The holdings live here, beneath the stages that use them (control/,
// record/), because a session is made of them and those stages reach them through it.
// May import: errors.ts, documents/, state/. Never arrival/ or any later layer.

import type { Adapter } from 'lowdb';
import { FaultSet, type DelayRange, type FaultSpec } from './faults';
import { RecordedAnswers, type RecordedAnswer } from './recorded';
import type { NetworkGate } from './network-gate';
import { Journal, type JournalBudget } from './journal';
import { Store, type StateData } from '../state/store';
import { TurnQueue } from './turns';

/** What every session is made with: the fixtures it starts from and the limits it keeps. */
export interface SessionSettings {
  seed: StateData;
  journalLimit: number;
  journalBudget: JournalBudget;
  maxFaults: number;
  /** Shared by every session's faults: keeps connections fresh while a network fault waits. */
  networkGate?: NetworkGate;
  /** Header names whose values the journal masks. */
  credentialHeaders: ReadonlySet<string>;
}

/** Where the default session starts, and where it keeps its state beyond memory (with --data). */
export interface Persistence {
  adapter?: Adapter<StateData>;
  initial: StateData;
}

/** How a session starts over: a state (the fixtures when none), faults with their counts so far, latency and recorded answers. */
export interface Beginning {
  state?: StateData;
  faults: Array<{ spec: FaultSpec; used: { matched: number; fired: number } }>;
  latency: DelayRange | undefined;
  recorded: readonly RecordedAnswer[];
}

/** One caller's world: its own state, journal and faults, started from the fixtures. */
export class Session {
  readonly store: Store;
  readonly journal: Journal;
  readonly faults: FaultSet;
  readonly turns = new TurnQueue();
  /** Calls of this session that arrived and are not over yet. */
  calls = 0;
  /** A scenario's latency for this session's vendor answers, in place of the global one. */
  latency: DelayRange | undefined;
  /** A scenario's recorded answers, played before the handler to the calls they match. */
  recorded = new RecordedAnswers();
  /** The recorded answers played so far: a call the provider answered differently over time gets its answers in turn. */
  private played = new WeakSet<RecordedAnswer>();
  /**
   * What a pack remembers of this session's calls beyond its state (a gateway's count of
   * failed signatures): kept in memory only, never written or shown, and cleared by a reset.
   */
  private readonly memory = new Map<string, unknown>();

  constructor(readonly name: string, settings: SessionSettings, persistence?: Persistence) {
    this.store = new Store(settings.seed, persistence?.adapter, persistence?.initial);
    this.journal = new Journal(settings.journalLimit, settings.journalBudget, settings.credentialHeaders);
    this.faults = new FaultSet(settings.maxFaults, settings.networkGate);
  }

  /** Back to the fixtures, with nothing of its own. */
  reset(): Promise<void> {
    return this.begin({ faults: [], latency: undefined, recorded: [] });
  }

  /**
   * A fresh start from a given beginning (a scenario): as a reset, then its state, faults,
   * latency and recorded answers. State first: when it cannot be written, nothing else changes.
   */
  async begin(start: Beginning): Promise<void> {
    await (start.state ? this.store.replace(start.state) : this.store.reset());
    this.holdOnly(start);
  }

  /** Everything but the state as a beginning gives it: the default session's, when its state was given at start-up. */
  holdOnly(start: Omit<Beginning, 'state'>): void {
    this.journal.clear({ restartIds: true });
    this.faults.clear();
    this.memory.clear();
    for (const { spec, used } of start.faults) this.faults.add(spec, used);
    this.latency = start.latency;
    this.recorded = new RecordedAnswers(start.recorded);
    this.played = new WeakSet();
  }

  /**
   * Of the recorded answers a call matches, the first not played yet, else the last: a GET
   * recorded before and after a change answers as it did then, in that order.
   */
  playRecorded(matching: readonly RecordedAnswer[]): RecordedAnswer | undefined {
    const answer = matching.find((a) => !this.played.has(a)) ?? matching.at(-1);
    if (answer) this.played.add(answer);
    return answer;
  }

  /** The pack's own memory under `key`, made on first use. */
  remembered<T>(key: string, make: () => T): T {
    if (!this.memory.has(key)) this.memory.set(key, make());
    return this.memory.get(key) as T;
  }

  /** Holds nothing a fresh session would not: dropping it cannot be seen by any client. */
  get pristine(): boolean {
    return this.calls === 0 && this.turns.idle && this.store.pristine && this.journal.pristine && this.faults.list().length === 0 && this.memory.size === 0 && this.latency === undefined && this.recorded.size === 0;
  }
}

export const SESSION_HEADER = 'x-mock-session';
export const DEFAULT_SESSION = 'default';
const SESSION_NAME = /^[A-Za-z0-9._:-]{1,64}$/;

export class SessionError extends Error {
  override name = 'SessionError';
}

/**
 * Sessions by name, made on first use; requests without the header share the default one.
 * At most `maxSessions` named sessions live at once. At the limit, a session that holds
 * nothing of its own (never used since its reset, nothing in flight) makes room, which no
 * client can tell from a fresh one; when there is none, a new name is refused.
 */
export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();
  readonly default: Session;

  /** Only the default session is kept in the data file: named sessions are scratch space for tests. */
  constructor(
    private readonly settings: SessionSettings,
    private readonly maxSessions: number,
    persistence?: Persistence,
  ) {
    this.default = new Session(DEFAULT_SESSION, settings, persistence);
  }

  get(name: string): Session {
    if (name === DEFAULT_SESSION) return this.default;
    let session = this.sessions.get(name);
    if (!session) {
      if (this.sessions.size >= this.maxSessions && !this.makeRoom()) {
        throw new SessionError(
          `X-Mock-Session "${name}" would be a session beyond the limit of ${this.maxSessions} (--max-sessions); reset a session you are done with (POST /__admin/reset) to free its place`,
        );
      }
      session = new Session(name, this.settings);
      this.sessions.set(name, session);
    }
    return session;
  }

  /** How many named sessions live now. */
  get size(): number {
    return this.sessions.size;
  }

  private makeRoom(): boolean {
    for (const [name, session] of this.sessions) {
      if (session.pristine) return this.sessions.delete(name);
    }
    return false;
  }

  /** The session a request names in X-Mock-Session; throws SessionError on a name it cannot be. */
  forHeader(value: string | string[] | undefined): Session {
    if (value === undefined) return this.default;
    const name = Array.isArray(value) ? value[0] : value;
    if (!SESSION_NAME.test(name)) {
      throw new SessionError(`X-Mock-Session must be 1 to 64 characters of letters, digits and . _ : -, got "${name.slice(0, 80)}"`);
    }
    return this.get(name);
  }
}
