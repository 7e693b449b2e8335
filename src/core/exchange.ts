import type { Request, Response } from 'express';
import type { Socket } from 'node:net';

/** Marks on the response that the journal and the log read once the exchange is over. */
export interface ExchangeMarks {
  forced?: 'prefer' | 'fault' | 'fixture';
  networkFault?: string;
  /** No body was sent; the empty object it was read as is the mock's own. */
  nothingSent?: boolean;
  /** With nothingSent: the content type the client did send, if any (the mock's own replaced it). */
  contentTypeSent?: string;
  /** The request's body as sent (decoded), which the journal keeps rather than the parsed form. */
  requestText?: string;
  /** The answer's body as sent, for the journal to keep and, when too large, cut. */
  responseText?: string;
}

export function marks(res: Response): ExchangeMarks {
  return (res.locals.marks ??= {}) as ExchangeMarks;
}

/** How a call ended, as the journal and the log both report it: no status when no answer went out. */
export interface Outcome {
  answered: boolean;
  status: number | null;
  durationMs: number;
  forced: NonNullable<ExchangeMarks['forced']> | null;
  networkFault: string | null;
}

type EndHook = (outcome: Outcome) => void;

interface Waiting {
  started: number;
  run: EndHook;
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
  const hooks = res.locals.endHooks as Waiting[] | undefined;
  if (hooks) return void hooks.push(waiting);
  const all: Waiting[] = [waiting];
  res.locals.endHooks = all;
  let unwatch: (() => void) | undefined;
  const over = () => {
    unwatch?.();
    res.off('close', over);
    const ended = performance.now();
    const { forced, networkFault } = marks(res);
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
