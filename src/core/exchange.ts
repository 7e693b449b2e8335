import type { Response } from 'express';

/** Marks on the response that the journal and the log read once the exchange is over. */
export interface ExchangeMarks {
  forced?: 'prefer' | 'fault' | 'fixture';
  networkFault?: string;
}

export function marks(res: Response): ExchangeMarks {
  return (res.locals.marks ??= {}) as ExchangeMarks;
}

/** How a call ended, as the journal and the log both report it: no status when no answer went out. */
export interface Outcome {
  answered: boolean;
  status: number | null;
  durationMs: number;
  forced: 'prefer' | 'fault' | 'fixture' | null;
  networkFault: string | null;
}

type EndHook = (outcome: Outcome) => void;

interface Exchange {
  started: number;
  hooks: EndHook[];
}

/** Marks when the exchange began; called once, as the request arrives. */
export function beginExchange(res: Response): void {
  res.locals.exchange = { started: performance.now(), hooks: [] } satisfies Exchange;
}

/**
 * Runs `hook` once the response is over, however it ends: answered, refused, dropped by a
 * network fault or abandoned by the client (a response always ends with 'close'). All hooks
 * share one listener and one outcome, as each listener measured as a cost per request.
 */
export function whenOver(res: Response, hook: EndHook): void {
  const exchange = (res.locals.exchange ??= { started: performance.now(), hooks: [] }) as Exchange;
  exchange.hooks.push(hook);
  if (exchange.hooks.length > 1) return;
  res.once('close', () => {
    const outcome = outcomeOf(res, exchange.started);
    for (const run of exchange.hooks) run(outcome);
  });
}

function outcomeOf(res: Response, started: number): Outcome {
  const { forced, networkFault } = marks(res);
  const answered = res.writableFinished && !networkFault;
  return {
    answered,
    status: answered ? res.statusCode : null,
    durationMs: Math.round((performance.now() - started) * 100) / 100,
    forced: forced ?? null,
    networkFault: networkFault ?? null,
  };
}
