import { FaultSet } from './faults';
import { Journal } from './journal';
import { Store, type Persistence, type StateData } from './store';

/** One caller's world: its own state, journal and faults, started from the fixtures. */
export class Session {
  readonly store: Store;
  readonly journal: Journal;
  readonly faults = new FaultSet();

  constructor(readonly name: string, seed: StateData, journalLimit: number, persistence?: Persistence) {
    this.store = new Store(seed, persistence);
    this.journal = new Journal(journalLimit);
  }

  async reset(): Promise<void> {
    await this.store.reset();
    this.journal.clear();
    this.faults.clear();
  }
}

export const SESSION_HEADER = 'x-mock-session';
export const DEFAULT_SESSION = 'default';
const SESSION_NAME = /^[A-Za-z0-9._:-]{1,64}$/;

export class SessionError extends Error {
  override name = 'SessionError';
}

/** Sessions by name, made on first use; requests without the header share the default one. */
export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();
  readonly default: Session;

  /** Only the default session is kept in the data file: named sessions are scratch space for tests. */
  constructor(
    private readonly seed: StateData,
    private readonly journalLimit: number,
    persistence?: Persistence,
  ) {
    this.default = new Session(DEFAULT_SESSION, seed, journalLimit, persistence);
    this.sessions.set(DEFAULT_SESSION, this.default);
  }

  get(name: string): Session {
    let session = this.sessions.get(name);
    if (!session) {
      session = new Session(name, this.seed, this.journalLimit);
      this.sessions.set(name, session);
    }
    return session;
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
