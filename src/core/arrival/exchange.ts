// arrival/: what a request is as soon as its headers are read. Its Exchange, the one record of its
// facts that the later stages fill in and read (exchange.ts); its request id (request-id.ts); CORS
// and the admin API's paths (cors.ts, admin-paths.ts); the headers that carry credentials
// (credentials.ts); a page's trailing slash (slash-redirect.ts); whether the app still takes
// work or drains (readiness.ts).
// May import: errors.ts, documents/, state/, session/. Never respond/ or any later layer.

import type { Request, Response } from 'express';
import type { Socket } from 'node:net';
import type { Problem } from '../errors';
import type { Operation, RouteMatch } from '../documents/operations';
import type { Violation } from '../documents/ajv-pointers';
import type { Session } from '../session/session';
import type { Forced } from '../session/journal';
import type { Turn } from '../session/turns';

type EndHook = (outcome: Outcome) => void;

interface Waiting {
  started: number;
  run: EndHook;
}

/**
 * One request's facts, from its arrival to the end of its answer, in one typed record that
 * the steps fill in and the journal and the log read: which session and operation it was,
 * what it sent, how its answer came about, what was answered, and who waits for its end.
 */
export class Exchange {
  session: string | null = null;
  operationId: string | null = null;
  /** The operation and path parameters, once known: the error path renders by them. */
  operation: Operation | undefined;
  params: Record<string, string> = {};
  /** A body the parser could not read, raised in the vendor's order of checks. */
  bodyProblem: Problem | undefined;
  /** Why the answer was not the service's own. */
  forced: Forced | undefined;
  /** The network fault the client saw instead of an answer. */
  networkFault: string | undefined;
  /** No body was sent; the empty object it was read as is the mock's own. */
  nothingSent = false;
  /** With nothingSent: the content type the client did send, if any (the mock's own replaced it). */
  contentTypeSent: string | undefined;
  /** The bytes as they came, for a pack that reads bodies itself (the proxy forwards them unchanged). */
  requestBytes: Buffer | undefined;
  /** The request's body as sent (decoded), which the journal keeps rather than the parsed form. */
  requestText: string | undefined;
  /** The answer's body as sent. */
  responseText: string | undefined;
  /** The answer is the mock's own (a usage error, its own failure), not an outcome of the vendor's: coverage leaves it out. */
  mockOwn = false;
  /** With a provider behind the mock (--proxy): where the call and its answer differ from the document. */
  violations: Violation[] | undefined;
  /** What runs once the response is over; one listener serves them all. */
  hooks: Waiting[] | undefined;
  /** What the API that claimed the request learnt of it on arrival. */
  arrival: Arrival | undefined;

  /** The request's body as it was sent, when one was: what recordings digest and match. */
  get sentBody(): Buffer | undefined {
    if (this.requestBytes) return this.requestBytes;
    return this.requestText === undefined || this.nothingSent ? undefined : Buffer.from(this.requestText);
  }
}

/** What is known of a request as soon as its headers are read: its API, session, operation and turn. */
export interface Arrival {
  api: string;
  session: Session | undefined;
  sessionProblem: Problem | undefined;
  match: RouteMatch;
  turn: Turn | undefined;
  /** The handler took the request: from then on only it lets the turn go, when it is done. */
  claimed: boolean;
}

/** Where a response holds its exchange: a property of its own, as a WeakMap of short-lived keys measured as a cost in every collection. */
const EXCHANGE = Symbol('regionmock exchange');
type Holder = Response & { [EXCHANGE]?: Exchange };

/** The exchange of a response, made on first use (a request's first step makes it). */
export function exchangeOf(res: Response): Exchange {
  return ((res as Holder)[EXCHANGE] ??= new Exchange());
}

/** How a call ended, as the journal and the log both report it: no status when no answer went out. */
export interface Outcome {
  answered: boolean;
  status: number | null;
  durationMs: number;
  forced: NonNullable<Exchange['forced']> | null;
  networkFault: string | null;
}

/**
 * Runs `hook` once the response is over, however it ends: answered, refused, dropped by a
 * network fault or abandoned by the client (a response always ends with 'close'). Its
 * `durationMs` counts from this call. All hooks of a response share one listener, as each
 * listener measured as a cost per request. A pipelined request still queued behind another
 * has no socket of its own yet, and its response never closes if the connection drops
 * first: for it alone the connection's close is watched too.
 */
export function whenOver(req: Request, res: Response, hook: EndHook): void {
  const waiting = { started: performance.now(), run: hook };
  const exchange = exchangeOf(res);
  if (exchange.hooks) return void exchange.hooks.push(waiting);
  const all: Waiting[] = [waiting];
  exchange.hooks = all;
  let unwatch: (() => void) | undefined;
  const over = () => {
    unwatch?.();
    res.off('close', over);
    const ended = performance.now();
    const { forced, networkFault } = exchange;
    const answered = res.writableFinished && !networkFault;
    for (const { started, run } of all) {
      run({
        answered,
        status: answered ? res.statusCode : null,
        durationMs: Math.round((ended - started) * 100) / 100,
        forced: forced ?? null,
        networkFault: networkFault ?? null,
      });
    }
  };
  res.once('close', over);
  if (!res.socket) unwatch = whenConnectionCloses(req.socket, over);
}

/** Calls still queued on a connection (pipelined), run when it closes: one listener per connection, however many. */
const queued = new WeakMap<Socket, Set<() => void>>();

function whenConnectionCloses(socket: Socket, run: () => void): () => void {
  let waiting = queued.get(socket);
  if (!waiting) {
    const all = new Set<() => void>();
    socket.once('close', () => {
      for (const waiter of [...all]) waiter();
    });
    queued.set(socket, all);
    waiting = all;
  }
  waiting.add(run);
  return () => waiting.delete(run);
}
