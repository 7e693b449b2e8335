import type { Response } from 'express';

/** Marks on the response that the journal and the log read once the exchange is over. */
export interface ExchangeMarks {
  forced?: 'prefer' | 'fault' | 'fixture';
  networkFault?: string;
  /** No body was sent; the empty object it was read as is the mock's own. */
  nothingSent?: boolean;
  /** The answer's body as sent, for the journal to count and, when too large, cut. */
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
 * listener measured as a cost per request.
 */
export function whenOver(res: Response, hook: EndHook): void {
  const waiting = { started: performance.now(), run: hook };
  const hooks = res.locals.endHooks as Waiting[] | undefined;
  if (hooks) return void hooks.push(waiting);
  const all: Waiting[] = [waiting];
  res.locals.endHooks = all;
  res.once('close', () => {
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
  });
}
