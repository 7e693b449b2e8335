import type { IncomingHttpHeaders } from 'node:http';
import type { MockError, Problem } from '../errors';
import type { FixtureCollection } from '../state/fixtures';
import type { Operation } from '../documents/operations';
import type { Session } from '../session/session';

export type { FixtureCollection } from '../state/fixtures';

/** What a handler or an authenticator sees of a request: already parsed and validated. */
export interface Call<S> {
  operation: Operation;
  params: Record<string, string>;
  query: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** The request as it came, for what must see it unparsed (a signature over it). */
  raw: { method: string; url: string; body: string | undefined };
  state: S;
  /** The credential record the caller authenticated with, when it came from the fixtures. */
  credential?: object;
  /** The caller's session (X-Mock-Session): its store, journal and faults. */
  session: Session;
  /**
   * Makes a change durable: each collection named is replaced by the new list given (built
   * from the old one, which stays untouched). Until it resolves nothing has changed; when it
   * rejects (a fixture marker, a data file that cannot be written) nothing has changed either.
   */
  commit(changes: Partial<S>): Promise<void>;
  /**
   * Names the fixture record the call is about. When that record carries `x-mock-status`, the
   * core answers that status in place of the call's success (before a commit, or before a
   * 2xx goes out); a failure found on the way still wins.
   */
  about(record: object): void;
  /** The record `about` named, if any. */
  subject?: object;
}

export interface Reply {
  status: number;
  /** Sent as JSON; or as it is, when `contentType` is given (a text body). */
  body: unknown;
  /** A body that is not JSON (Django's HTML 404 page): its media type, and the body is its text. */
  contentType?: string;
  headers?: Record<string, string>;
  /** The mock's own answer about its controls: sent without the document's check. */
  aboutTheMock?: boolean;
  /** The mock's own failure in the vendor's shape: sent, but not counted as the vendor's outcome. */
  mockFailure?: boolean;
}

export interface OperationHandler<S> {
  /** A write is refused to read-only credentials, and runs alone in its session's line. */
  writes: boolean;
  /** False for an operation that touches no session (health): it never waits for a turn. */
  inTurn?: boolean;
  handle(call: Call<S>): Reply | Promise<Reply>;
}

/** The only place a vendor's wording and body shape live. */
export interface Envelope {
  fromProblem(problem: Problem): MockError;
  render(error: MockError): { body: unknown; headers?: Record<string, string>; contentType?: string };
  /**
   * A top-level field of error bodies that repeats the answer's X-Request-Id (Huawei's API
   * gateway's `request_id`): wherever such a body comes from (render, the document's
   * example), it goes out carrying this answer's id.
   */
  requestIdField?: string;
  /** The Content-Type of its JSON answers, where the vendor's differs from `application/json; charset=utf-8`. */
  jsonContentType?: string;
}

/** A vendor API: its document, fixtures, auth, handlers and error envelope. */
export interface VendorPack<S> {
  name: string;
  specFile: string;
  /** OpenAPI Overlay files applied over the document, in order (a vendor release's own departures from it). */
  overlays?: string[];
  /** Whether a request path belongs to this vendor (its unknown routes answer in its shape). */
  owns(path: string): boolean;
  /** Whether Prefer, faults, latency and the journal apply (vendor APIs yes, the admin API no). */
  controlled: boolean;
  /** Query parameters the document does not list: the vendors ignore them (cache-busters), the admin API refuses them. */
  unknownQuery: 'ignore' | 'refuse';
  /** Which value of a repeated query parameter the service reads; without it, a repeat is invalid. */
  repeatedQuery?: 'last';
  /** Rules between records that no schema can say; returns what is wrong with the pack's state, if anything. */
  checkRules?(state: S): string | undefined;
  fixtures: Record<keyof S & string, FixtureCollection>;
  /** Where its fixture files are when they are not `<--fixtures>/<name>/` (a pack kept outside the package). */
  fixturesDir?: string;
  envelope: Envelope;
  /**
   * Throws a MockError when the credentials do not allow the call; runs before validation.
   * Returns the fixture record of the credential, whose `x-mock-status` then forces every
   * answer that would otherwise succeed.
   */
  authenticate(call: Call<S>, writes: boolean): object | undefined;
  handlers: Record<string, OperationHandler<S>>;
  /**
   * Whether credentials are checked before the method (Django REST framework's APIView
   * authenticates in `initial()` and only then looks up the handler): a method the path does
   * not serve is then a 405 only for a caller who authenticated. Otherwise the 405 comes first,
   * as an API gateway routes before it authenticates.
   */
  authBeforeMethod?: boolean;
  /**
   * The vendor's own URL patterns, where they are narrower than the document's templates
   * (Django's `re_path`: no trailing slash, a parameter's characters): a path they refuse is
   * no route at all, answered before credentials. Takes the path as the client sent it.
   */
  resolves?(path: string): boolean;
  /**
   * Headers the vendor's framework puts on every answer of a path it routes, whatever the
   * answer (Django REST framework's `Allow` with the view's methods, and `Vary: Accept`).
   */
  routedHeaders?(path: string): Record<string, string>;
  /**
   * Reads the body itself, from its bytes, for the operations that take one and only when the
   * call gets that far (Django REST framework parses `request.data` when the view first reads
   * it): returns the body the document's validator and the handler then see, or throws the
   * vendor's error. With it, the body reaches the pack unparsed, whatever its media type.
   */
  readBody?(call: Call<S>, sent: SentBody): unknown | Promise<unknown>;
}

/** A request body as it came, for a pack that reads bodies itself. */
export interface SentBody {
  /** The bytes, or undefined when no body came. */
  bytes: Buffer | undefined;
  headers: IncomingHttpHeaders;
  /** The call goes to a provider (`--proxy`): rules that read the mock's own state (a taken name) do not apply. */
  forwarding: boolean;
  /** The operation's JSON body schema from the document, with the document's $refs resolvable. */
  schema: unknown;
  resolve<T>(node: T | { $ref: string }): T;
}
